package ru.diarybridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * The chaos run (issue 9, «Chaos»): a region of ~100,000 records through the application jar on PostgreSQL and a
 * standalone Artemis broker, to a light Dnevnik.ru that answers a share of 5xx, a share of timeouts (applied, then
 * answered after the client gave up) and bursts of 429; meanwhile the application is killed with SIGKILL three
 * times at random points of the delivery, the broker is restarted once (and the exports dropped again, so that
 * what is still undelivered is published anew through the senders' broken connection) and PostgreSQL once. When the outbox is
 * empty and the target quiet, the target's content is compared with the region's journals: marks and attendance
 * missing there are lost, a second create of the same lesson / work / mark / log entry or a surplus entry is a
 * duplicate. Exits 1 unless both are 0. Options: {@code --schools N} (15), {@code --seed S}, {@code --calm} (no
 * faults, no kills: a calibration of the comparison), {@code --converge-minutes M} (40), {@code --server-errors}
 * and {@code --timeouts} (shares of the target's calls: 0.20 and 0.05).
 */
public final class ChaosRun {

    static final String PG = RegionBench.PG;
    static final String PREFIX = "diary-bridge.dnevnik.";

    /**
     * What the chaos needs from the adapter's settings. Per call 25 % of the target's answers fail, so a batch of
     * hundreds of records takes dozens of attempts, each keeping what it delivered: in-place retries must be many
     * and short, and the broker's attempts many, so that no batch reaches the DLQ because of injected faults alone.
     */
    record Options(int schools, long seed, boolean calm, double serverErrors, double timeouts, int clientTimeout,
                   long hangMillis, int deliveryRetries, String deliveryRetryDelay, int maxDeliveryAttempts,
                   String redeliveryDelay, int convergeMinutes) {
        static Options parse(String[] args) {
            int schools = 15; // ~6,750 records read per school: 15 schools ≈ 101,000 records
            long seed = System.currentTimeMillis() % 100_000;
            boolean calm = false;
            int converge = 40;
            double serverErrors = 0.20;
            double timeouts = 0.05;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--schools" -> schools = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--calm" -> calm = true;
                    case "--converge-minutes" -> converge = Integer.parseInt(args[++i]);
                    case "--server-errors" -> serverErrors = Double.parseDouble(args[++i]);
                    case "--timeouts" -> timeouts = Double.parseDouble(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--schools N | --seed S | --calm | --converge-minutes M | --server-errors share"
                            + " | --timeouts share)");
                }
            }
            return new Options(schools, seed, calm, serverErrors, timeouts, 1, 1_500, 100_000, "2ms", 1_000, "1s", converge);
        }
    }

    private final Options o;
    private final Path work;
    private final String schema;
    private final Map<String, String> results = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final long t0 = System.nanoTime();
    private LightDnevnik dnevnik;
    private StandaloneBroker.Child broker;
    private int brokerPort;
    private Process app;
    private int appStarts;

    private ChaosRun(Options o) throws IOException {
        this.o = o;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        this.work = Files.createDirectories(Path.of("bench/target/chaos-" + stamp).toAbsolutePath());
        this.schema = "chaos_" + stamp.replace("-", "_");
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new ChaosRun(Options.parse(args)).run() ? 0 : 1;
        } catch (Exception | Error e) {
            org.slf4j.LoggerFactory.getLogger(ChaosRun.class).error("chaos run failed", e);
            status = 2;
        }
        System.exit(status);
    }

    private boolean run() throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        if (!Files.exists(Path.of("app/target/diary-bridge.jar"))) {
            throw new IllegalStateException("build the application first: ./mvnw -B -q -pl app,bench -am -DskipTests package");
        }
        say("work dir " + work + ", schema " + schema + ", seed " + o.seed() + (o.calm() ? ", CALM (no chaos)" : ""));
        // the application restarts from its own copy: a build during the run must not swap the jar under it
        Files.createDirectories(work);
        Files.copy(Path.of("app/target/diary-bridge.jar"), work.resolve("diary-bridge.jar"));
        exec("CREATE SCHEMA " + schema);
        boolean ok = false;
        // a chaos run stopped from outside must not leave its broker and application behind
        Thread reaper = new Thread(() -> {
            if (app != null) {
                app.destroyForcibly();
            }
            if (broker != null) {
                broker.kill();
            }
        });
        Runtime.getRuntime().addShutdownHook(reaper);
        try (LightDnevnik target = LightDnevnik.start(0)) {
            dnevnik = target;
            List<BenchRegion.School> region = BenchRegion.seed(o.schools(), RegionBench.WEEK, work, dnevnik,
                    o.clientTimeout());
            Expected expected = Expected.of(region);
            results.put("schools", Integer.toString(o.schools()));
            results.put("expected at the target: marks / attendance entries", expected.marks + " / "
                    + expected.attendance);
            brokerPort = RegionBench.freePort();
            broker = new StandaloneBroker.Child(brokerPort, work.resolve("broker"), PREFIX, o.maxDeliveryAttempts(),
                    Duration.parse("PT" + o.redeliveryDelay().toUpperCase()).toMillis());
            broker.start();
            say("broker up, pid " + broker.pid());
            startApp();
            if (!o.calm()) {
                dnevnik.faults(new LightDnevnik.Faults(o.serverErrors(), o.timeouts(), o.hangMillis(), 30_000, 2_000,
                        1, o.seed()));
            }
            long started = System.nanoTime();
            RegionBench.dropAll(o.schools(), work.resolve("staging"), work, "week");
            say("exports dropped");
            awaitImported();
            if (!o.calm()) {
                chaos(expected.marks + expected.attendance);
            }
            boolean converged = converge();
            double minutes = (System.nanoTime() - started) / 60e9;
            ok = verdict(expected, converged, minutes);
        } finally {
            if (app != null) {
                app.destroy();
                if (!app.waitFor(60, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
            if (broker != null) {
                broker.close();
            }
            if (ok) {
                exec("DROP SCHEMA " + schema + " CASCADE");
            } else {
                say("schema " + schema + " kept for inspection");
            }
        }
        return ok;
    }

    // ------------------------------------------------------------------ processes

    private void startApp() throws IOException, InterruptedException {
        int port = RegionBench.freePort();
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx1g", "-Djava.library.path=app/target/native",
                "-jar", work.resolve("diary-bridge.jar").toString(),
                "--spring.profiles.active=postgres,artemis",
                "--spring.artemis.broker-url=tcp://127.0.0.1:" + brokerPort,
                "--spring.datasource.url=" + PG + "?reWriteBatchedInserts=true&currentSchema=" + schema,
                "--diary-bridge.schools-dir=" + work.resolve("schools"),
                "--diary-bridge.queue-prefix=" + PREFIX,
                "--diary-bridge.sync-on-start=false", "--diary-bridge.schedule-enabled=false",
                "--diary-bridge.config-reload=false",
                "--diary-bridge.fixed-date=" + RegionBench.WEEK,
                "--diary-bridge.dnevnik-calls-per-second=0",
                "--diary-bridge.delivery-retries=" + o.deliveryRetries(),
                "--diary-bridge.delivery-retry-delay=" + o.deliveryRetryDelay(),
                "--diary-bridge.max-delivery-attempts=" + o.maxDeliveryAttempts(),
                "--diary-bridge.redelivery-delay=" + o.redeliveryDelay(),
                "--server.port=" + port,
                "--management.endpoints.web.exposure.include=health",
                "--logging.threshold.console=WARN", "--logging.file.name=" + work.resolve("app.log")));
        app = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("app.out").toFile())).start();
        appStarts++;
        RegionBench.awaitHealthy(app, port, Duration.ofMinutes(8)); // minutes on the shared machine under load
        say("application up (start " + appStarts + "), pid " + app.pid());
    }

    private void killApp() throws InterruptedException, IOException {
        long pid = app.pid();
        app.destroyForcibly(); // SIGKILL
        app.waitFor();
        say("application killed with SIGKILL (pid " + pid + ")");
        events.add("kill -9 of the application");
        startApp();
    }

    private void restartBroker() throws IOException, InterruptedException {
        broker.stop();
        say("broker stopped");
        Thread.sleep(3_000);
        broker.start();
        say("broker started again, pid " + broker.pid());
        events.add("broker restart");
    }

    private void restartPostgres() throws IOException, InterruptedException {
        String cmd = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart";
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("PostgreSQL restart failed: " + out);
        }
        say("PostgreSQL restarted");
        events.add("PostgreSQL restart");
    }

    // ------------------------------------------------------------------ phases

    /** Waits until every export has left its inbox: all changes are in the outbox and on the broker. */
    private void awaitImported() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            long left = 0;
            for (int i = 0; i < o.schools(); i++) {
                try (Stream<Path> files = Files.list(work.resolve("inbox/bench-" + i))) {
                    left += files.filter(f -> f.getFileName().toString().endsWith(".xml")).count();
                }
            }
            if (left == 0) {
                say("all exports imported; outbox " + outbox());
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the exports were not imported in 10 minutes");
    }

    /**
     * Three kills, a broker restart and a PostgreSQL restart, in a random order at random points of the delivery
     * (share of the expected target entries present), between 10 % and 85 %.
     */
    private void chaos(long expectedEntries) throws Exception {
        Random r = new Random(o.seed());
        List<String> kinds = new ArrayList<>(List.of("kill", "kill", "kill", "broker", "postgres"));
        Collections.shuffle(kinds, r);
        List<Double> points = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            points.add(0.10 + 0.75 * r.nextDouble());
        }
        Collections.sort(points);
        say("chaos plan: " + kinds + " at " + points.stream().map(p -> String.format(Locale.ROOT, "%.0f %%", p * 100))
                .toList());
        for (int i = 0; i < kinds.size(); i++) {
            double point = points.get(i);
            while (true) {
                LightDnevnik.Stats st = dnevnik.stats();
                double done = (st.marks() + st.logEntries()) / (double) expectedEntries;
                if (done >= point) {
                    say(String.format(Locale.ROOT, "at %.1f %% delivered: %s", done * 100, kinds.get(i)));
                    break;
                }
                if (!app.isAlive()) {
                    throw new IllegalStateException("the application died by itself; see app.out");
                }
                Thread.sleep(200);
            }
            switch (kinds.get(i)) {
                case "kill" -> killApp();
                case "broker" -> {
                    restartBroker();
                    // the same exports again: what is still undelivered is published anew, through the senders'
                    // connection that the broker restart broke
                    RegionBench.dropAll(o.schools(), work.resolve("staging"), work, "again");
                    say("exports dropped again (re-import after the broker restart)");
                }
                default -> restartPostgres();
            }
        }
    }

    /** Until the outbox holds nothing pending and the target got no write for 20 s, or the time is up. */
    private boolean converge() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(o.convergeMinutes()).toNanos();
        long lastWrites = -1;
        long quietSince = System.nanoTime();
        long lastSay = 0;
        while (System.nanoTime() < deadline) {
            long writes = dnevnik.stats().writes();
            if (writes != lastWrites) {
                lastWrites = writes;
                quietSince = System.nanoTime();
            }
            Map<String, Long> ob = outbox();
            long pending = ob.getOrDefault("PENDING", 0L);
            if (pending == 0 && System.nanoTime() - quietSince > Duration.ofSeconds(20).toNanos()) {
                say("converged; outbox " + ob);
                return true;
            }
            if (System.nanoTime() - lastSay > Duration.ofSeconds(30).toNanos()) {
                LightDnevnik.Stats st = dnevnik.stats();
                say("outbox " + ob + ", target marks " + st.marks() + ", attendance " + st.logEntries()
                        + ", " + dnevnik.chaosStats());
                lastSay = System.nanoTime();
            }
            if (!app.isAlive()) {
                throw new IllegalStateException("the application died by itself; see app.out");
            }
            Thread.sleep(1_000);
        }
        say("NOT converged in " + o.convergeMinutes() + " minutes; outbox " + outbox());
        return false;
    }

    private boolean verdict(Expected expected, boolean converged, double minutes) throws IOException {
        Expected.Diff marks = expected.compareMarks(dnevnik.marks());
        Expected.Diff attendance = expected.compareAttendance(dnevnik.logEntries());
        LightDnevnik.ChaosStats cs = dnevnik.chaosStats();
        LightDnevnik.Stats st = dnevnik.stats();
        long lost = marks.missing() + attendance.missing();
        long duplicated = cs.duplicates() + marks.surplus() + attendance.surplus();
        results.put("records read / changed (sync runs)", runs());
        results.put("outbox at the end", outbox().toString());
        results.put("duration (exports dropped → converged)", String.format(Locale.ROOT, "%.1f min%s", minutes,
                converged ? "" : " (NOT converged)"));
        results.put("disruptions", o.calm() ? "none (--calm)" : String.join(", ", events));
        results.put("application starts", Integer.toString(appStarts));
        results.put("target calls / writes", st.calls() + " / " + st.writes());
        results.put("injected: 5xx / timeouts (applied, answered late) / 429", cs.injected5xx() + " / "
                + cs.injectedTimeouts() + " / " + cs.injected429());
        results.put("target: marks / attendance entries", st.marks() + " / " + st.logEntries());
        results.put("lost: marks / attendance", marks.missing() + " / " + attendance.missing());
        results.put("duplicated: lessons / works / marks+log entries refused / surplus marks / surplus attendance",
                cs.duplicateLessons() + " / " + cs.duplicateWorks() + " / " + cs.duplicateMarksOrLogEntries()
                        + " / " + marks.surplus() + " / " + attendance.surplus());
        results.put("LOST", Long.toString(lost));
        results.put("DUPLICATED", Long.toString(duplicated));
        results.put("faults per target call: 5xx / late answers / 429 bursts", o.calm() ? "none" : String.format(
                Locale.ROOT, "%.0f %% / %.0f %% (answered after %d ms) / 2 s of every 30 s", o.serverErrors() * 100,
                o.timeouts() * 100, o.hangMillis()));
        results.put("adapter settings", "delivery-retries=" + o.deliveryRetries() + ", delivery-retry-delay="
                + o.deliveryRetryDelay() + ", max-delivery-attempts=" + o.maxDeliveryAttempts()
                + ", redelivery-delay=" + o.redeliveryDelay() + ", client timeout " + o.clientTimeout() + " s"
                + ", delivery-record-retries and backfill-batches-in-flight as in config/application.yml");
        RegionBench.appendResults("chaos run: --schools " + o.schools() + " --seed " + o.seed()
                + (o.calm() ? " --calm" : ""), results);
        System.out.println("lost " + lost + ", duplicated " + duplicated);
        return converged && lost == 0 && duplicated == 0;
    }

    // ------------------------------------------------------------------ database (fresh connections: PG restarts)

    private Map<String, Long> outbox() {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (Connection db = DriverManager.getConnection(PG, "postgres", ""); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, count(*) FROM " + schema
                     + ".outbox WHERE target = 'dnevnik' GROUP BY state")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            out.put("unreadable: " + e.getClass().getSimpleName(), -1L);
        }
        return out;
    }

    private String runs() {
        try (Connection db = DriverManager.getConnection(PG, "postgres", ""); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(records_read),0), "
                     + "coalesce(sum(records_changed),0), coalesce(sum(delivered),0), coalesce(sum(rejected),0) FROM "
                     + schema + ".sync_run")) {
            rs.next();
            return rs.getLong(2) + " / " + rs.getLong(3) + " (" + rs.getLong(1) + " runs; counted delivered "
                    + rs.getLong(4) + ", rejected " + rs.getLong(5) + ")";
        } catch (SQLException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static void exec(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(PG, "postgres", ""); Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private void say(String what) {
        System.out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    // ------------------------------------------------------------------ what the target must hold

    /**
     * The region's journals as the target must show them: numeric marks and attendance of pupils with consent
     * (001 §3.1.2), keyed by school, СНИЛС, class, subject, date and lesson number.
     */
    static final class Expected {
        record Diff(long missing, long surplus) { }

        private final Map<String, List<String>> markValues = new HashMap<>();
        private final Map<String, Integer> attendanceCount = new HashMap<>();
        long marks;
        long attendance;

        static Expected of(List<BenchRegion.School> region) {
            Expected e = new Expected();
            for (BenchRegion.School s : region) {
                GeneratedSchool g = s.generated();
                for (GeneratedSchool.ExpectedMark m : g.expectedMarks()) {
                    e.markValues.computeIfAbsent(key(s.index(), m.snils(), m.className(), m.subjectName(), m.date(),
                            m.lessonNumber()), k -> new ArrayList<>()).add(m.value());
                    e.marks++;
                }
                Map<Long, GeneratedSchool.Pupil> pupils = new HashMap<>();
                g.pupils().forEach(p -> pupils.put(p.id(), p));
                Map<Long, GeneratedSchool.LessonG> lessons = new HashMap<>();
                g.lessons().forEach(l -> lessons.put(l.id(), l));
                Map<Long, String> classes = new HashMap<>();
                g.classes().forEach(c -> classes.put(c.id(), c.name()));
                for (GeneratedSchool.AttendanceG a : g.attendance()) {
                    GeneratedSchool.Pupil p = pupils.get(a.studentId());
                    if (!p.consent()) {
                        continue;
                    }
                    GeneratedSchool.LessonG l = lessons.get(a.lessonId());
                    e.attendanceCount.merge(key(s.index(), p.snils(), classes.get(l.classId()),
                            g.subject(l.subjectId()).name(), l.date(), l.number()), 1, Integer::sum);
                    e.attendance++;
                }
            }
            return e;
        }

        static String key(int school, String snils, String className, String subject, LocalDate date, int number) {
            return school + "|" + snils.replaceAll("\\D", "") + "|" + className.toUpperCase(Locale.ROOT) + "|"
                    + subject + "|" + date + "|" + number;
        }

        Diff compareMarks(List<LightDnevnik.MarkView> actual) {
            Map<String, List<String>> got = new HashMap<>();
            for (LightDnevnik.MarkView m : actual) {
                got.computeIfAbsent(key(m.school(), m.snils(), m.className(), m.subject(), m.date(), m.number()),
                        k -> new ArrayList<>()).add(m.value());
            }
            long missing = 0;
            long surplus = 0;
            for (Map.Entry<String, List<String>> e : markValues.entrySet()) {
                List<String> left = new ArrayList<>(got.getOrDefault(e.getKey(), List.of()));
                for (String v : e.getValue()) {
                    if (!left.remove(v)) {
                        missing++;
                    }
                }
                surplus += left.size();
            }
            for (Map.Entry<String, List<String>> e : got.entrySet()) {
                if (!markValues.containsKey(e.getKey())) {
                    surplus += e.getValue().size();
                }
            }
            return new Diff(missing, surplus);
        }

        Diff compareAttendance(List<LightDnevnik.LogView> actual) {
            Map<String, Integer> got = new HashMap<>();
            for (LightDnevnik.LogView l : actual) {
                got.merge(key(l.school(), l.snils(), l.className(), l.subject(), l.date(), l.number()), 1,
                        Integer::sum);
            }
            long missing = 0;
            long surplus = 0;
            for (Map.Entry<String, Integer> e : attendanceCount.entrySet()) {
                int g = got.getOrDefault(e.getKey(), 0);
                missing += Math.max(0, e.getValue() - g);
                surplus += Math.max(0, g - e.getValue());
            }
            for (Map.Entry<String, Integer> e : got.entrySet()) {
                if (!attendanceCount.containsKey(e.getKey())) {
                    surplus += e.getValue();
                }
            }
            return new Diff(missing, surplus);
        }
    }
}
