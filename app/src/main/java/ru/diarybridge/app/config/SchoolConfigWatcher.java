package ru.diarybridge.app.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.routes.SchoolRoutes;
import ru.diarybridge.routes.school.SchoolRegistry;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * Reloads the school files without a restart. A {@link WatchService} on the schools folder notices a created,
 * changed or deleted file; the folder is then validated again and only the schools whose file content changed are
 * touched: their routes are removed and re-added from the route templates with the new settings. A file that no
 * longer validates leaves the school's previous good configuration running and marks the school misconfigured with
 * the messages; a deleted file removes the school's routes.
 */
public class SchoolConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchoolConfigWatcher.class);

    private final SchoolConfigLoader loader;
    private final SchoolRegistry registry;
    private final CamelContext camel;
    private final Path dir;
    private final boolean scheduled;
    private final String queuePrefix;
    private final Map<String, String> applied = new HashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile WatchService watch;
    private volatile Thread thread;

    /** @param scheduled whether the Quartz schedules run (off in {@code --once}) */
    public SchoolConfigWatcher(SchoolConfigLoader loader, SchoolRegistry registry, CamelContext camel, Path dir,
                               boolean scheduled, String queuePrefix) {
        this.queuePrefix = queuePrefix;
        this.loader = loader;
        this.registry = registry;
        this.camel = camel;
        this.dir = dir;
        this.scheduled = scheduled;
        for (SchoolSettings s : registry.schools()) {
            if (s.sourceFile() != null) {
                applied.put(s.schoolId(), hash(s.sourceFile()));
            }
        }
    }

    /** Called with the id of each school whose configuration was applied or removed by a reload. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    public synchronized void start() throws IOException {
        if (thread != null) {
            return;
        }
        watch = FileSystems.getDefault().newWatchService();
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::loop, "school-config-watcher");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Настройки школ: слежу за изменениями в {}", dir.toAbsolutePath());
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watch.take();
                // an editor writes a file in several steps: let them settle, then read the folder once
                TimeUnit.MILLISECONDS.sleep(300);
                key.pollEvents();
                key.reset();
                WatchKey more;
                while ((more = watch.poll()) != null) {
                    more.pollEvents();
                    more.reset();
                }
                try {
                    reload();
                } catch (RuntimeException e) {
                    LOG.error("Настройки школ не перечитаны: {}", e.getMessage());
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Validates the folder again and applies what changed. Safe to call directly (the console may). */
    public synchronized void reload() {
        SchoolConfigLoader.Result result = loader.loadEach(dir);
        Set<String> present = new HashSet<>();
        for (Map.Entry<Path, List<String>> bad : result.problems().entrySet()) {
            String id = SchoolConfigLoader.schoolIdOf(bad.getKey());
            present.add(id);
            boolean running = registry.school(id).isPresent();
            boolean known = registry.misconfigured(id).map(m -> m.problems().equals(bad.getValue())).orElse(false);
            applied.remove(id); // fixing the file back to the running content must apply it again
            if (known) {
                continue; // reported already
            }
            registry.misconfigured(new SchoolRegistry.Misconfigured(id, bad.getKey(), bad.getValue(), Instant.now()));
            LOG.error("Школа {}: файл {} с ошибками, {}:\n  - {}", id, bad.getKey(),
                    running ? "работает прежняя исправная настройка" : "школа не запущена",
                    String.join("\n  - ", bad.getValue()));
            listeners.forEach(l -> l.accept(id));
        }
        for (SchoolSettings s : result.schools()) {
            present.add(s.schoolId());
            String h = hash(s.sourceFile());
            boolean wasBad = registry.misconfigured(s.schoolId()).isPresent();
            if (h.equals(applied.get(s.schoolId())) && !wasBad) {
                continue;
            }
            apply(s);
            applied.put(s.schoolId(), h);
        }
        for (SchoolSettings s : registry.schools()) {
            if (!present.contains(s.schoolId())) {
                removeSchool(s.schoolId());
            }
        }
        for (SchoolRegistry.Misconfigured m : registry.misconfigured()) {
            if (!present.contains(m.schoolId())) {
                registry.remove(m.schoolId());
            }
        }
    }

    private void apply(SchoolSettings s) {
        boolean existed = registry.school(s.schoolId()).isPresent();
        try {
            SchoolRoutes.remove(camel, s.schoolId());
            registry.put(s);
            SchoolRoutes.add(camel, s, scheduled, queuePrefix);
            LOG.info("Школа {}: настройки {} из {}", s.schoolId(), existed ? "перечитаны и применены" : "загружены",
                    s.sourceFile());
        } catch (Exception e) {
            registry.misconfigured(new SchoolRegistry.Misconfigured(s.schoolId(), s.sourceFile(),
                    List.of(s.sourceFile() + ": маршруты школы не запущены: " + e.getMessage()), Instant.now()));
            LOG.error("Школа {}: маршруты не запущены: {}", s.schoolId(), e.getMessage());
        }
        listeners.forEach(l -> l.accept(s.schoolId()));
    }

    private void removeSchool(String id) {
        try {
            SchoolRoutes.remove(camel, id);
        } catch (Exception e) {
            LOG.error("Школа {}: маршруты не остановить: {}", id, e.getMessage());
        }
        registry.remove(id);
        applied.remove(id);
        LOG.info("Школа {}: файл удалён, синхронизация школы остановлена", id);
        listeners.forEach(l -> l.accept(id));
    }

    private static String hash(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return "unreadable";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
        if (watch != null) {
            watch.close();
        }
    }
}
