package ru.diarybridge.simulator.asurso;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import ru.diarybridge.simulator.school.GeneratedSchool;
import ru.diarybridge.simulator.school.GeneratedSchool.AssignmentG;
import ru.diarybridge.simulator.school.GeneratedSchool.LessonG;
import ru.diarybridge.simulator.school.GeneratedSchool.Pupil;
import ru.diarybridge.simulator.school.GeneratedSchool.ResultG;
import ru.diarybridge.simulator.school.GeneratedSchool.SchoolClassG;

/**
 * The АСУ РСО / NetSchool web API as the public clients describe it (source-systems.md §1), serving a
 * {@link GeneratedSchool} to a staff account. It is a real HTTP server (WireMock) whose single catch-all stub is
 * answered by a stateful transformer: sessions expire, one-shot {@code lt} values are consumed, marks can be
 * changed by a test between two syncs. Shapes marked UNVERIFIED in the README are our choice.
 */
public final class AsursoSimulator implements AutoCloseable {

    public static final String VERSION = "5.44.7850";
    private static final Charset CP1251 = Charset.forName("windows-1251");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GeneratedSchool school;
    private final String login;
    private final String passwordMd5;
    private final WireMockServer server;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> saltsByLt = new ConcurrentHashMap<>();
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> marks = new ConcurrentHashMap<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger refusedLogins = new AtomicInteger();
    private final AtomicLong dataRequests = new AtomicLong();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 500;
    private volatile Duration sessionTimeout = Duration.ofMinutes(60);
    private volatile String version = VERSION;
    private volatile boolean requireRole;
    private volatile int throttleAfterFailures = 3;
    private volatile Duration throttleFor = Duration.ofMinutes(1);
    private volatile Instant throttledUntil;
    private final AtomicInteger failedInRow = new AtomicInteger();
    private final Map<String, Boolean> warnedSessions = new ConcurrentHashMap<>();
    private final Map<String, Boolean> sessionHasRole = new ConcurrentHashMap<>();
    private final java.util.Set<Long> leftPupils = ConcurrentHashMap.newKeySet();
    private final AtomicInteger delayNext = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger malformedNext = new AtomicInteger();
    private final AtomicInteger htmlNext = new AtomicInteger();
    private final AtomicInteger securityWarnings = new AtomicInteger();
    private final AtomicInteger keepAlives = new AtomicInteger();
    private volatile Runnable afterJournalRead;
    private final Map<String, Object> periodMarkOverrides = new ConcurrentHashMap<>();
    private final AtomicInteger periodMarkCalls = new AtomicInteger();

    private AsursoSimulator(int port, GeneratedSchool school, String login, String passwordMd5, boolean hashed) {
        this.school = Objects.requireNonNull(school);
        this.login = login;
        this.passwordMd5 = passwordMd5;
        for (ResultG r : school.results()) {
            if (r.mark() != null) {
                marks.put(r.assignmentId() + "/" + r.studentId(), r.mark());
            }
        }
        this.server = new WireMockServer(options().port(port).extensions(new Handler())
                .disableRequestJournal());
    }

    /** Starts on {@code port} (0 picks a free one) and serves {@code school} to {@code login}/{@code password}. */
    public static AsursoSimulator start(int port, GeneratedSchool school, String login, String password) {
        return startWithHash(port, school, login, md5(password.getBytes(CP1251)));
    }

