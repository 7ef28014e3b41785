package ru.diarybridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * A standalone persistent Artemis broker for the chaos run, meant to run as its own JVM so that it can be stopped
 * and started under the application: {@code StandaloneBroker <port> <data-dir> <queue-prefix> <max-delivery-attempts>
 * <redelivery-delay-ms>}. AIO journal where libaio loads ({@code -Djava.library.path=app/target/native}), NIO
 * otherwise. The delivery queues get the address-settings the application gives its embedded broker
 * ({@code DiaryBridgeConfiguration.deliveryAddressSettings}): an external broker must be configured alike, else a
 * batch that fails too often is dropped instead of going to DLQ. Prints {@code READY} once it accepts connections.
 */
public final class StandaloneBroker {

    private StandaloneBroker() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        String prefix = args[2];
        int attempts = Integer.parseInt(args[3]);
        long delay = Long.parseLong(args[4]);
        ConfigurationImpl cfg = new ConfigurationImpl();
        cfg.setName("chaos-broker");
        cfg.setPersistenceEnabled(true);
        cfg.setSecurityEnabled(false);
        cfg.setJournalType(JournalType.ASYNCIO); // falls back to NIO by itself where libaio is missing
        cfg.setJournalDirectory(dir.resolve("journal").toString());
        cfg.setBindingsDirectory(dir.resolve("bindings").toString());
        cfg.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        cfg.setPagingDirectory(dir.resolve("paging").toString());
        cfg.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        cfg.addAddressSetting(prefix + "#", new AddressSettings()
                .setRedeliveryDelay(delay)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(delay * 16)
                .setMaxDeliveryAttempts(attempts)
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setMaxSizeBytes(8L * 1024 * 1024)
                .setAddressFullMessagePolicy(org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy.PAGE)
                .setPageSizeBytes(1024 * 1024)
                .setMaxReadPageBytes(512 * 1024)
                .setMaxReadPageMessages(2)
                .setPrefetchPageBytes(256 * 1024)
                .setPrefetchPageMessages(1));
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(cfg);
        broker.start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(StandaloneBroker.class).error("broker did not stop cleanly", e);
            }
            stop.countDown();
        }));
        System.out.println("READY journal=" + broker.getActiveMQServer().getConfiguration().getJournalType()
                + " port=" + port);
        System.out.flush();
        stop.await();
    }

    /** The broker as a child process of the caller, on the caller's class path. */
    static final class Child implements AutoCloseable {
        private final List<String> cmd;
        private final Path log;
        private Process process;

        Child(int port, Path dir, String prefix, int attempts, long delayMs) throws IOException {
            Files.createDirectories(dir);
            this.log = dir.resolve("broker.out");
            this.cmd = List.of("java", "-Xmx512m", "-Djava.library.path=app/target/native",
                    "-cp", System.getProperty("java.class.path"), StandaloneBroker.class.getName(),
                    Integer.toString(port), dir.toString(), prefix, Integer.toString(attempts), Long.toString(delayMs));
        }

        void start() throws IOException, InterruptedException {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited with " + process.exitValue() + "; see " + log);
                }
                if (Files.readString(log).lines().anyMatch(l -> l.startsWith("READY"))
                        && Files.readString(log).lines().filter(l -> l.startsWith("READY")).count() > starts) {
                    starts++;
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the broker did not start in 2 minutes; see " + log);
        }

        private long starts;

        /** Stops it as an operator would (SIGTERM: the broker closes its journal). */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        void kill() {
            if (process != null) {
                process.destroyForcibly();
            }
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null && process.isAlive()) {
                stop();
            }
        }
    }
}
