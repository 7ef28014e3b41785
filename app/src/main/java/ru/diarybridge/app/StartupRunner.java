package ru.diarybridge.app;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;
import ru.diarybridge.routes.sync.SyncRun;
import ru.diarybridge.routes.sync.SyncRunRepository;

/**
 * {@code --once}: sync every school, print the summary, exit 0 only when every run completed with nothing
 * rejected. {@code diary-bridge.sync-on-start}: sync every school in the background right after start.
 */
@Component
public class StartupRunner implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StartupRunner.class);

    private final SyncLauncher launcher;
    private final DiaryBridgeProperties props;
    private final ConfigurableApplicationContext context;

    public StartupRunner(SyncLauncher launcher, DiaryBridgeProperties props, ConfigurableApplicationContext context) {
        this.launcher = launcher;
        this.props = props;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (args.containsOption("once")) {
            List<SyncRun> runs = launcher.syncAll("once", props.onceTimeout());
            int code = exitCode(runs);
            runs.forEach(r -> System.out.println(r.summary()));
            System.out.println(code == 0 ? "Итог: всё доставлено." : "Итог: есть недоставленные записи (код выхода 1).");
            System.exit(SpringApplication.exit(context, () -> code));
        } else if (props.syncOnStart()) {
            Thread t = new Thread(() -> {
                try {
                    launcher.syncAll("start", props.onceTimeout());
                } catch (RuntimeException e) {
                    LOG.error("Синхронизация при запуске не удалась: {}", e.getMessage());
                }
            }, "sync-on-start");
            t.setDaemon(true);
            t.start();
        }
    }

    static int exitCode(List<SyncRun> runs) {
        boolean ok = runs.stream().allMatch(r -> r.status() == SyncRunRepository.Status.COMPLETED && r.rejected() == 0);
        return ok ? 0 : 1;
    }
}
