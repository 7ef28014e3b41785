package ru.diarybridge.app.console;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real application of the demo (simulators, embedded Artemis, H2 with its Flyway schema, the demo console users)
 * on a random port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@AutoConfigureMockMvc
// one embedded broker per JVM at a time: the end-to-end tests start their own
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class ConsoleTestSupport {

    static final String OWN = "demo-107";
    static final String OTHER = "demo-eljur-76";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        int asursoPort = freePort();
        int dnevnikPort = freePort();
        int eljurPort = freePort();
        registry.add("demo.asurso-port", () -> asursoPort);
        registry.add("demo.dnevnik-port", () -> dnevnikPort);
        registry.add("demo.eljur-port", () -> eljurPort);
        String demoData = "target/demo-" + UUID.randomUUID();
        registry.add("demo.data-dir", () -> demoData);
        // a file: URI: in a servlet context a relative path would be taken for a web resource
        String schools = java.nio.file.Path.of("../config/demo/schools").toAbsolutePath().normalize().toUri().toString();
        registry.add("diary-bridge.schools-dir", () -> schools);
        registry.add("diary-bridge.sync-on-start", () -> "false");
        registry.add("diary-bridge.schedule-enabled", () -> "false");
        registry.add("diary-bridge.fixed-date", () -> "2026-11-16");
        String artemisDir = "target/artemis-" + UUID.randomUUID();
        registry.add("spring.artemis.embedded.data-directory", () -> artemisDir);
        String url = "jdbc:h2:mem:console-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        registry.add("spring.datasource.url", () -> url);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
