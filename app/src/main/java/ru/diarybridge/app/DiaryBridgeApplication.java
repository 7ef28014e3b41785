package ru.diarybridge.app;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * diary-bridge: school journal → regional diary. {@code --once} syncs every configured school once, prints the
 * summary and exits (non-zero when any record failed); without it the application stays up and syncs on the
 * schools' schedules.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DiaryBridgeApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(DiaryBridgeApplication.class);
        if (Arrays.asList(args).contains("--once")) {
            Map<String, Object> once = new HashMap<>();
            once.put("diary-bridge.schedule-enabled", "false");
            once.put("spring.main.web-application-type", "none");
            app.setDefaultProperties(once);
        }
        app.run(args);
    }
}
