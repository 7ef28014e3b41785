package ru.diarybridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import ru.diarybridge.simulator.asiou.AsiouExportWriter;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * Families first, measured. The target is limited to 50 calls/s (the adapter's shared limit). A full re-sync of many
 * schools is started — each school's export of a term-old week, all of it history (before the look-back), so it
 * goes to the schools' backfill queues — and meanwhile other schools get live changes: one class's week at a time,
 * a new school every few seconds. Reported: the latency of the live writes (class file in the inbox → write at the
 * target, p50/p95), the target calls taken by live and by backfill in the window, and what the backfill still owes.
 * If the backfill starved the live changes, their latency would grow with the backfill's queue (hours here).
 */
public final class FamiliesFirstBench {

    record Options(int backfillSchools, int liveSchools, int liveEverySeconds, int callsPerSecond,
                   boolean liveDuringImports, String heap) {
        static Options parse(String[] args) {
            int b = 100;
            int l = 12;
            int every = 10;
            int cps = 50;
            boolean duringImports = false;
            String heap = "1g";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--backfill-schools" -> b = Integer.parseInt(args[++i]);
                    case "--live-schools" -> l = Integer.parseInt(args[++i]);
                    case "--live-every" -> every = Integer.parseInt(args[++i]);
                    case "--calls-per-second" -> cps = Integer.parseInt(args[++i]);
                    case "--live-during-imports" -> duringImports = true;
                    case "--heap" -> heap = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--backfill-schools N"
                            + " | --live-schools N | --live-every SECONDS | --calls-per-second C"
                            + " | --live-during-imports | --heap 512m)");
                }
            }
            return new Options(b, l, every, cps, duringImports, heap);
        }
    }

    /** The backfill schools' week: far enough before the live week to be history for a 14-day look-back. */
    static final LocalDate OLD_WEEK = RegionBench.WEEK.minusWeeks(8);

    private FamiliesFirstBench() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(Options.parse(args));
        } catch (Exception | Error e) {
            org.slf4j.LoggerFactory.getLogger(FamiliesFirstBench.class).error("benchmark failed", e);
            status = 1;
        }
        System.exit(status);
    }

    private static void run(Options o) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path jar = Path.of("app/target/diary-bridge.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the application first: ./mvnw -B -q -DskipTests package");
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path work = Path.of("bench/target/families-" + stamp).toAbsolutePath();
        Path schoolsDir = Files.createDirectories(work.resolve("schools"));
        Path staging = Files.createDirectories(work.resolve("staging"));
        String schema = "bench_" + stamp.replace("-", "_");
        Map<String, String> results = new LinkedHashMap<>();
        results.put("machine load before (1/5/15 min)", Files.readString(Path.of("/proc/loadavg")).trim());
        results.put("target limit", o.callsPerSecond() + " calls/s (diary-bridge.dnevnik-calls-per-second)");
        int total = o.backfillSchools() + o.liveSchools();
        try (LightDnevnik dnevnik = LightDnevnik.start(0);
             Connection db = DriverManager.getConnection(RegionBench.PG, "postgres", "")) {
            try (Statement s = db.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            try {
                long t0 = System.nanoTime();
                long backfillMarks = 0;
                List<String> liveClassIds = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                    boolean live = i >= o.backfillSchools();
                    GeneratedSchool school = GeneratedSchool.generate(7_000 + i, live ? RegionBench.WEEK : OLD_WEEK);
                    String id = "bench-" + i;
                    long dSchool = 3_000_000L + i;
                    dnevnik.addSchool(dSchool, "Школа " + i, i);
                    dnevnik.addClient("bench-client-" + i, "secret", "integration", "password", dSchool);
                    Map<Long, Long> groups = new LinkedHashMap<>();
                    for (GeneratedSchool.SchoolClassG c : school.classes()) {
                        groups.put(c.id(), dnevnik.addEduGroup(dSchool, c.name().toUpperCase(), c.grade()));
                    }
                    school.subjects().forEach(x -> dnevnik.addSubject(dSchool, x.name()));
                    for (GeneratedSchool.Pupil p : school.pupils()) {
                        dnevnik.addPerson(dSchool, groups.get(p.classId()), p.lastName(), p.firstName(), p.snils());
                    }
                    Files.writeString(schoolsDir.resolve(id + ".yml"), BenchRegion.schoolYaml(id, i, work, dnevnik,
                            dSchool, 30));
                    Path file = staging.resolve(id + ".xml");
                    AsiouExportWriter.writeXml(school, id, file);
                    if (live) {
                        // a class of the middle grades: a live change is one class's week, not a whole school
                        GeneratedSchool.SchoolClassG c = school.classes().get(school.classes().size() / 2);
                        liveClassIds.add(c.name());
                        keepOneClass(file, Long.toString(c.id()));
                    } else {
                        backfillMarks += school.results().size();
                    }
                }
                results.put("generated", String.format(Locale.ROOT, "%d backfill schools (week of %s, %d marks), "
                        + "%d live schools (one class each, week of %s) in %.1f s", o.backfillSchools(), OLD_WEEK,
                        backfillMarks, o.liveSchools(), RegionBench.WEEK, (System.nanoTime() - t0) / 1e9));
                measure(o, jar, work, schema, schoolsDir, staging, dnevnik, db, results);
            } finally {
                try (Statement s = db.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
        results.put("machine load after", Files.readString(Path.of("/proc/loadavg")).trim());
        report(o, results);
    }

    private static void measure(Options o, Path jar, Path work, String schema, Path schoolsDir, Path staging,
                                LightDnevnik dnevnik, Connection db, Map<String, String> results) throws Exception {
        int port = RegionBench.freePort();
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + o.heap(), "-Djava.library.path=app/target/native",
                "-jar", jar.toString(),
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + RegionBench.PG + "?reWriteBatchedInserts=true&currentSchema=" + schema,
                "--spring.artemis.embedded.data-directory=" + work.resolve("artemis"),
                "--diary-bridge.schools-dir=" + schoolsDir,
                "--diary-bridge.sync-on-start=false", "--diary-bridge.schedule-enabled=false",
                "--diary-bridge.fixed-date=" + RegionBench.WEEK,
                "--diary-bridge.dnevnik-calls-per-second=" + o.callsPerSecond(),
                "--server.port=" + port,
                "--management.endpoints.web.exposure.include=health,metrics",
                "--logging.threshold.console=WARN", "--logging.file.name=" + work.resolve("app.log")));
        Process app = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("app.out").toFile()).start();
        ProcessSampler sampler = new ProcessSampler(app.pid());
        try {
            RegionBench.awaitHealthy(app, port, Duration.ofMinutes(8));
            sampler.start();
            results.put("application heap limit", "-Xmx" + o.heap());
            // the re-sync: every backfill school's export at once
            long resyncStart = System.currentTimeMillis();
            for (int i = 0; i < o.backfillSchools(); i++) {
                drop(staging, work, i);
            }
            if (o.liveDuringImports()) {
                // live files arrive while the re-sync files wait for import slots: the smallest goes first
                Thread.sleep(TimeUnit.SECONDS.toMillis(5));
                results.put("live changes fed", "while the re-sync files are being imported (5 s after they were"
                        + " dropped)");
            } else {
                // wait until every re-sync file is imported (its history on the backfill queues), then feed live
                // changes: what is measured is the delivery alone, where live and backfill share the target's limit
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
                while (imported(work, o.backfillSchools()) < o.backfillSchools() && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                results.put("re-sync files imported after", String.format(Locale.ROOT, "%.1f s",
                        (System.currentTimeMillis() - resyncStart) / 1000.0));
            }
            long backfillWritesBefore = dnevnik.stats().writes();
            results.put("backfill writes before the first live change", Long.toString(backfillWritesBefore));
            long windowStart = System.currentTimeMillis();
            long[] dropAt = new long[o.backfillSchools() + o.liveSchools()];
            for (int k = 0; k < o.liveSchools(); k++) {
                int i = o.backfillSchools() + k;
                dropAt[i] = drop(staging, work, i);
                Thread.sleep(TimeUnit.SECONDS.toMillis(o.liveEverySeconds()));
            }
            // let the last live class finish: its run completes
            awaitLiveRuns(db, schema, o, Duration.ofMinutes(15));
            long windowEnd = System.currentTimeMillis();
            int fromWrite = (int) backfillWritesBefore;
            int[] schools = dnevnik.writeSchools(fromWrite);
            long[] times = dnevnik.writeTimes(fromWrite, x -> true);
            List<Long> live = new ArrayList<>();
            long backfillWrites = 0;
            Set<Integer> liveSeen = new HashSet<>();
            for (int n = 0; n < schools.length; n++) {
                if (times[n] > windowEnd) {
                    break;
                }
                if (schools[n] >= o.backfillSchools()) {
                    live.add(times[n] - dropAt[schools[n]]);
                    liveSeen.add(schools[n]);
                } else if (schools[n] >= 0) {
                    backfillWrites++;
                }
            }
            double window = (windowEnd - windowStart) / 1000.0;
            results.put("window (first live drop → last live run completed)", String.format(Locale.ROOT, "%.1f s",
                    window));
            results.put("live: classes dropped / schools written / writes", o.liveSchools() + " (one every "
                    + o.liveEverySeconds() + " s) / " + liveSeen.size() + " / " + live.size());
            results.put("live latency class file in inbox → write at target, p50 / p95 / p99",
                    RegionBench.percentiles(live.stream().mapToLong(Long::longValue).toArray()));
            results.put("target writes in the window: live / backfill", String.format(Locale.ROOT,
                    "%d (%.1f /s) / %d (%.1f /s)", live.size(), live.size() / window, backfillWrites,
                    backfillWrites / window));
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema
                    + ".outbox WHERE state = 'PENDING' AND priority = 'BACKFILL'")) {
                rs.next();
                results.put("backfill still owed at the end (outbox rows)", Long.toString(rs.getLong(1)));
            }
            if (o.liveDuringImports()) {
                results.put("re-sync files imported by the end of the window", imported(work, o.backfillSchools())
                        + " of " + o.backfillSchools());
                // the heap is the question once every school's history is on the queues: go on until all are in,
                // then a minute of delivery more
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
                while (imported(work, o.backfillSchools()) < o.backfillSchools() && System.nanoTime() < deadline
                        && app.isAlive()) {
                    Thread.sleep(1_000);
                }
                results.put("all re-sync files imported", String.format(Locale.ROOT, "%d of %d, %.0f s after they"
                        + " were dropped", imported(work, o.backfillSchools()), o.backfillSchools(),
                        (System.currentTimeMillis() - resyncStart) / 1000.0));
                Thread.sleep(TimeUnit.SECONDS.toMillis(60));
                try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM "
                        + schema + ".outbox WHERE state = 'PENDING' AND priority = 'BACKFILL'")) {
                    rs.next();
                    results.put("backfill owed a minute after the last import (outbox rows)",
                            Long.toString(rs.getLong(1)));
                }
            }
            results.put("peak heap used / peak RSS of the application", String.format(Locale.ROOT,
                    "%d MB / %d MB", sampler.peakHeapMb(), sampler.peakRssMb()));
            results.put("application alive at the end (no OutOfMemoryError)", Boolean.toString(app.isAlive()
                    && !Files.readString(work.resolve("app.out")).contains("OutOfMemoryError")));
        } finally {
            sampler.stop();
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    private static void awaitLiveRuns(Connection db, String schema, Options o, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder ids = new StringBuilder();
        for (int k = 0; k < o.liveSchools(); k++) {
            ids.append(k == 0 ? "" : ",").append("'bench-").append(o.backfillSchools() + k).append("'");
        }
        while (System.nanoTime() < deadline) {
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema
                    + ".sync_run WHERE status IN ('COMPLETED','FAILED') AND school_id IN (" + ids + ")")) {
                rs.next();
                if (rs.getInt(1) >= o.liveSchools()) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the live classes were not delivered in " + timeout
                + ": the backfill starved them");
    }

    /** Schools whose file has been imported: the inbox route moves a file to the archive folder when done. */
    private static int imported(Path work, int schools) throws IOException {
        int n = 0;
        for (int i = 0; i < schools; i++) {
            Path archive = work.resolve("archive/bench-" + i);
            if (Files.isDirectory(archive)) {
                try (var files = Files.walk(archive)) {
                    if (files.anyMatch(Files::isRegularFile)) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static long drop(Path staging, Path work, int i) throws IOException {
        Path inbox = Files.createDirectories(work.resolve("inbox/bench-" + i));
        Path tmp = inbox.resolve(".tmp");
        Files.copy(staging.resolve("bench-" + i + ".xml"), tmp, StandardCopyOption.REPLACE_EXISTING);
        long at = System.currentTimeMillis();
        Files.move(tmp, inbox.resolve("export.xml"), StandardCopyOption.ATOMIC_MOVE);
        return at;
    }

    /** Rewrites an export to hold one class: its pupils, lessons and what hangs on them; subjects stay. */
    static void keepOneClass(Path file, String classId) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(file.toFile());
        Set<String> pupils = new HashSet<>();
        Set<String> lessons = new HashSet<>();
        Set<String> works = new HashSet<>();
        keep(doc, "class", e -> e.getAttribute("id").equals(classId));
        keep(doc, "pupil", e -> {
            boolean in = e.getAttribute("class").equals(classId);
            if (in) {
                pupils.add(e.getAttribute("id"));
            }
            return in;
        });
        keep(doc, "lesson", e -> {
            boolean in = e.getAttribute("class").equals(classId);
            if (in) {
                lessons.add(e.getAttribute("id"));
            }
            return in;
        });
        keep(doc, "work", e -> {
            boolean in = lessons.contains(e.getAttribute("lesson"));
            if (in) {
                works.add(e.getAttribute("id"));
            }
            return in;
        });
        keep(doc, "mark", e -> works.contains(e.getAttribute("work")));
        keep(doc, "attendance", e -> lessons.contains(e.getAttribute("lesson")));
        keep(doc, "homework", e -> lessons.contains(e.getAttribute("lesson")));
        keep(doc, "periodMark", e -> pupils.contains(e.getAttribute("pupil")));
        var t = TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        t.transform(new DOMSource(doc), new StreamResult(file.toFile()));
    }

    private static void keep(Document doc, String element, java.util.function.Predicate<Element> keep) {
        NodeList list = doc.getElementsByTagNameNS(AsiouExportWriter.NAMESPACE, element);
        List<Node> drop = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            if (!keep.test((Element) list.item(i))) {
                drop.add(list.item(i));
            }
        }
        drop.forEach(n -> n.getParentNode().removeChild(n));
    }

    private static void report(Options o, Map<String, String> results) throws IOException {
        RegionBench.appendResults("families first: " + o.backfillSchools() + " schools re-synced, " + o.liveSchools()
                + " live classes, " + o.callsPerSecond() + " calls/s" + (o.liveDuringImports()
                ? ", live during the imports" : "") + ", -Xmx" + o.heap(), results);
    }
}
