package ru.diarybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A light Dnevnik.ru for load: the endpoints and JSON shapes {@code DnevnikClient} uses, on the JDK's HttpServer
 * (WireMock costs several times more CPU per call, see shared/facts/limits.md). Keeps everything in memory, counts
 * calls and writes, and refuses a second mark for the same person and work with 400 (counted as a duplicate).
 * <p>
 * The generator repeats СНИЛС every 100 schools, so a token is scoped to the school of its account and
 * persons/search looks only there (the real service is global; a region's СНИЛС are unique).
 * Every write is stamped with the time it arrived and the bench school it belongs to, for the latency figures.
 * <p>
 * {@link #faults(Faults)} (off by default) makes it a bad target for the chaos run: a share of calls answer 503
 * without doing anything, a share do their work and then hang past the client's timeout (the nastiest case: the
 * write is applied but the caller never learns it), and periodic bursts answer 429 with Retry-After. A second
 * create of the same lesson, of the same work (lesson + type + text), of the same mark (person + work) or of the
 * same log entry (person + lesson) is counted as a duplicate; {@link #marks()} and {@link #logEntries()} give the
 * final content to compare with what the region's journals hold.
 */
public final class LightDnevnik implements AutoCloseable {

    private record Client(String secret, String username, String password, long schoolId) { }
    private record Group(long id, long schoolId, String name, int parallel) { }
    private record Subject(long id, long schoolId, String name) { }
    private record Person(long id, long schoolId, Long groupId, String lastName, String firstName, String snils) { }
    private record Lesson(long id, long groupId, long subjectId, LocalDate date, int number, String title) { }
    private record Work(long id, long lessonId, long groupId, long subjectId, String type, String text,
                        String markType, String targetDate) { }
    private record Mark(long id, long personId, long workId, long lessonId, String value, String mood, String date) { }
    private record LogEntry(long personId, long lessonId, String status, String comment) { }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicLong ids = new AtomicLong(1_000_000);

    private final Map<String, Client> clients = new HashMap<>();
    private final Map<String, Long> tokens = new HashMap<>();
    private final Map<Long, String> schools = new HashMap<>();
    private final Map<Long, Integer> benchIndexOfSchool = new HashMap<>();
    private final Map<Long, Group> groups = new HashMap<>();
    private final Map<Long, List<Group>> groupsBySchool = new HashMap<>();
    private final Map<Long, List<Subject>> subjectsBySchool = new HashMap<>();
    private final Map<Long, Subject> subjects = new HashMap<>();
    private final Map<Long, Person> persons = new HashMap<>();
    private final Map<String, List<Person>> personsBySchoolSnils = new HashMap<>();
    private final Map<Long, Lesson> lessons = new HashMap<>();
    private final Map<Long, List<Lesson>> lessonsByGroup = new HashMap<>();
    private final Map<String, Lesson> lessonByNaturalKey = new HashMap<>();
    private final Map<Long, Work> works = new HashMap<>();
    private final Map<Long, List<Long>> worksByLesson = new HashMap<>();
    private final Map<Long, Mark> marks = new HashMap<>();
    private final Map<Long, List<Long>> marksByWork = new HashMap<>();
    private final Map<String, Long> markByPersonWork = new HashMap<>();
    private final Map<String, LogEntry> logEntries = new HashMap<>();
    private final Map<Long, List<String>> logEntriesByLesson = new HashMap<>();

    private long calls;
    private long writes;
    private long duplicates;
    private long errors;
    private final Map<String, Long> workByNaturalKey = new HashMap<>();
    private long duplicateLessons;
    private long duplicateWorks;
    private long injected5xx;
    private long injectedTimeouts;
    private long injected429;
    private volatile Faults faults = Faults.NONE;
    private volatile long faultsSince;
    private java.util.Random random = new java.util.Random(1);
    /** Per write: the bench school index and the arrival time (ms). */
    private int[] writeSchool = new int[1 << 16];
    private long[] writeAt = new long[1 << 16];

    /**
     * Faults of the target, per API call (login excluded).
     *
     * @param serverErrors share of calls answered 503 without being applied
     * @param timeouts     share of calls applied and then answered only after {@code hangMillis} (set it above the
     *                     client's timeout)
     * @param burstEveryMillis every so often (0 = never) all calls answer 429 for {@code burstMillis}, with
     *                     Retry-After {@code retryAfterSeconds}
     */
    public record Faults(double serverErrors, double timeouts, long hangMillis, long burstEveryMillis,
                         long burstMillis, int retryAfterSeconds, long seed) {
        public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 1, 1);
    }

    /** Faults injected and duplicates seen: lessons and marks/log entries refused, works created twice. */
    public record ChaosStats(long injected5xx, long injectedTimeouts, long injected429, long duplicateLessons,
                             long duplicateWorks, long duplicateMarksOrLogEntries) {
        public long duplicates() {
            return duplicateLessons + duplicateWorks + duplicateMarksOrLogEntries;
        }
    }

    /** A mark at the target in terms both sides know: bench school, pupil's СНИЛС, class, subject, lesson, value. */
    public record MarkView(int school, String snils, String className, String subject, LocalDate date, int number,
                           String workType, String value) { }

    /** An attendance entry at the target: bench school, pupil's СНИЛС, class, subject, lesson, status. */
    public record LogView(int school, String snils, String className, String subject, LocalDate date, int number,
                          String status) { }

    public synchronized void faults(Faults f) {
        random = new java.util.Random(f.seed());
        faultsSince = System.currentTimeMillis();
        faults = f;
    }

    public synchronized ChaosStats chaosStats() {
        return new ChaosStats(injected5xx, injectedTimeouts, injected429, duplicateLessons, duplicateWorks,
                duplicates);
    }

    public synchronized List<MarkView> marks() {
        List<MarkView> out = new ArrayList<>(marks.size());
        for (Mark m : marks.values()) {
            Person p = persons.get(m.personId());
            Work w = works.get(m.workId());
            Lesson l = lessons.get(w.lessonId());
            out.add(new MarkView(benchIndexOfSchool.getOrDefault(p.schoolId(), -1), p.snils(),
                    groups.get(l.groupId()).name(), subjects.get(l.subjectId()).name(), l.date(), l.number(),
                    w.type(), m.value()));
        }
        return out;
    }

    public synchronized List<LogView> logEntries() {
        List<LogView> out = new ArrayList<>(logEntries.size());
        for (LogEntry e : logEntries.values()) {
            Person p = persons.get(e.personId());
            Lesson l = lessons.get(e.lessonId());
            out.add(new LogView(benchIndexOfSchool.getOrDefault(p.schoolId(), -1), p.snils(),
                    groups.get(l.groupId()).name(), subjects.get(l.subjectId()).name(), l.date(), l.number(),
                    e.status()));
        }
        return out;
    }

    private LightDnevnik(int port, int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Starts on the port (0 = a free one). Set -Dsun.net.httpserver.nodelay=true, else a call takes ~40 ms. */
    public static LightDnevnik start(int port) throws IOException {
        return new LightDnevnik(port, 64);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + port() + "/v2/";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ------------------------------------------------------------------ seeding

    public synchronized void addClient(String clientId, String secret, String username, String password,
                                       long schoolId) {
        clients.put(clientId, new Client(secret, username, password, schoolId));
    }

    public synchronized void addSchool(long id, String name, int benchIndex) {
        schools.put(id, name);
        benchIndexOfSchool.put(id, benchIndex);
    }

    public synchronized long addEduGroup(long schoolId, String name, int parallel) {
        Group g = new Group(ids.incrementAndGet(), schoolId, name, parallel);
        groups.put(g.id(), g);
        groupsBySchool.computeIfAbsent(schoolId, k -> new ArrayList<>()).add(g);
        return g.id();
    }

    public synchronized long addSubject(long schoolId, String name) {
        Subject s = new Subject(ids.incrementAndGet(), schoolId, name);
        subjects.put(s.id(), s);
        subjectsBySchool.computeIfAbsent(schoolId, k -> new ArrayList<>()).add(s);
        return s.id();
    }

    public synchronized long addPerson(long schoolId, Long groupId, String lastName, String firstName, String snils) {
        Person p = new Person(ids.incrementAndGet(), schoolId, groupId, lastName, firstName, snils.replaceAll("\\D", ""));
        persons.put(p.id(), p);
        personsBySchoolSnils.computeIfAbsent(schoolId + "/" + p.snils(), k -> new ArrayList<>()).add(p);
        return p.id();
    }

    // ------------------------------------------------------------------ figures

    public record Stats(long calls, long writes, long duplicates, long errors, long marks, long logEntries) { }

    public synchronized Stats stats() {
        return new Stats(calls, writes, duplicates, errors, marks.size(), logEntries.size());
    }

    /** Arrival times (ms) of the writes since {@code fromWrite} for the schools selected, in arrival order. */
    public synchronized long[] writeTimes(int fromWrite, java.util.function.IntPredicate school) {
        long[] out = new long[(int) writes - fromWrite];
        int n = 0;
        for (int i = fromWrite; i < writes; i++) {
            if (school.test(writeSchool[i])) {
                out[n++] = writeAt[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The bench school index of each write since {@code fromWrite}. */
    public synchronized int[] writeSchools(int fromWrite) {
        return Arrays.copyOfRange(writeSchool, fromWrite, (int) writes);
    }

    // ------------------------------------------------------------------ HTTP

    private record Reply(int status, Object body) { }

    private enum Fault { NONE, SERVER_ERROR, HANG, TOO_MANY }

    private synchronized Fault roll(String path) {
        Faults f = faults;
        if (f == Faults.NONE || path.contains("/authorizations") || path.contains("/bench/")) {
            return Fault.NONE;
        }
        if (f.burstEveryMillis() > 0
                && (System.currentTimeMillis() - faultsSince) % f.burstEveryMillis() >= f.burstEveryMillis() - f.burstMillis()) {
            injected429++;
            return Fault.TOO_MANY;
        }
        double r = random.nextDouble();
        if (r < f.serverErrors()) {
            injected5xx++;
            return Fault.SERVER_ERROR;
        }
        if (r < f.serverErrors() + f.timeouts()) {
            injectedTimeouts++;
            return Fault.HANG;
        }
        return Fault.NONE;
    }

    private static final class ApiError extends RuntimeException {
        final int status;
        final String type;

        ApiError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        Reply reply;
        Fault fault = roll(ex.getRequestURI().getRawPath());
        try {
            byte[] in;
            try (InputStream is = ex.getRequestBody()) {
                in = is.readAllBytes();
            }
            if (fault == Fault.SERVER_ERROR) {
                throw new ApiError(503, "apiServerError", "Сервис временно недоступен (внедрённый сбой)");
            }
            if (fault == Fault.TOO_MANY) {
                ex.getResponseHeaders().set("Retry-After", Integer.toString(faults.retryAfterSeconds()));
                throw new ApiError(429, "apiRequestLimit", "Слишком много запросов (внедрённый сбой)");
            }
            reply = handle(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Access-Token"), in);
        } catch (ApiError e) {
            ObjectNode o = json.createObjectNode();
            o.put("type", e.type);
            o.put("description", e.getMessage());
            reply = new Reply(e.status, o);
        } catch (RuntimeException e) {
            ObjectNode o = json.createObjectNode();
            o.put("type", "apiServerError");
            o.put("description", String.valueOf(e));
            reply = new Reply(500, o);
        }
        if (reply.status() >= 400) {
            synchronized (this) {
                errors++;
            }
        }
        byte[] out = reply.body() == null ? new byte[0] : json.writeValueAsBytes(reply.body());
        if (fault == Fault.HANG) {
            // applied, but the answer comes after the client gave up
            try {
                Thread.sleep(faults.hangMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        try {
            ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        } catch (IOException clientGone) {
            if (fault != Fault.HANG) {
                throw clientGone;
            }
            ex.close();
        }
    }

    private Reply handle(String method, String path, String rawQuery, String token, byte[] body) throws IOException {
        Map<String, String> query = query(rawQuery);
        if (path.startsWith("/v2.0/")) {
            path = "/v2/" + path.substring(6);
        }
        if (!path.startsWith("/v2/")) {
            throw new ApiError(404, "parameterInvalid", "Resource not found");
        }
        String[] s = path.substring(4).split("/");
        JsonNode in = body.length == 0 ? json.nullNode() : json.readTree(body);
        if (method.equals("POST") && s.length == 2 && s[0].equals("authorizations")) {
            return new Reply(200, login(in));
        }
        if (method.equals("POST") && s.length == 2 && s[0].equals("bench") && s[1].equals("echo")) {
            // the bare HTTP loop: parse and answer a mark-sized body, no state
            ObjectNode o = json.createObjectNode();
            o.put("id", ids.incrementAndGet());
            o.put("value", in.path("value").asText());
            o.put("mood", in.path("mood").asText());
            o.put("person", 1L);
            o.put("work", 2L);
            return new Reply(200, o);
        }
        synchronized (this) {
            calls++;
            Long scope = token == null ? null : tokens.get(token);
            if (scope == null) {
                throw new ApiError(401, "authorizationFailed", "Invalid or expired access token");
            }
            return switch (method) {
                case "GET" -> new Reply(200, get(s, query, scope));
                case "POST" -> write(scope, new Reply(200, post(s, in)));
                case "PUT" -> write(scope, new Reply(200, put(s, in)));
                case "DELETE" -> {
                    delete(s, query);
                    yield write(scope, new Reply(204, null));
                }
                default -> throw notFound();
            };
        }
    }

    private Reply write(long schoolScope, Reply r) {
        int i = (int) writes++;
        if (i == writeAt.length) {
            writeAt = Arrays.copyOf(writeAt, i * 2);
            writeSchool = Arrays.copyOf(writeSchool, i * 2);
        }
        writeAt[i] = System.currentTimeMillis();
        writeSchool[i] = benchIndexOfSchool.getOrDefault(schoolScope, -1);
        return r;
    }

    private synchronized JsonNode login(JsonNode in) {
        calls++;
        Client c = clients.get(in.path("client_id").asText(""));
        if (c == null || !c.secret().equals(in.path("client_secret").asText())
                || !c.username().equals(in.path("username").asText())
                || !c.password().equals(in.path("password").asText())) {
            throw new ApiError(401, "authorizationFailed", "Неверные учётные данные");
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, c.schoolId());
        ObjectNode o = json.createObjectNode();
        o.put("accessToken", token);
        o.put("expiresIn", 3600);
        return o;
    }

    private JsonNode get(String[] s, Map<String, String> q, long scope) {
        int n = s.length;
        if (n == 3 && s[0].equals("schools") && s[2].equals("edu-groups")) {
            return array(groupsBySchool.getOrDefault(id(s[1]), List.of()).stream().map(g -> {
                ObjectNode o = withId(g.id());
                o.put("name", g.name());
                o.put("parallel", g.parallel());
                return o;
            }).toList());
        }
        if (n == 3 && s[0].equals("schools") && s[2].equals("subjects")) {
            return array(subjectsBySchool.getOrDefault(id(s[1]), List.of()).stream().map(x -> {
                ObjectNode o = withId(x.id());
                o.put("name", x.name());
                return o;
            }).toList());
        }
        if (n == 2 && (s[0].equals("persons") || s[0].equals("person")) && s[1].equals("search")) {
            String snils = q.getOrDefault("snils", "").replaceAll("\\D", "");
            return array(personsBySchoolSnils.getOrDefault(scope + "/" + snils, List.of()).stream().map(p -> {
                ObjectNode o = withId(p.id());
                o.put("firstName", p.firstName());
                o.put("lastName", p.lastName());
                return o;
            }).toList());
        }
        if (n == 5 && s[0].equals("edu-groups") && s[2].equals("lessons")) {
            LocalDate from = LocalDate.parse(s[3].substring(0, 10));
            LocalDate to = LocalDate.parse(s[4].substring(0, 10));
            return array(lessonsByGroup.getOrDefault(id(s[1]), List.of()).stream()
                    .filter(l -> !l.date().isBefore(from) && !l.date().isAfter(to)).map(this::lessonJson).toList());
        }
        if (n == 3 && s[0].equals("lessons") && s[2].equals("works")) {
            return array(worksByLesson.getOrDefault(id(s[1]), List.of()).stream().map(w -> workJson(works.get(w)))
                    .toList());
        }
        if (n == 3 && s[0].equals("works") && s[2].equals("marks")) {
            return array(marksByWork.getOrDefault(id(s[1]), List.of()).stream().map(marks::get)
                    .filter(java.util.Objects::nonNull).map(this::markJson).toList());
        }
        if (n == 3 && s[0].equals("lessons") && s[2].equals("log-entries")) {
            return array(logEntriesByLesson.getOrDefault(id(s[1]), List.of()).stream().map(logEntries::get)
                    .filter(java.util.Objects::nonNull).map(this::logJson).toList());
        }
        throw notFound();
    }

    private JsonNode post(String[] s, JsonNode b) {
        int n = s.length;
        if (n == 1 && s[0].equals("lessons")) {
            Group g = existing(groups, b.path("group").asLong(), "group");
            Subject subj = existing(subjects, b.path("subject").asLong(), "subject");
            LocalDate date = LocalDate.parse(b.path("date").asText().substring(0, 10));
            int number = b.path("number").asInt();
            String key = g.id() + "/" + subj.id() + "/" + date + "/" + number;
            if (lessonByNaturalKey.containsKey(key)) {
                duplicateLessons++;
                throw invalid("Урок уже существует");
            }
            Lesson l = new Lesson(ids.incrementAndGet(), g.id(), subj.id(), date, number, b.path("title").asText(""));
            lessons.put(l.id(), l);
            lessonByNaturalKey.put(key, l);
            lessonsByGroup.computeIfAbsent(g.id(), k -> new ArrayList<>()).add(l);
            return lessonJson(l);
        }
        if (n == 1 && s[0].equals("works")) {
            Lesson l = existing(lessons, b.path("lesson").asLong(), "lesson");
            Work w = new Work(ids.incrementAndGet(), l.id(), l.groupId(), l.subjectId(), b.path("type").asText(),
                    b.path("text").asText(""), b.path("markType").asText("mark5"), b.path("targetDate").asText(null));
            if (workByNaturalKey.putIfAbsent(l.id() + "/" + w.type() + "/" + w.text(), w.id()) != null) {
                duplicateWorks++; // the real service takes it; the diary then shows the work twice
            }
            works.put(w.id(), w);
            worksByLesson.computeIfAbsent(l.id(), k -> new ArrayList<>()).add(w.id());
            return workJson(w);
        }
        if (n == 5 && s[0].equals("persons") && s[2].equals("works") && s[4].equals("mark")) {
            Person p = existing(persons, id(s[1]), "person");
            Work w = existing(works, id(s[3]), "work");
            if (!java.util.Objects.equals(p.groupId(), w.groupId())) {
                throw invalid("Ученик не состоит в группе работы");
            }
            String key = p.id() + "/" + w.id();
            if (markByPersonWork.containsKey(key)) {
                duplicates++;
                throw invalid("Оценка за эту работу уже выставлена");
            }
            Mark m = new Mark(ids.incrementAndGet(), p.id(), w.id(), w.lessonId(), b.path("value").asText(),
                    b.path("mood").asText("NotSet"), b.path("date").asText(null));
            marks.put(m.id(), m);
            marksByWork.computeIfAbsent(w.id(), k -> new ArrayList<>()).add(m.id());
            markByPersonWork.put(key, m.id());
            return markJson(m);
        }
        if (n == 3 && s[0].equals("lessons") && s[2].equals("log-entries")) {
            long lesson = existing(lessons, id(s[1]), "lesson").id();
            LogEntry e = new LogEntry(b.path("person").asLong(), lesson, b.path("status").asText(),
                    b.path("comment").asText(null));
            String key = e.personId() + "/" + lesson;
            if (logEntries.containsKey(key)) {
                duplicates++;
                throw invalid("Отметка о посещаемости уже существует");
            }
            logEntries.put(key, e);
            logEntriesByLesson.computeIfAbsent(lesson, k -> new ArrayList<>()).add(key);
            return logJson(e);
        }
        throw notFound();
    }

    private JsonNode put(String[] s, JsonNode b) {
        if (s.length == 2 && s[0].equals("marks")) {
            Mark m = existing(marks, id(s[1]), "mark");
            Mark u = new Mark(m.id(), m.personId(), m.workId(), m.lessonId(), b.path("value").asText(),
                    b.path("mood").asText(m.mood()), m.date());
            marks.put(m.id(), u);
            return markJson(u);
        }
        if (s.length == 3 && s[0].equals("lessons") && s[2].equals("log-entries")) {
            long lesson = id(s[1]);
            String key = b.path("person").asLong() + "/" + lesson;
            if (!logEntries.containsKey(key)) {
                throw invalid("Отметка о посещаемости не найдена");
            }
            LogEntry e = new LogEntry(b.path("person").asLong(), lesson, b.path("status").asText(),
                    b.path("comment").asText(null));
            logEntries.put(key, e);
            return logJson(e);
        }
        throw notFound();
    }

    private void delete(String[] s, Map<String, String> q) {
        if (s.length == 2 && s[0].equals("marks")) {
            Mark m = existing(marks, id(s[1]), "mark");
            marks.remove(m.id());
            markByPersonWork.remove(m.personId() + "/" + m.workId());
            return;
        }
        if (s.length == 3 && s[0].equals("lessons") && s[2].equals("log-entries")) {
            if (logEntries.remove(q.get("person") + "/" + id(s[1])) == null) {
                throw invalid("Отметка о посещаемости не найдена");
            }
            return;
        }
        throw notFound();
    }

    // ------------------------------------------------------------------ JSON shapes (as the WireMock simulator's)

    private ObjectNode withId(long id) {
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.put("id_str", String.valueOf(id));
        return o;
    }

    private JsonNode lessonJson(Lesson l) {
        ObjectNode o = withId(l.id());
        o.put("title", l.title());
        o.put("date", l.date() + "T00:00:00");
        o.put("number", l.number());
        ObjectNode so = o.putObject("subject");
        so.put("id", l.subjectId());
        so.put("name", subjects.get(l.subjectId()).name());
        o.put("group", l.groupId());
        return o;
    }

    private JsonNode workJson(Work w) {
        ObjectNode o = withId(w.id());
        o.put("type", w.type());
        o.put("markType", w.markType());
        o.put("lesson", w.lessonId());
        o.put("eduGroup", w.groupId());
        o.put("text", w.text());
        o.put("subjectId", w.subjectId());
        o.put("targetDate", w.targetDate());
        return o;
    }

    private JsonNode markJson(Mark m) {
        ObjectNode o = withId(m.id());
        o.put("value", m.value());
        o.put("person", m.personId());
        o.put("work", m.workId());
        o.put("lesson", m.lessonId());
        o.put("mood", m.mood());
        o.put("date", m.date());
        return o;
    }

    private JsonNode logJson(LogEntry e) {
        ObjectNode o = json.createObjectNode();
        o.put("person", e.personId());
        o.put("lesson", e.lessonId());
        o.put("status", e.status());
        o.put("comment", e.comment());
        return o;
    }

    private ArrayNode array(List<? extends JsonNode> items) {
        ArrayNode a = json.createArrayNode();
        a.addAll(items);
        return a;
    }

    private static <T> T existing(Map<Long, T> map, long id, String what) {
        T t = map.get(id);
        if (t == null) {
            throw new ApiError(404, "parameterInvalid", what + " " + id + " not found");
        }
        return t;
    }

    private static long id(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw invalid("bad id " + s);
        }
    }

    private static ApiError invalid(String message) {
        return new ApiError(400, "parameterInvalid", message);
    }

    private static ApiError notFound() {
        return new ApiError(404, "parameterInvalid", "Resource not found");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
