package ru.diarybridge.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * The name of this instance in a cluster ({@code diary-bridge.node-name}; the host name when empty, which in
 * Kubernetes is the pod name). It is logged at start and with each schedule firing, and shown at
 * {@code /actuator/info}, so the work of a cluster can be attributed to its instances.
 */
@Component
public class NodeName implements InfoContributor {

    private static final Logger LOG = LoggerFactory.getLogger(NodeName.class);
    private final String name;

    public NodeName(@Value("${diary-bridge.node-name:}") String configured) {
        this.name = configured == null || configured.isBlank() ? hostName() : configured.trim();
        LOG.info("Узел кластера: {}", name);
    }

    public String name() {
        return name;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("node", Map.of("name", name));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
