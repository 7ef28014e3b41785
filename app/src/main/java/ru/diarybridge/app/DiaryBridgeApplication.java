package ru.diarybridge.app;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import ru.diarybridge.app.config.ConfigSecrets;
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
        Integer cli = secretsCli(args, System.getenv(ConfigSecrets.KEY_VARIABLE), System.out, System.err);
        if (cli != null) {
            System.exit(cli);
        }
        SpringApplication app = new SpringApplication(DiaryBridgeApplication.class);
        if (Arrays.asList(args).contains("--once")) {
            Map<String, Object> once = new HashMap<>();
            once.put("diary-bridge.schedule-enabled", "false");
            once.put("diary-bridge.config-reload", "false");
            once.put("spring.main.web-application-type", "none");
            app.setDefaultProperties(once);
        }
        app.run(args);
    }

    /**
     * {@code --generate-key} prints a new key for {@value ConfigSecrets#KEY_VARIABLE}; {@code --encrypt <value>}
     * prints {@code ENC(...)} for a school file, encrypted with the key from that variable. Returns the exit code, or
     * null when neither option is given (then the application starts).
     */
    static Integer secretsCli(String[] args, String key, java.io.PrintStream out, java.io.PrintStream err) {
        List<String> a = Arrays.asList(args);
        if (a.contains("--generate-key")) {
            out.println(ConfigSecrets.generateKey());
            return 0;
        }
        int i = a.indexOf("--encrypt");
        if (i < 0) {
            return null;
        }
        if (i + 1 >= a.size()) {
            err.println("Укажите значение: --encrypt <пароль>");
            return 2;
        }
        try {
            out.println(ConfigSecrets.fromKey(key).encrypt(a.get(i + 1)));
            return 0;
        } catch (ConfigSecrets.SecretException e) {
            err.println(e.getMessage());
            return 2;
        }
    }
}
