package ru.diarybridge.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The region benchmark. Generates N schools, gives the light Dnevnik.ru their classes, subjects and pupils, starts
 * the application jar (PostgreSQL, embedded persistent Artemis with its AIO journal) as its own process, drops
 * each school's week as an АСИОУ export into its inbox, and measures until every run has finished; then the same
 * files again (unchanged re-sync), then bare loops of HTTP, Artemis and PostgreSQL on the same machine.
 * <p>
 * Why АСИОУ files: the source is then a file, not a WireMock simulator per school (600 of them would measure
 * WireMock), while the rest of the path is the production one: the asiou-inbox route, {@code SourceSync.publish}
 * (change detection, journal store and outbox in one transaction), the Artemis queues, dnevnik-delivery.
 */
public final class RegionBench {

    static final LocalDate WEEK = LocalDate.parse("2026-11-16");
    /** The region day of {@code --day}: the Wednesday of the week. */
    static final LocalDate DAY = WEEK.plusDays(2);
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

    record Options(int schools, boolean small, int seconds, int callsPerSecond, String heap, boolean day) {
        static Options parse(String[] args) {
            int schools = 5;
            boolean small = false;
            int seconds = 10;
            int cps = 0;
            String heap = "1g";
            boolean day = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--small" -> {
                        small = true;
                        schools = 1;
                        seconds = 2;
                    }
                    case "--schools" -> schools = Integer.parseInt(args[++i]);
                    case "--bare-seconds" -> seconds = Integer.parseInt(args[++i]);
                    case "--calls-per-second" -> cps = Integer.parseInt(args[++i]);
                    case "--heap" -> heap = args[++i];
                    case "--day" -> day = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--small | --schools N | --bare-seconds S | --calls-per-second C | --heap 512m | --day)");
                }
            }
            return new Options(schools, small, seconds, cps, heap, day);
        }
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Exception | Error e) {
            org.slf4j.LoggerFactory.getLogger(RegionBench.class).error("benchmark failed", e);
            status = 1;
        }
        // the simulator's, the broker's and the HTTP client's threads must not keep a failed run alive
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Options o = Options.parse(args);
        Path jar = Path.of("app/target/diary-bridge.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the application first: ./mvnw -B -q -DskipTests package");
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path work = Path.of("bench/target/run-" + stamp).toAbsolutePath();
        Files.createDirectories(work);
        String schema = "bench_" + stamp.replace("-", "_");
        Map<String, String> results = new LinkedHashMap<>();
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        results.put("machine load before (1/5/15 min)", loadBefore);
        results.put("schools", Integer.toString(o.schools()));

        try (LightDnevnik dnevnik = LightDnevnik.start(0); Connection db = DriverManager.getConnection(PG, "postgres", "")) {
            exec(db, "CREATE SCHEMA " + schema);
            try {
                runPipeline(o, jar, work, schema, dnevnik, db, results);
                results.forEach((k, v) -> System.out.println(k + ": " + v));
                // the bare loops measure the machine, not the pipeline's aftermath: PostgreSQL writes the run's dirty
                // pages and the stopped application's load fades first
                exec(db, "CHECKPOINT");
                Thread.sleep(10_000);
                results.put("machine load before the bare loops", Files.readString(Path.of("/proc/loadavg")).trim());
                BareLoops.Rates bare = BareLoops.run(dnevnik, work.resolve("bare-artemis"), db, schema,
                        Math.min(o.schools(), 32), Duration.ofSeconds(o.seconds()));
                results.put("r_http (JDK HttpClient → light simulator, concurrency " + Math.min(o.schools(), 32) + ")",
                        rate(bare.http()));
                results.put("r_artemis (persistent AIO, tx of 100 × 1 KB, send+receive)", rate(bare.artemis()));
                results.put("r_pg (upsert of id-map rows, JDBC batches of 200)", rate(bare.pg()));
                double l = 1 / (1 / bare.http() + 1 / bare.artemis() + 1 / bare.pg());
                results.put("L = 1/(1/r_http+1/r_artemis+1/r_pg)", rate(l));
                double e2e = Double.parseDouble(results.getOrDefault("_e2e", "0"));
                results.put("end-to-end / L", String.format(Locale.ROOT, "%.2f", e2e / l));
            } finally {
                exec(db, "DROP SCHEMA " + schema + " CASCADE");
            }
        }
        results.remove("_e2e");
        results.put("machine load after", Files.readString(Path.of("/proc/loadavg")).trim());
        report(o, results);
    }

    private static void runPipeline(Options o, Path jar, Path work, String schema, LightDnevnik dnevnik,
                                    Connection db, Map<String, String> results) throws Exception {
        Path schoolsDir = Files.createDirectories(work.resolve("schools"));
        Path staging = Files.createDirectories(work.resolve("staging"));
        long records = 0;
        long t0 = System.nanoTime();
        for (BenchRegion.School school : BenchRegion.seed(o.schools(), WEEK, o.day() ? DAY : null, work, dnevnik, 30)) {
            records += school.generated().results().size();
        }
        results.put("generated", String.format(Locale.ROOT, "%d schools, %d marks in the week, in %.1f s%s",
                o.schools(), records, (System.nanoTime() - t0) / 1e9,
                o.day() ? "; the exports hold one school day, " + DAY : ""));

        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + o.heap(),
                "-Djava.library.path=app/target/native"));
        // e.g. -Dbench.app-jvm="-XX:StartFlightRecording=filename=app.jfr,settings=profile" to profile the application
        String extra = System.getProperty("bench.app-jvm", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.toString(),
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + PG + "?reWriteBatchedInserts=true&currentSchema=" + schema,
                "--spring.artemis.embedded.data-directory=" + work.resolve("artemis"),
                "--diary-bridge.schools-dir=" + schoolsDir,
                "--diary-bridge.sync-on-start=false", "--diary-bridge.schedule-enabled=false",
                "--diary-bridge.fixed-date=" + (o.day() ? DAY : WEEK),
                "--diary-bridge.dnevnik-calls-per-second=" + o.callsPerSecond(),
                "--server.port=" + port,
                "--management.endpoints.web.exposure.include=health,metrics",
                "--logging.threshold.console=WARN", "--logging.file.name=" + work.resolve("app.log")));
        Process app = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("app.out").toFile()).start();
        ProcessSampler sampler = new ProcessSampler(app.pid());
        try {
            long started = System.nanoTime();
            awaitHealthy(app, port, Duration.ofMinutes(8));
            results.put("application heap limit", "-Xmx" + o.heap());
            results.put("application start", String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9));
            sampler.start();

            // first sync: every school's week is new
            double cpu0 = sampler.cpuSeconds();
            long[] drops = dropAll(o.schools(), staging, work, "week");
            // a region runs for an hour or more: its progress every 30 s (runs finished, target writes, heap)
            Runs first = awaitRuns(db, schema, o.schools(), Duration.ofMinutes(Math.max(60, o.schools() / 4)),
                    () -> String.format(Locale.ROOT, "target writes %,d, heap peak %d MB, RSS peak %d MB",
                            dnevnik.stats().writes(), sampler.peakHeapMb(), sampler.peakRssMb()));
            double cpu1 = sampler.cpuSeconds();
            LightDnevnik.Stats st = dnevnik.stats();
            long[] writeTimes = dnevnik.writeTimes(0, i -> true);
            int[] writeSchools = dnevnik.writeSchools(0);
            long firstDrop = Arrays.stream(drops).min().orElseThrow();
            long lastWrite = writeTimes.length == 0 ? firstDrop : writeTimes[writeTimes.length - 1];
            double seconds = (lastWrite - firstDrop) / 1000.0;
            double e2e = first.delivered() / seconds;
            results.put("_e2e", Double.toString(e2e));
            results.put("records read / changed / delivered / rejected", first.read() + " / " + first.changed()
                    + " / " + first.delivered() + " / " + first.rejected());
            results.put("target: calls / writes / marks / attendance / duplicates refused", st.calls() + " / "
                    + st.writes() + " / " + st.marks() + " / " + st.logEntries() + " / " + st.duplicates());
            results.put("first sync: drop of the first file → last write", String.format(Locale.ROOT, "%.1f s", seconds));
            results.put("end-to-end (delivered records / s)", rate(e2e));
            long[] lat = new long[writeTimes.length];
            for (int i = 0; i < lat.length; i++) {
                lat[i] = writeTimes[i] - drops[writeSchools[i]];
            }
            results.put("latency file in inbox → write at target p50 / p95 / p99", percentiles(lat));
            results.put("CPU of the application during the sync", String.format(Locale.ROOT,
                    "%.1f s (%.0f µs per delivered record; 2 cores = %.1f s available)", cpu1 - cpu0,
                    (cpu1 - cpu0) * 1e6 / Math.max(1, first.delivered()), seconds * 2));
            results.put("peak heap used / peak RSS (application)", String.format(Locale.ROOT, "%d MB / %d MB",
                    sampler.peakHeapMb(), sampler.peakRssMb()));

            // unchanged re-sync: the same content again, nothing may reach the target
            long callsBefore = dnevnik.stats().calls();
            double cpu2 = sampler.cpuSeconds();
            long[] again = dropAll(o.schools(), staging, work, "again");
            Runs second = awaitRuns(db, schema, 2 * o.schools(), Duration.ofMinutes(30), () -> "");
            long lastFinish = second.lastFinishedMillis();
            double reSeconds = (lastFinish - Arrays.stream(again).min().orElseThrow()) / 1000.0;
            long reRecords = second.read() - first.read();
            results.put("unchanged re-sync: records / s (file in inbox → run completed)", String.format(Locale.ROOT,
                    "%s (%d records in %.1f s, CPU %.1f s)", rate(reRecords / reSeconds), reRecords, reSeconds,
                    sampler.cpuSeconds() - cpu2));
            results.put("unchanged re-sync: target calls / records changed", (dnevnik.stats().calls() - callsBefore)
                    + " / " + (second.changed() - first.changed()));
        } finally {
            sampler.stop();
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    /** Moves each school's export into its inbox (an atomic rename); returns the time of each drop (ms). */
    static long[] dropAll(int schools, Path staging, Path work, String suffix) throws IOException {
        long[] at = new long[schools];
        for (int i = 0; i < schools; i++) {
            Path inbox = Files.createDirectories(work.resolve("inbox/bench-" + i));
            Path tmp = inbox.resolve(".tmp-" + suffix);
            Files.copy(staging.resolve("bench-" + i + ".xml"), tmp, StandardCopyOption.REPLACE_EXISTING);
            at[i] = System.currentTimeMillis();
            Files.move(tmp, inbox.resolve("export-" + suffix + ".xml"), StandardCopyOption.ATOMIC_MOVE);
        }
        return at;
    }

    record Runs(int finished, long read, long changed, long delivered, long rejected, long lastFinishedMillis) { }

    static Runs awaitRuns(Connection db, String schema, int expected, Duration timeout)
            throws SQLException, InterruptedException {
        return awaitRuns(db, schema, expected, timeout, () -> "");
    }

    static Runs awaitRuns(Connection db, String schema, int expected, Duration timeout,
                          java.util.function.Supplier<String> progress) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long nextProgress = started + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*), coalesce(sum(records_read),0), coalesce(sum(records_changed),0), "
                            + "coalesce(sum(delivered),0), coalesce(sum(rejected),0), max(finished_at) FROM " + schema
                            + ".sync_run WHERE status IN ('COMPLETED','FAILED')")) {
                rs.next();
                if (System.nanoTime() > nextProgress) {
                    nextProgress += TimeUnit.SECONDS.toNanos(30);
                    System.out.printf(Locale.ROOT, "%4.0f s: runs finished %d of %d, records read %,d, delivered %,d; %s%n",
                            (System.nanoTime() - started) / 1e9, rs.getInt(1), expected, rs.getLong(2), rs.getLong(4),
                            progress.get());
                }
                if (rs.getInt(1) >= expected) {
                    return new Runs(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getTimestamp(6).getTime());
                }
            } catch (SQLException e) {
                if (!e.getMessage().contains("does not exist")) { // before Flyway ran
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("runs not finished in " + timeout);
            }
            Thread.sleep(200);
        }
    }

    static void awaitHealthy(Process app, int port, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the application exited with " + app.exitValue() + "; see app.out");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the application did not become healthy in " + timeout);
    }

    static String percentiles(long[] values) {
        if (values.length == 0) {
            return "n/a";
        }
        long[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f s", v[(int) (v.length * 0.50)] / 1000.0,
                v[Math.min(v.length - 1, (int) (v.length * 0.95))] / 1000.0,
                v[Math.min(v.length - 1, (int) (v.length * 0.99))] / 1000.0);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f /s", perSecond);
    }

    private static void exec(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void report(Options o, Map<String, String> results) throws IOException {
        appendResults((o.small() ? "--small" : "--schools " + o.schools()) + (o.day() ? " --day" : "")
                + (o.heap().equals("1g") ? "" : " --heap " + o.heap())
                + (o.callsPerSecond() > 0 ? " --calls-per-second " + o.callsPerSecond() : ""), results);
    }

    /** Prints a run's figures as a Markdown table and appends it to {@code bench/results/<date>.md}. */
    static void appendResults(String title, Map<String, String> results) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("\n## ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(" — ").append(title).append("\n\n")
                .append("| figure | value |\n| --- | --- |\n");
        results.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println(sb);
        Path file = Path.of("bench/results/" + LocalDate.now() + ".md");
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.writeString(file, "# Region benchmark results " + LocalDate.now() + "\n\nWritten by `bench/` "
                    + "(RegionBench, FamiliesFirstBench, ChaosRun); see the README, section Benchmarks.\n");
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        System.out.println("written to " + file);
    }
}