    /** Like {@link #start}, for a password known only as md5(cp1251(password)), as diary-bridge keeps it. */
    public static AsursoSimulator startWithHash(int port, GeneratedSchool school, String login, String passwordMd5) {
        AsursoSimulator sim = new AsursoSimulator(port, school, login, passwordMd5, true);
        sim.server.start();
        sim.server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers("netschool")));
        return sim;
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    public GeneratedSchool school() {
        return school;
    }

    /** Every live session is dropped: the next call with an old {@code at} gets 401. */
    public void expireSessions() {
        sessions.clear();
    }

    public void setSessionTimeout(Duration timeout) {
        this.sessionTimeout = timeout;
    }

    public int loginCount() {
        return logins.get();
    }

    public int refusedLoginCount() {
        return refusedLogins.get();
    }

    public int activeSessions() {
        return sessions.size();
    }

    public long dataRequestCount() {
        return dataRequests.get();
    }

    /** The next {@code n} authenticated data calls answer {@code httpStatus}. */
    public void failNext(int n, int httpStatus) {
        failStatus = httpStatus;
        failNext.set(n);
    }

    /** The version the server reports; below 5.29 logout is {@code /asp/logout.asp} (facts §1.3). */
    public void setVersion(String version) {
        this.version = version;
    }

    /** Logins must choose a role: the first answer's entryPoint is {@code choose-session-role} (facts §1.3). */
    public void requireRoleChoice(boolean require) {
        this.requireRole = require;
    }

    /** After {@code failures} refused logins in a row, logins answer 409 «… не ранее чем HH:mm:ss» for {@code for}. */
    public void throttleLogins(int failures, Duration duration) {
        this.throttleAfterFailures = failures;
        this.throttleFor = duration;
        this.throttledUntil = null;
        this.failedInRow.set(0);
    }

    public void delayNext(int n, Duration d) {
        delay = d;
        delayNext.set(n);
    }

    /** The next {@code n} data calls answer a truncated JSON body. */
    public void malformedNext(int n) {
        malformedNext.set(n);
    }

    /** The next {@code n} data calls answer an HTML error page with status 200, as an expired session sometimes does. */
    public void htmlNext(int n) {
        htmlNext.set(n);
    }

    private final Map<String, java.util.function.UnaryOperator<String>> editNext =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The next data call of {@code path} (e.g. {@code /webapi/grade/journal/edit}) answers its usual status with the
     * body passed through {@code edit}: any broken or hostile answer, for the bad-input suite.
     */
    public void editNext(String path, java.util.function.UnaryOperator<String> edit) {
        editNext.put(path.toLowerCase(), edit);
    }

    /** No edit pending. */
    public void clearEdits() {
        editNext.clear();
    }

    /** The pupil left the school: {@code free=true} in the pupil lists. */
    public void markLeft(long pupilId) {
        leftPupils.add(pupilId);
    }

    /** Runs once, right after the next journal page is served: a teacher editing while the adapter reads. */
    public void afterNextJournalRead(Runnable edit) {
        this.afterJournalRead = edit;
    }

    public int securityWarningCount() {
        return securityWarnings.get();
    }

    public int keepAliveCount() {
        return keepAlives.get();
    }

    /** A teacher sets, changes ({@code mark} non-null) or removes ({@code null}) a pupil's mark. */
    public void setMark(long assignmentId, long studentId, Integer mark) {
        String key = assignmentId + "/" + studentId;
        if (mark == null) {
            marks.remove(key);
        } else {
            marks.put(key, mark);
        }
    }

    /**
     * Serves {@code value} (any JSON value: {@code "Х"}, {@code 7}, {@code null}) instead of the generated period
     * mark of the pupil in the subject and term: a bad item for the connector tests.
     */
    public void setPeriodMark(long pupilId, long subjectId, long termId, Object value) {
        periodMarkOverrides.put(pupilId + "/" + subjectId + "/" + termId, value == null ? NULL : value);
    }

    /** Period marks are served as generated again. */
    public void resetPeriodMarks() {
        periodMarkOverrides.clear();
    }

    /** Calls of {@code GET /webapi/grade/periodmarks} so far. */
    public int periodMarkCallCount() {
        return periodMarkCalls.get();
    }

    private static final Object NULL = new Object();

    public Integer mark(long assignmentId, long studentId) {
        return marks.get(assignmentId + "/" + studentId);
    }

    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private boolean atLeast529() {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return major > 5 || major == 5 && minor >= 29;
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Handler implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "netschool";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            try {
                return handle(request);
            } catch (RuntimeException e) {
                return json(500, Map.of("message", "Внутренняя ошибка сервера"));
            }
        }
    }

    private ResponseDefinition handle(Request request) {
        URI uri = URI.create(request.getUrl());
        String path = uri.getRawPath().toLowerCase();
        Map<String, String> query = parseForm(uri.getRawQuery());
        String method = request.getMethod().getName();

        switch (path) {
            case "/webapi/logindata":
                return jsonWithCookie(Map.of("productName", "Сетевой город. Образование", "version", version,
                        "schoolLogin", true, "esiaLogin", true, "esiaMainAuth", false, "emLogin", false));
            case "/webapi/sysinfo":
                return new ResponseDefinition(200, "Id: asurso-sim\nВерсия системы: " + version + "\n");
            case "/webapi/auth/getdata":
                if (!method.equals("POST")) {
                    return json(405, Map.of("message", "Method not allowed"));
                }
                String lt = Long.toString(1_000_000_000L + random.nextInt(1_000_000_000));
                String salt = Long.toString(1_000_000_000L + random.nextInt(1_000_000_000));
                saltsByLt.put(lt, salt);
                return json(200, Map.of("lt", lt, "ver", Integer.toString(700_000_000 + random.nextInt(1000)),
                        "salt", salt));
            case "/webapi/login":
                return login(request);
            case "/asp/logout.asp": {
                Map<String, String> form = parseForm(request.getBodyAsString());
                String old = form.get("at");
                if (old != null) {
                    sessions.remove(old);
                }
                return new ResponseDefinition(200, "<html>ok</html>");
            }
            case "/asp/securitywarning.asp": {
                Map<String, String> form = parseForm(request.getBodyAsString());
                if ("2".equals(form.get("warntype")) && form.get("at") != null) {
                    warnedSessions.remove(form.get("at"));
                }
                return new ResponseDefinition(200, "<html>ok</html>");
            }
            default:
                break;
        }

        String at = request.getHeader("at");
        Instant last = at == null ? null : sessions.get(at);
        if (last == null || last.plus(sessionTimeout).isBefore(Instant.now())) {
            if (at != null) {
                sessions.remove(at);
            }
            return json(401, Map.of("message", "Сессия истекла"));
        }
        sessions.put(at, Instant.now());
        if (path.equals("/webapi/auth/logout")) {
            if (!atLeast529()) {
                return json(404, Map.of("message", "Не найдено: " + path));
            }
            sessions.remove(at);
            return new ResponseDefinition(200, "");
        }
        if (warnedSessions.containsKey(at)) {
            securityWarnings.incrementAndGet();
            return aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                    .withBody("<html><body><script>location.href='/asp/SecurityWarning.asp'</script>"
                            + "Под вашим логином работает кто-то другой</body></html>").build();
        }
        if (requireRole && !sessionHasRole.containsKey(at)) {
            return json(403, Map.of("message", "Не выбрана роль"));
        }
        if (path.equals("/webapi/context")) {
            keepAlives.incrementAndGet();
        }
        dataRequests.incrementAndGet();
        if (delayNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return json(failStatus, Map.of("message", "Сервис временно недоступен"));
        }
        if (htmlNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                    .withBody("<!DOCTYPE html><html><body><h1>Ошибка</h1></body></html>").build();
        }
        if (malformedNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody("[{\"id\": 1, \"name\": \"5").build();
        }
        ResponseDefinition answer = answer(path, query);
        java.util.function.UnaryOperator<String> edit = editNext.remove(path);
        if (edit == null) {
            return answer;
        }
        return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.like(answer)
                .withBody(edit.apply(answer.getBody())).build();
    }

    private ResponseDefinition answer(String path, Map<String, String> query) {
        return switch (path) {
            case "/webapi/context" -> json(200, Map.of("schoolId", GeneratedSchool.SCHOOL_ID, "version", VERSION,
                    "productName", "Сетевой город. Образование", "dateFormat", "dd.MM.yyyy"));
            case "/webapi/years/current" -> json(200, currentYear());
            case "/webapi/terms" -> json(200, terms());
            case "/webapi/calendar/vacations" -> json(200, school.vacations().stream().map(v -> ordered(
                    "id", v.id(), "name", v.name(), "startTime", v.start() + "T00:00:00",
                    "endTime", v.end() + "T00:00:00")).toList());
            case "/webapi/announcements" -> json(200, school.announcements().stream().map(a -> ordered(
                    "id", a.id(), "name", a.title(), "description", a.text(), "postDate", a.posted() + "T09:00:00",
                    "author", ordered("id", 77, "fio", a.author()))).toList());
            case "/webapi/grade/periodmarks" -> withClass(query, cls -> periodMarks(cls, query));
            case "/webapi/classes" -> json(200, school.classes().stream().map(this::classJson).toList());
            case "/webapi/subjects" -> json(200, school.subjects().stream().map(s -> ordered(
                    "id", s.id(), "name", s.name(), "shortName", s.shortName())).toList());
            case "/webapi/grade/assignment/types" -> json(200, GeneratedSchool.ASSIGNMENT_TYPES.stream()
                    .map(t -> ordered("id", t.id(), "name", t.name(), "abbr", t.abbr(), "order", t.id()))
                    .toList());
            case "/webapi/grade/attendance/reasons" -> json(200, GeneratedSchool.ATTENDANCE_REASONS.stream()
                    .map(r -> ordered("id", r.id(), "name", r.name(), "mark", r.mark())).toList());
            case "/webapi/grade/studentlist" -> withClass(query, cls -> json(200, cls.pupils().stream()
                    .map(p -> ordered("id", p.id(), "fullName", p.fullName(), "free", leftPupils.contains(p.id()),
                            "individualEduc", false)).toList()));
            case "/webapi/users/studentlist" -> withClass(query, cls -> json(200, cls.pupils().stream()
                    .map(this::pupilJson).toList()));
            // UNVERIFIED endpoint (no public client reads guardians): one row per guardian with the child's id
            case "/webapi/users/parentlist" -> withClass(query, cls -> json(200, school.guardians(cls.id()).stream()
                    .map(g -> ordered("id", g.id(), "lastName", g.lastName(), "firstName", g.firstName(),
                            "middleName", g.middleName(), "snils", g.snils(), "studentIds", List.of(g.pupilId())))
                    .toList()));
            case "/webapi/schedule/classmeetings" -> withClass(query, cls -> classMeetings(cls, query));
            case "/webapi/grade/journal/edit" -> {
                ResponseDefinition page = journalEdit(query);
                Runnable edit = afterJournalRead;
                afterJournalRead = null;
                if (edit != null) {
                    edit.run();
                }
                yield page;
            }
            default -> json(404, Map.of("message", "Не найдено: " + path));
        };
    }

    private ResponseDefinition login(Request request) {
        Map<String, String> form = parseForm(request.getBodyAsString());
        String referer = request.getHeader("Referer");
        if (referer == null || referer.isBlank()) {
            // the real server answers an error page when Referer is missing (facts §1.2 step 5)
            return new ResponseDefinition(400, "<html><body>Bad Request</body></html>");
        }
        String lt = form.get("lt");
        String salt = lt == null ? null : saltsByLt.remove(lt);
        String un = form.getOrDefault("un", form.get("UN"));
        String pw2 = form.get("pw2");
        String scid = form.get("scid");
        Instant until = throttledUntil;
        if (until != null && Instant.now().isBefore(until)) {
            refusedLogins.incrementAndGet();
            String time = java.time.LocalTime.ofInstant(until, java.time.ZoneId.of("Europe/Samara"))
                    .withNano(0).toString();
            return json(409, Map.of("message", "Следующая попытка может быть совершена не ранее чем " + time));
        }
        if (salt == null) {
            refusedLogins.incrementAndGet();
            return json(409, Map.of("message", "Сеанс входа устарел, повторите вход"));
        }
        if (!Objects.equals(scid, Integer.toString(GeneratedSchool.SCHOOL_ID)) || !login.equals(un)
                || pw2 == null || !pw2.equalsIgnoreCase(md5((salt + passwordMd5).getBytes(StandardCharsets.US_ASCII)))) {
            refusedLogins.incrementAndGet();
            if (failedInRow.incrementAndGet() >= throttleAfterFailures) {
                throttledUntil = Instant.now().plus(throttleFor);
            }
            return json(409, Map.of("message", "Неправильный пароль или имя пользователя"));
        }
        failedInRow.set(0);
        String roleGroup = form.get("rolegroup");
        String at = String.format("%013d%013d", Math.abs(random.nextLong() % 10_000_000_000_000L),
                Math.abs(random.nextLong() % 10_000_000_000_000L));
        // a second live session of the same login gets the security warning (facts §1.3)
        boolean parallel = sessions.entrySet().stream()
                .anyMatch(e -> !e.getValue().plus(sessionTimeout).isBefore(Instant.now()));
        sessions.put(at, Instant.now());
        if (parallel) {
            warnedSessions.put(at, true);
        }
        if (roleGroup != null) {
            sessionHasRole.put(at, true);
        }
        logins.incrementAndGet();
        String entryPoint = requireRole && roleGroup == null ? "/angular/choose-session-role" : "/angular/school/main/";
        return json(200, ordered("at", at, "code", null, "timeOut", sessionTimeout.toMillis(),
                "tokenType", "Bearer", "entryPoint", entryPoint, "errorMessage", null,
                "accountInfo", ordered("user", ordered("id", 77, "name", "Администратор интеграции"),
                        "userRoles", List.of(
                                ordered("userId", 77, "schoolId", GeneratedSchool.SCHOOL_ID,
                                        "role", ordered("id", 1, "name", "Родитель")),
                                ordered("userId", 77, "schoolId", GeneratedSchool.SCHOOL_ID,
                                        "role", ordered("id", 5, "name", "Администратор"))),
                        "currentOrganization", ordered("id", GeneratedSchool.SCHOOL_ID,
                                "name", GeneratedSchool.SCHOOL_NAME))));
    }

    private ResponseDefinition withClass(Map<String, String> query, java.util.function.Function<SchoolClassG,
            ResponseDefinition> body) {
        String id = query.get("classid");
        SchoolClassG cls = id == null ? null : school.schoolClass(parseLong(id));
        if (cls == null) {
            return json(400, Map.of("message", "Класс не найден: " + id));
        }
        return body.apply(cls);
    }

    private Map<String, Object> currentYear() {
        int startYear = school.weekStart().getMonthValue() >= 8 ? school.weekStart().getYear()
                : school.weekStart().getYear() - 1;
        return ordered("id", 2000 + startYear, "name", startYear + "/" + (startYear + 1),
                "startDate", LocalDate.of(startYear, 9, 1) + "T00:00:00",
                "endDate", LocalDate.of(startYear + 1, 5, 31) + "T00:00:00",
                "schoolId", GeneratedSchool.SCHOOL_ID);
    }

    /** Quarters ({@code termTypeId} 1) and half-years ({@code termTypeId} 2, UNVERIFIED) of the current year. */
    private List<Map<String, Object>> terms() {
        int yearId = ((Number) currentYear().get("id")).intValue();
        return school.terms().stream().map(t -> ordered("id", t.id(), "termName", t.name(),
                "termTypeId", t.isQuarter() ? 1 : 2, "startDate", t.start() + "T00:00:00",
                "endDate", t.end() + "T00:00:00", "schoolYearId", yearId)).toList();
    }

    /** UNVERIFIED: {@code GET /webapi/grade/periodmarks?classId=&termId=} → {@code [{studentId, subjectId, mark, markDate}]}. */
    private ResponseDefinition periodMarks(SchoolClassG cls, Map<String, String> query) {
        periodMarkCalls.incrementAndGet();
        String termId = query.get("termid");
        GeneratedSchool.TermG term = termId == null ? null : school.term(parseLong(termId));
        if (term == null) {
            return json(400, Map.of("message", "Период не найден: " + termId));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (GeneratedSchool.PeriodMarkG m : school.periodMarks(cls.id())) {
            if (m.termId() != term.id()) {
                continue;
            }
            Object value = periodMarkOverrides.getOrDefault(m.pupilId() + "/" + m.subjectId() + "/" + m.termId(),
                    m.mark());
            out.add(ordered("studentId", m.pupilId(), "subjectId", m.subjectId(), "mark", value == NULL ? null : value,
                    "markDate", term.end() + "T00:00:00"));
        }
        return json(200, out);
    }

    private Map<String, Object> classJson(SchoolClassG c) {
        return ordered("id", c.id(), "name", c.name(), "grade", ordered("id", c.grade(), "name", c.grade() + " класс"),
                "letter", c.letter(), "iup", false, "funcType", "School");
    }

    /** UNVERIFIED shape: the public clients show only fullName; a staff account needs names, birth date, СНИЛС. */
    private Map<String, Object> pupilJson(Pupil p) {
        return ordered("id", p.id(), "lastName", p.lastName(), "firstName", p.firstName(),
                "middleName", p.middleName(), "birthDate", p.birthDate() + "T00:00:00", "snils", p.snils(),
                "classId", p.classId(), "pdConsent", p.consent(), "free", leftPupils.contains(p.id()));
    }

    private ResponseDefinition classMeetings(SchoolClassG cls, Map<String, String> query) {
        LocalDate start = parseDate(query.get("start"));
        LocalDate end = parseDate(query.get("end"));
        if (start == null || end == null) {
            return json(400, Map.of("message", "Не заданы start и end"));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (LessonG l : school.lessons()) {
            if (l.classId() == cls.id() && !l.date().isBefore(start) && !l.date().isAfter(end)) {
                String subject = school.subject(l.subjectId()).name();
                out.add(ordered("classmeetingId", l.id(), "day", l.date() + "T00:00:00", "number", l.number(),
                        "startTime", l.startTime(), "endTime", l.endTime(), "classId", l.classId(),
                        "subjectId", l.subjectId(), "subjectName", subject,
                        "subjectGroup", ordered("id", l.subjectGroupId(), "name", cls.name() + "/" + subject),
                        "teacher", ordered("id", l.teacherId(), "name", "Учитель " + l.teacherId())));
            }
        }
        return json(200, out);
    }

    private ResponseDefinition journalEdit(Map<String, String> query) {
        String cmid = query.get("cmid");
        LessonG lesson = cmid == null ? null : school.lesson(parseLong(cmid));
        if (lesson == null) {
            return json(400, Map.of("message", "Урок не найден: " + cmid));
        }
        List<Map<String, Object>> attendance = school.attendance().stream()
                .filter(a -> a.lessonId() == lesson.id())
                .map(a -> ordered("studentId", a.studentId(), "reason", a.reasonMark())).toList();
        List<Map<String, Object>> assignments = new ArrayList<>();
        SchoolClassG cls = school.schoolClass(lesson.classId());
        for (AssignmentG a : school.assignments()) {
            if (a.lessonId() != lesson.id()) {
                continue;
            }
            List<Map<String, Object>> results = new ArrayList<>();
            for (Pupil p : cls.pupils()) {
                Integer mark = marks.get(a.id() + "/" + p.id());
                if (mark != null) {
                    results.add(ordered("studentId", p.id(), "mark", mark, "duty", false,
                            "markDate", lesson.date() + "T00:00:00"));
                }
            }
            assignments.add(ordered("id", a.id(), "typeId", a.typeId(), "assignmentName", a.name(),
                    "weight", a.weight(), "dueDate", a.dueDate() + "T00:00:00", "results", results));
        }
        return json(200, ordered("lessonId", lesson.id() + 5_000_000_000L, "lessonName", lesson.topic(),
                "attendance", attendance, "assignments", assignments));
    }

    private static LocalDate parseDate(String value) {
        if (value == null || value.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(value.substring(0, 10));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Keys are lower-cased: the real server accepts {@code un} and {@code UN} alike. */
    private static Map<String, String> parseForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k.toLowerCase(), v);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private ResponseDefinition jsonWithCookie(Object body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("Set-Cookie", "NSSESSIONID=" + Long.toHexString(random.nextLong()) + "; path=/")
                .withBody(write(body)).build();
    }

    private static ResponseDefinition json(int status, Object body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(write(body)).build();
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the simulator alone: {@code java ... AsursoSimulator [port] [seed]}; login «integration» / «Пароль-1». */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18081;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        AsursoSimulator sim = start(port, GeneratedSchool.generate(seed, LocalDate.now()), "integration",
                "Пароль-1");
        System.out.println("АСУ РСО simulator on " + sim.baseUrl());
    }
}
