package ru.diarybridge.app;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The thin flow on the embedded default: H2. */
class DemoSyncH2Test extends AbstractDemoSyncEndToEndTest {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        String url = "jdbc:h2:mem:e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        registry.add("spring.datasource.url", () -> url);
    }
}
