package ru.diarybridge.simulator.dnevnik;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Stateful simulator of the Dnevnik.ru API v2 on a real WireMock HTTP server.
 * A single catch-all stub hands every request to {@link #handle(Request)}; all state is guarded by {@code this}.
 * Field names follow target-systems.md §1.4; write endpoints and status codes are our own choice (see README.md).
 */
public final class DnevnikSimulator {

    private static final Logger log = LoggerFactory.getLogger(DnevnikSimulator.class);

    public static final List<String> LOG_STATUSES = List.of("Attend", "Absent", "Ill", "Late", "Pass");
    private static final Set<String> MOODS = Set.of("Good", "Average", "Bad", "NotSet");
    private static final Pattern MARK5 = Pattern.compile("[1-5][+-]?");
    private static final long ID_BASE = 1_000_002_283_000L;

    private final ObjectMapper json = new ObjectMapper();
    private final WireMockServer server;
    private final AtomicLong ids = new AtomicLong(ID_BASE);

    // ---- state, guarded by this
    private final Map<String, Client> clients = new HashMap<>();
    private final Map<String, Instant> tokens = new HashMap<>();
    private Duration tokenLifetime = Duration.ofHours(1);
    private final Map<Long, School> schools = new LinkedHashMap<>();
    private final Map<Long, Group> groups = new LinkedHashMap<>();
    private final Map<Long, Subject> subjects = new LinkedHashMap<>();
    private final Map<Long, Person> persons = new LinkedHashMap<>();
    private final Map<Long, Lesson> lessons = new LinkedHashMap<>();
    private final Map<Long, Work> works = new LinkedHashMap<>();
    private final Map<Long, Mark> marks = new LinkedHashMap<>();
    private final Map<String, LogEntry> logEntries = new LinkedHashMap<>();
    private final List<String[]> requests = new ArrayList<>();
    private long writeCount;
    private int failRemaining;
    private final java.util.Set<Long> markRefused = new java.util.HashSet<>();
    private int failStatus;
    private int delayRemaining;
    private Duration delay = Duration.ZERO;
    private int rateLimitRemaining;
    private final Clock clock = Clock.systemUTC();

    private record Client(String secret, String username, String password, long userId) { }
    private record School(long id, String name) { }
    private record Group(long id, long schoolId, String name, int parallel) { }
    private record Subject(long id, long schoolId, String name) { }
    private record Person(long id, long userId, long schoolId, Long groupId, String lastName, String firstName,
                          String middleName, String snils, LocalDate birthday) { }
    private record Lesson(long id, long groupId, long subjectId, LocalDate date, int number, String title) { }
    private record Work(long id, long lessonId, long groupId, long subjectId, String type, String text,
                        String markType, LocalDate targetDate) { }
    private record Mark(long id, long personId, long workId, long lessonId, String value, String mood, LocalDate date) { }
    private record LogEntry(long personId, long lessonId, String status, String comment, Instant createdDate) { }

    /** An API error answered as {"type","description"}. */
    private static final class ApiError extends RuntimeException {
        final int status;
        final String type;

        ApiError(int status, String type, String description) {
            super(description, null, false, false);
            this.status = status;
            this.type = type;
        }
    }

    private record Reply(int status, String body) { }

    private DnevnikSimulator(int port) {
        ResponseDefinitionTransformerV2 dispatcher = new ResponseDefinitionTransformerV2() {
            @Override
            public ResponseDefinition transform(ServeEvent serveEvent) {
                return dispatch(serveEvent.getRequest());
            }

            @Override
            public String getName() {
                return "dnevnik-simulator";
            }
        };
        server = new WireMockServer(wireMockConfig().port(port).disableRequestJournal().extensions(dispatcher));
        server.start();
        server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(500)));
    }

    /** Starts a simulator on the given port; 0 picks a free one. */
    public static DnevnikSimulator start(int port) {
        return new DnevnikSimulator(port);
    }

    public int port() {
        return server.port();
    }

    /** Server root, e.g. {@code http://localhost:18082}; the API lives under {@code /v2/}. */
    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    public void stop() {
        server.stop();
    }

    /** Clears all data, clients, tokens, faults and counters. */
    public synchronized void reset() {
        clients.clear();
        tokens.clear();
        tokenLifetime = Duration.ofHours(1);
        schools.clear();
        groups.clear();
        subjects.clear();
        persons.clear();
        lessons.clear();
        works.clear();
        marks.clear();
        logEntries.clear();
        requests.clear();
        writeCount = 0;
        failRemaining = 0;
        markRefused.clear();
        delayRemaining = 0;
        rateLimitRemaining = 0;
    }

    // ------------------------------------------------------------------ seeding and configuration

    public synchronized void addClient(String clientId, String clientSecret, String username, String password) {
        clients.put(Objects.requireNonNull(clientId), new Client(Objects.requireNonNull(clientSecret),
                Objects.requireNonNull(username), Objects.requireNonNull(password), ids.incrementAndGet()));
    }

    public synchronized void setTokenLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        tokenLifetime = lifetime;
    }

    /** Invalidates every issued token. */
    public synchronized void expireTokens() {
        tokens.clear();
    }

    public synchronized long addSchool(String name) {
        long id = ids.incrementAndGet();
        schools.put(id, new School(id, name));
        return id;
    }

    /** A school with a given id, as a school's configuration names it. */
    public synchronized long addSchool(long id, String name) {
        if (schools.containsKey(id)) {
            throw new IllegalArgumentException("school " + id + " exists");
        }
        schools.put(id, new School(id, name));
        return id;
    }

    public synchronized long addEduGroup(long schoolId, String name, int parallel) {
        requireSeed(schools.containsKey(schoolId), "school " + schoolId);
        long id = ids.incrementAndGet();
        groups.put(id, new Group(id, schoolId, name, parallel));
        return id;
    }

    public synchronized long addSubject(long schoolId, String name) {
        requireSeed(schools.containsKey(schoolId), "school " + schoolId);
        long id = ids.incrementAndGet();
        subjects.put(id, new Subject(id, schoolId, name));
        return id;
    }

    public synchronized long addPerson(long schoolId, Long eduGroupId, String lastName, String firstName,
                                       String middleName, String snils, LocalDate birthday) {
        requireSeed(schools.containsKey(schoolId), "school " + schoolId);
        if (eduGroupId != null) {
            requireSeed(groups.containsKey(eduGroupId), "edu group " + eduGroupId);
        }
        String normalised = null;
        if (snils != null) {
            normalised = digits(snils);
            if (normalised.length() != 11) {
                throw new IllegalArgumentException("SNILS must have 11 digits");
            }
        }
        long id = ids.incrementAndGet();
        persons.put(id, new Person(id, ids.incrementAndGet(), schoolId, eduGroupId, lastName, firstName,
                middleName, normalised, birthday));
        return id;
    }

    private static void requireSeed(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("unknown " + what);
        }
    }

    // ------------------------------------------------------------------ faults

    /** The next n data calls answer {@code httpStatus} with an apiServerError body. */
    public synchronized void failNext(int n, int httpStatus) {
        failRemaining = n;
        failStatus = httpStatus;
    }

    /** The next n data calls are answered after {@code d}. */
    public synchronized void delayNext(int n, Duration d) {
        delayRemaining = n;
        delay = d;
    }

    /**
     * New marks of this person are refused with 400 parameterInvalid (the diary's journal blocks the pupil) until
     * {@code refused} is false again: a permanent error the operator fixes, then replays from the dead-letter queue.
     */
    public synchronized void refuseMarksOf(long personId, boolean refused) {
        if (refused) {
            markRefused.add(personId);
        } else {
            markRefused.remove(personId);
        }
    }

    /** The next n data calls answer HTTP 429 with {@code Retry-After: 1}. */
    public synchronized void rateLimitNext(int n) {
        rateLimitRemaining = n;
    }

    // ------------------------------------------------------------------ state for tests and operators

    public synchronized List<SimMark> marks() {
        List<SimMark> out = new ArrayList<>();
        for (Mark m : marks.values()) {
            Person p = persons.get(m.personId());
            Work w = works.get(m.workId());
            Lesson l = lessons.get(m.lessonId());
            Group g = groups.get(l.groupId());
            Subject s = subjects.get(l.subjectId());
            out.add(new SimMark(m.id(), m.personId(), p.snils(), g.id(), g.name(), s.id(), s.name(), m.date(),
                    l.number(), w.id(), w.type(), m.value(), m.mood()));
        }
        return List.copyOf(out);
    }

    public synchronized List<SimLesson> lessons() {
        return lessons.values().stream().map(l -> new SimLesson(l.id(), l.groupId(), groups.get(l.groupId()).name(),
                l.subjectId(), subjects.get(l.subjectId()).name(), l.date(), l.number(), l.title())).toList();
    }

    public synchronized List<SimWork> works() {
        return works.values().stream().map(w -> new SimWork(w.id(), w.lessonId(), w.groupId(), w.subjectId(),
                w.type(), w.text(), w.markType(), w.targetDate())).toList();
    }

    public synchronized List<SimLogEntry> logEntries() {
        return logEntries.values().stream().map(e -> new SimLogEntry(e.personId(),
                persons.get(e.personId()).snils(), e.lessonId(), e.status(), e.comment())).toList();
    }

    /** Successful POST/PUT/DELETE data writes since the last reset. */
    public synchronized long writeCount() {
        return writeCount;
    }

    /**
     * Requests received since the last reset whose method matches ({@code null} or "*" = any) and whose path starts
     * with {@code pathPrefix}. Paths are recorded with {@code /v2.0/} normalised to {@code /v2/} and without query.
     */
    public synchronized long requestCount(String method, String pathPrefix) {
        return requests.stream()
                .filter(r -> method == null || "*".equals(method) || r[0].equalsIgnoreCase(method))
                .filter(r -> r[1].startsWith(pathPrefix))
                .count();
    }

    // ------------------------------------------------------------------ HTTP dispatch

    private ResponseDefinition dispatch(Request request) {
        String method = request.getMethod().getName().toUpperCase();
        String url = request.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        Map<String, String> query = parseQuery(q < 0 ? "" : url.substring(q + 1));
        if (path.startsWith("/v2.0/")) {
            path = "/v2/" + path.substring("/v2.0/".length());
        }
        Duration delayThis = Duration.ZERO;
        Reply reply;
        synchronized (this) {
            requests.add(new String[] {method, path});
            boolean dataCall = path.startsWith("/v2/") && !path.startsWith("/v2/authorizations");
            if (dataCall && delayRemaining > 0) {
                delayRemaining--;
                delayThis = delay;
            }
            if (dataCall && rateLimitRemaining > 0) {
                rateLimitRemaining--;
                return respond(new Reply(429, errorBody("apiServerError", "Too many requests")), delayThis, true);
            }
            if (dataCall && failRemaining > 0) {
                failRemaining--;
                reply = new Reply(failStatus, errorBody("apiServerError", "Simulated failure"));
            } else {
                reply = handleSafely(method, path, query, request);
            }
        }
        return respond(reply, delayThis, false);
    }

    private ResponseDefinition respond(Reply reply, Duration delayThis, boolean rateLimited) {
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(reply.status());
        if (reply.body() != null) {
            b.withHeader("Content-Type", "application/json; charset=utf-8").withBody(reply.body());
        }
        if (rateLimited) {
            b.withHeader("Retry-After", "1");
        }
        if (!delayThis.isZero()) {
            b.withFixedDelay((int) delayThis.toMillis());
        }
        return b.build();
    }

    private Reply handleSafely(String method, String path, Map<String, String> query, Request request) {
        try {
            return handle(method, path, query, request);
        } catch (ApiError e) {
            return new Reply(e.status, errorBody(e.type, e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("Simulator failure on {} {}", method, path, e);
            return new Reply(500, errorBody("apiServerError", "Internal simulator error"));
        }
    }

    private Reply handle(String method, String path, Map<String, String> query, Request request) {
        if (path.equals("/sim/state") && method.equals("GET")) {
            return ok(state());
        }
        if (!path.startsWith("/v2/")) {
            throw new ApiError(404, "parameterInvalid", "Resource not found");
        }
        String[] s = path.substring("/v2/".length()).split("/");
        String route = method + " " + String.join("/", s);
        if (route.equals("POST authorizations/bycredentials")) {
            return ok(login(body(request)));
        }
        String token = request.getHeader("Access-Token");
        if (token == null || token.isBlank()) {
            token = query.get("access_token");
        }
        Instant expiry = token == null ? null : tokens.get(token);
        if (expiry == null || !expiry.isAfter(clock.instant())) {
            throw new ApiError(401, "authorizationFailed", "Invalid or expired access token");
        }

        switch (method) {
            case "GET":
                return ok(get(s, query));
            case "POST": {
                Reply r = ok(post(s, body(request)));
                writeCount++;
                return r;
            }
            case "PUT": {
                Reply r = ok(put(s, body(request)));
                writeCount++;
                return r;
            }
            case "DELETE":
                delete(s, query);
                writeCount++;
                return new Reply(204, null);
            default:
                throw notFound();
        }
    }

    private JsonNode get(String[] s, Map<String, String> query) {
        int n = s.length;
        if (n == 3 && s[0].equals("schools") && s[2].equals("edu-groups")) {
            long school = id(s[1]);
            return array(groups.values().stream().filter(g -> g.schoolId() == school).map(this::groupJson).toList());
        }
        if (n == 3 && s[0].equals("schools") && s[2].equals("subjects")) {
            long school = id(s[1]);
            return array(subjects.values().stream().filter(x -> x.schoolId() == school).map(this::subjectJson).toList());
        }
        if (n == 2 && (s[0].equals("persons") || s[0].equals("person")) && s[1].equals("search")) {
            return array(persons.values().stream().filter(p -> matches(p, query)).map(this::personJson).toList());
        }
        if (n == 3 && s[0].equals("edu-groups") && s[2].equals("persons")) {
            long group = existing(groups, id(s[1]), "eduGroup").id();
            return array(persons.values().stream().filter(p -> Objects.equals(p.groupId(), group))
                    .map(this::personJson).toList());
        }
        if (n == 5 && s[0].equals("edu-groups") && s[2].equals("lessons")) {
            long group = existing(groups, id(s[1]), "eduGroup").id();
            LocalDate from = date(s[3], "from");
            LocalDate to = date(s[4], "to");
            return array(lessons.values().stream().filter(l -> l.groupId() == group)
                    .filter(l -> !l.date().isBefore(from) && !l.date().isAfter(to))
                    .sorted(Comparator.comparing(Lesson::date).thenComparingInt(Lesson::number))
                    .map(this::lessonJson).toList());
        }
        if (n == 2 && s[0].equals("lessons")) {
            return lessonJson(existing(lessons, id(s[1]), "lesson"));
        }
        if (n == 1 && s[0].equals("works")) {
            return worksOf(id(require(query.get("lesson"), "lesson")));
        }
        if (n == 3 && s[0].equals("lessons") && s[2].equals("works")) {
            return worksOf(id(s[1]));
        }
        if (n == 2 && s[0].equals("works")) {
            return workJson(existing(works, id(s[1]), "work"));
        }
        if (n == 3 && s[0].equals("works") && s[2].equals("marks")) {
            long work = existing(works, id(s[1]), "work").id();
            return array(marks.values().stream().filter(m -> m.workId() == work).map(this::markJson).toList());
        }
        if (n == 3 && s[0].equals("lessons") && s[2].equals("marks")) {
            long lesson = existing(lessons, id(s[1]), "lesson").id();
            return array(marks.values().stream().filter(m -> m.lessonId() == lesson).map(this::markJson).toList());
        }
        if (n == 2 && s[0].equals("marks")) {
            return markJson(existing(marks, id(s[1]), "mark"));
        }
        if (n == 3 && s[0].equals("lessons") && s[2].equals("log-entries")) {
            long lesson = existing(lessons, id(s[1]), "lesson").id();
            return array(logEntries.values().stream().filter(e -> e.lessonId() == lesson).map(this::logJson).toList());
        }
        if (n == 2 && s[0].equals("lesson-log-entries") && s[1].equals("statuses")) {
            ArrayNode a = json.createArrayNode();
            LOG_STATUSES.forEach(a::add);
            return a;
        }
        throw notFound();
    }

    private JsonNode post(String[] s, JsonNode body) {
        int n = s.length;
        if (n == 1 && s[0].equals("lessons")) {
            Group g = existing(groups, longField(body, "group"), "group");
            Subject subj = existing(subjects, longField(body, "subject"), "subject");
            LocalDate date = date(textField(body, "date"), "date");
            int number = (int) longField(body, "number");
            if (number < 0 || number > 20) {
                throw invalid("Недопустимый номер урока: " + number);
            }
            boolean exists = lessons.values().stream().anyMatch(l -> l.groupId() == g.id()
                    && l.subjectId() == subj.id() && l.date().equals(date) && l.number() == number);
            if (exists) {
                throw invalid("Урок уже существует");
            }
            long id = ids.incrementAndGet();
            Lesson l = new Lesson(id, g.id(), subj.id(), date, number, optText(body, "title", ""));
            lessons.put(id, l);
            return lessonJson(l);
        }
        if (n == 1 && s[0].equals("works")) {
            Lesson l = existing(lessons, longField(body, "lesson"), "lesson");
            long groupId = body.hasNonNull("eduGroup") ? longField(body, "eduGroup") : l.groupId();
            long subjectId = body.hasNonNull("subjectId") ? longField(body, "subjectId") : l.subjectId();
            if (groupId != l.groupId() || subjectId != l.subjectId()) {
                throw invalid("Группа или предмет работы не совпадают с уроком");
            }
            String type = textField(body, "type");
            String markType = optText(body, "markType", "mark5");
            LocalDate target = body.hasNonNull("targetDate") ? date(body.get("targetDate").asText(), "targetDate") : l.date();
            long id = ids.incrementAndGet();
            Work w = new Work(id, l.id(), groupId, subjectId, type, optText(body, "text", ""), markType, target);
            works.put(id, w);
            return workJson(w);
        }
        if (n == 5 && s[0].equals("persons") && s[2].equals("works") && s[4].equals("mark")) {
            Person p = existing(persons, id(s[1]), "person");
            Work w = existing(works, id(s[3]), "work");
            if (markRefused.contains(p.id())) {
                throw invalid("Оценка не может быть выставлена: ученик заблокирован в журнале");
            }
            if (!Objects.equals(p.groupId(), w.groupId())) {
                throw invalid("Ученик не состоит в группе работы");
            }
            if (marks.values().stream().anyMatch(m -> m.personId() == p.id() && m.workId() == w.id())) {
                throw invalid("Оценка за эту работу уже выставлена");
            }
            String value = validValue(w, textField(body, "value"));
            String mood = validMood(optText(body, "mood", "NotSet"));
            LocalDate date = body.hasNonNull("date") ? date(body.get("date").asText(), "date")
                    : lessons.get(w.lessonId()).date();
            long id = ids.incrementAndGet();
            Mark m = new Mark(id, p.id(), w.id(), w.lessonId(), value, mood, date);
            marks.put(id, m);
            return markJson(m);
        }
        if (n == 3 && s[0].equals("lessons") && s[2].equals("log-entries")) {
            LogEntry e = logEntry(id(s[1]), body);
            String key = e.personId() + "/" + e.lessonId();
            if (logEntries.containsKey(key)) {
                throw invalid("Отметка о посещаемости уже существует");
            }
            logEntries.put(key, e);
            return logJson(e);
        }
        throw notFound();
    }

    private JsonNode put(String[] s, JsonNode body) {
        int n = s.length;
        if (n == 2 && s[0].equals("marks")) {
            Mark m = existing(marks, id(s[1]), "mark");
            String value = validValue(works.get(m.workId()), textField(body, "value"));
            String mood = validMood(optText(body, "mood", m.mood()));
            Mark updated = new Mark(m.id(), m.personId(), m.workId(), m.lessonId(), value, mood, m.date());
            marks.put(m.id(), updated);
            return markJson(updated);
        }
        if (n == 3 && s[0].equals("lessons") && s[2].equals("log-entries")) {
            LogEntry e = logEntry(id(s[1]), body);
            String key = e.personId() + "/" + e.lessonId();
            LogEntry old = logEntries.get(key);
            if (old == null) {
                throw invalid("Отметка о посещаемости не найдена");
            }
            LogEntry replaced = new LogEntry(e.personId(), e.lessonId(), e.status(), e.comment(), old.createdDate());
            logEntries.put(key, replaced);
            return logJson(replaced);
        }
        throw notFound();
    }

    private void delete(String[] s, Map<String, String> query) {
        int n = s.length;
        if (n == 2 && s[0].equals("marks")) {
            marks.remove(existing(marks, id(s[1]), "mark").id());
            return;
        }
        if (n == 3 && s[0].equals("lessons") && s[2].equals("log-entries")) {
            long lesson = existing(lessons, id(s[1]), "lesson").id();
            long person = id(require(query.get("person"), "person"));
            if (logEntries.remove(person + "/" + lesson) == null) {
                throw invalid("Отметка о посещаемости не найдена");
            }
            return;
        }
        throw notFound();
    }

    // ------------------------------------------------------------------ handlers' helpers

    private JsonNode login(JsonNode body) {
        Client c = clients.get(body.path("client_id").asText(""));
        if (c == null || !c.secret().equals(body.path("client_secret").asText())
                || !c.username().equals(body.path("username").asText())
                || !c.password().equals(body.path("password").asText())) {
            throw new ApiError(401, "authorizationFailed", "Неверные учётные данные");
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, clock.instant().plus(tokenLifetime));
        ObjectNode o = json.createObjectNode();
        o.put("accessToken", token);
        o.put("expiresIn", tokenLifetime.toSeconds());
        o.put("user", c.userId());
        o.put("user_str", String.valueOf(c.userId()));
        return o;
    }

    private LogEntry logEntry(long lessonFromPath, JsonNode body) {
        Lesson l = existing(lessons, lessonFromPath, "lesson");
        if (body.hasNonNull("lesson") && longField(body, "lesson") != l.id()) {
            throw invalid("Урок в теле не совпадает с уроком в адресе");
        }
        Person p = existing(persons, longField(body, "person"), "person");
        if (!Objects.equals(p.groupId(), l.groupId())) {
            throw invalid("Ученик не состоит в группе урока");
        }
        String status = textField(body, "status");
        if (!LOG_STATUSES.contains(status)) {
            throw invalid("Недопустимый статус: " + status);
        }
        return new LogEntry(p.id(), l.id(), status, optText(body, "comment", null), clock.instant());
    }

    private String validValue(Work w, String value) {
        if ("mark5".equalsIgnoreCase(w.markType()) && !MARK5.matcher(value).matches()) {
            throw invalid("Недопустимое значение оценки: " + value);
        }
        if (value.isBlank()) {
            throw invalid("Пустое значение оценки");
        }
        return value;
    }

    private String validMood(String mood) {
        if (!MOODS.contains(mood)) {
            throw invalid("Недопустимое значение mood: " + mood);
        }
        return mood;
    }

    private boolean matches(Person p, Map<String, String> q) {
        String snils = q.get("snils");
        if (snils != null && !snils.isBlank() && (p.snils() == null || !p.snils().equals(digits(snils)))) {
            return false;
        }
        if (q.containsKey("lastName") && !q.get("lastName").equalsIgnoreCase(p.lastName())) {
            return false;
        }
        if (q.containsKey("firstName") && !q.get("firstName").equalsIgnoreCase(p.firstName())) {
            return false;
        }
        return !(snils == null || snils.isBlank()) || q.containsKey("lastName") || q.containsKey("firstName");
    }

    private JsonNode worksOf(long lessonId) {
        long lesson = existing(lessons, lessonId, "lesson").id();
        return array(works.values().stream().filter(w -> w.lessonId() == lesson).map(this::workJson).toList());
    }

    private JsonNode state() {
        ObjectNode o = json.createObjectNode();
        o.put("schools", schools.size());
        o.put("eduGroups", groups.size());
        o.put("subjects", subjects.size());
        o.put("persons", persons.size());
        o.put("lessons", lessons.size());
        o.put("works", works.size());
        o.put("marks", marks.size());
        o.put("logEntries", logEntries.size());
        o.put("clients", clients.size());
        o.put("liveTokens", tokens.values().stream().filter(t -> t.isAfter(clock.instant())).count());
        o.put("writeCount", writeCount);
        o.put("requests", requests.size());
        return o;
    }

    // ------------------------------------------------------------------ JSON shapes (target-systems.md §1.4)

    private ObjectNode withId(String field, long id) {
        ObjectNode o = json.createObjectNode();
        o.put(field, id);
        o.put(field + "_str", String.valueOf(id));
        return o;
    }

    private JsonNode groupJson(Group g) {
        ObjectNode o = withId("id", g.id());
        o.putArray("parentIds");
        o.putArray("parentIds_str");
        o.put("type", "Group");
        o.put("name", g.name());
        o.put("fullName", g.name());
        o.put("parallel", g.parallel());
        o.putNull("timetable");
        o.put("status", "Active");
        o.put("studyyear", LocalDate.now().getYear());
        ArrayNode subj = o.putArray("subjects");
        subjects.values().stream().filter(x -> x.schoolId() == g.schoolId()).forEach(x -> subj.add(x.id()));
        o.put("journalType", "Regular");
        return o;
    }

    private JsonNode subjectJson(Subject s) {
        ObjectNode o = withId("id", s.id());
        o.put("name", s.name());
        o.putNull("knowledgeArea");
        o.putNull("fgosSubjectId");
        o.put("espSubjectName", s.name());
        return o;
    }

    private JsonNode personJson(Person p) {
        ObjectNode o = withId("id", p.id());
        o.put("userId", p.userId());
        o.put("userId_str", String.valueOf(p.userId()));
        o.put("firstName", p.firstName());
        o.put("lastName", p.lastName());
        o.put("middleName", p.middleName());
        o.put("shortName", p.lastName() + " " + initial(p.firstName()) + initial(p.middleName()));
        o.putNull("sex");
        return o;
    }

    private static String initial(String s) {
        return s == null || s.isEmpty() ? "" : s.charAt(0) + ".";
    }

    private JsonNode lessonJson(Lesson l) {
        ObjectNode o = withId("id", l.id());
        o.put("title", l.title());
        o.put("date", l.date() + "T00:00:00");
        o.put("number", l.number());
        Subject subj = subjects.get(l.subjectId());
        ObjectNode so = o.putObject("subject");
        so.put("id", subj.id());
        so.put("id_str", String.valueOf(subj.id()));
        so.put("name", subj.name());
        o.put("group", l.groupId());
        o.put("group_str", String.valueOf(l.groupId()));
        ArrayNode w = o.putArray("works");
        works.values().stream().filter(x -> x.lessonId() == l.id()).forEach(x -> w.add(x.id()));
        o.putArray("teachers");
        o.put("status", "NotSet");
        return o;
    }

    private JsonNode workJson(Work w) {
        ObjectNode o = withId("id", w.id());
        o.put("type", w.type());
        o.put("workType", 0);
        o.put("markType", w.markType());
        o.put("markCount", 1);
        o.put("lesson", w.lessonId());
        o.put("lesson_str", String.valueOf(w.lessonId()));
        o.put("displayInJournal", true);
        o.put("status", "Sent");
        o.put("eduGroup", w.groupId());
        o.put("eduGroup_str", String.valueOf(w.groupId()));
        o.putArray("tasks");
        o.put("text", w.text());
        o.put("periodNumber", 0);
        o.putNull("periodType");
        o.put("subjectId", w.subjectId());
        o.put("isImportant", false);
        o.put("targetDate", w.targetDate() + "T00:00:00");
        o.putNull("sentDate");
        o.putNull("createdBy");
        return o;
    }

    private JsonNode markJson(Mark m) {
        Work w = works.get(m.workId());
        ObjectNode o = withId("id", m.id());
        o.put("type", w.markType());
        o.put("value", m.value());
        o.put("textValue", m.value());
        o.put("person", m.personId());
        o.put("person_str", String.valueOf(m.personId()));
        o.put("work", m.workId());
        o.put("work_str", String.valueOf(m.workId()));
        o.put("lesson", m.lessonId());
        o.put("lessonStr", String.valueOf(m.lessonId()));
        o.put("number", 0);
        o.put("date", m.date() + "T00:00:00");
        o.put("workType", 0);
        o.put("mood", m.mood());
        o.put("use_avg_calc", true);
        return o;
    }

    private JsonNode logJson(LogEntry e) {
        ObjectNode o = json.createObjectNode();
        o.put("person", e.personId());
        o.put("person_str", String.valueOf(e.personId()));
        o.put("lesson", e.lessonId());
        o.put("lesson_str", String.valueOf(e.lessonId()));
        o.put("comment", e.comment());
        o.put("status", e.status());
        o.put("createdDate", e.createdDate().toString());
        return o;
    }

    private ArrayNode array(List<JsonNode> items) {
        ArrayNode a = json.createArrayNode();
        a.addAll(items);
        return a;
    }

    // ------------------------------------------------------------------ parsing helpers

    private JsonNode body(Request request) {
        String raw = request.getBodyAsString();
        if (raw == null || raw.isBlank()) {
            throw invalid("Пустое тело запроса");
        }
        try {
            JsonNode node = json.readTree(raw);
            if (!node.isObject()) {
                throw invalid("Тело запроса должно быть JSON-объектом");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw invalid("Некорректный JSON");
        }
    }

    private static long longField(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw invalid("Не задан параметр " + field);
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        return id(v.asText());
    }

    private static String textField(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw invalid("Не задан параметр " + field);
        }
        return v.asText();
    }

    private static String optText(JsonNode body, String field, String dflt) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw invalid("Не задан параметр " + name);
        }
        return value;
    }

    private static long id(String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid("Некорректный идентификатор: " + raw);
        }
    }

    private static LocalDate date(String raw, String name) {
        try {
            return LocalDate.parse(raw.length() > 10 ? raw.substring(0, 10) : raw);
        } catch (DateTimeParseException e) {
            throw invalid("Некорректная дата в параметре " + name);
        }
    }

    private static <T> T existing(Map<Long, T> map, long id, String what) {
        T t = map.get(id);
        if (t == null) {
            throw invalid("Объект " + what + " с идентификатором " + id + " не найден");
        }
        return t;
    }

    private static String digits(String s) {
        return s.replaceAll("\\D", "");
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new HashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static ApiError invalid(String description) {
        return new ApiError(400, "parameterInvalid", description);
    }

    private static ApiError notFound() {
        return new ApiError(404, "parameterInvalid", "Resource not found");
    }

    private String errorBody(String type, String description) {
        ObjectNode o = json.createObjectNode();
        o.put("type", type);
        o.put("description", description);
        return o.toString();
    }

    private Reply ok(JsonNode node) {
        return new Reply(200, node.toString());
    }

    // ------------------------------------------------------------------ manual use

    /** Starts the simulator with a demo client and a small demo school; args[0] = port (default 18082). */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18082;
        DnevnikSimulator sim = start(port);
        sim.addClient("demo-client", "demo-secret", "teacher", "teacher");
        long school = sim.addSchool("Демо-школа");
        long group = sim.addEduGroup(school, "5А", 5);
        long subject = sim.addSubject(school, "Математика");
        sim.addPerson(school, group, "Иванов", "Иван", "Иванович", "112-233-445 95", LocalDate.of(2015, 3, 1));
        sim.addPerson(school, group, "Петрова", "Мария", "Сергеевна", "123-456-789 64", LocalDate.of(2015, 7, 9));
        Runtime.getRuntime().addShutdownHook(new Thread(sim::stop));
        System.out.printf("Dnevnik simulator on %s/v2/ (client demo-client/demo-secret, user teacher/teacher);"
                + " school=%d group=%d subject=%d; state at %s/sim/state%n", sim.baseUrl(), school, group, subject,
                sim.baseUrl());
    }
}
