package ru.diarybridge.simulator.eljur;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import ru.diarybridge.simulator.school.GeneratedSchool;
import ru.diarybridge.simulator.school.GeneratedSchool.AssignmentG;
import ru.diarybridge.simulator.school.GeneratedSchool.AssignmentType;
import ru.diarybridge.simulator.school.GeneratedSchool.LessonG;
import ru.diarybridge.simulator.school.GeneratedSchool.Pupil;
import ru.diarybridge.simulator.school.GeneratedSchool.ResultG;
import ru.diarybridge.simulator.school.GeneratedSchool.SchoolClassG;

/**
 * The ЭлЖур API v3 (source-systems.md §3) serving a {@link GeneratedSchool} to a school-level account. A real HTTP
 * server (WireMock) whose single catch-all stub is answered by a stateful transformer: tokens expire, marks can be
 * changed between two reads, and faults can be queued. Every answer uses the ЭлЖур envelope
 * {@code {"response":{"state","error","result"}}}; errors come with HTTP 200, as the facts warn (§3.1).
 * Shapes marked UNVERIFIED in connectors/eljur/README.md are our choice: the public doc has no school-level API.
 */
public final class EljurSimulator implements AutoCloseable {

    public static final String DEVKEY_ERROR = "не удалось авторизовать разработчика";
    public static final String TOKEN_ERROR = "Неверный токен";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    private static final String[] WEEKDAYS = {"Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота",
            "Воскресенье"};
    /** GeneratedSchool codes → ЭлЖур values: «н» and «оп» are ЭлЖур's own (MarkModel.ts); the rest are kept. */
    private static final Map<String, String> ABSENCE_VALUES = Map.of("Н", "н", "ОП", "оп");

    private enum FaultKind { HTTP, ENVELOPE, HTML, MALFORMED, DELAY }

    private record Fault(FaultKind kind, int status, String message, Duration delay) {
    }

    private final GeneratedSchool school;
    private final String vendor;
    private final String devkey;
    private final String login;
    private final String password;
    private final WireMockServer server;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<Long, ConcurrentSkipListMap<Long, String>> marks = new ConcurrentHashMap<>();
    private final Map<Long, ConcurrentSkipListMap<Long, String>> absences = new ConcurrentHashMap<>();
    /** When each generated mark was set ({@code ResultG.markDate}), by lesson then pupil. */
    private final Map<Long, Map<Long, LocalDate>> markDates = new ConcurrentHashMap<>();
    /** Test hooks: what only getdiary or only getmarks answers for a mark ({@link #REMOVED}: no mark there). */
    private final Map<String, String> diaryOnlyMarks = new ConcurrentHashMap<>();
    private final Map<String, String> marksOnlyMarks = new ConcurrentHashMap<>();
    private final Map<String, Integer> marksOnlyWeights = new ConcurrentHashMap<>();
    private final Set<Long> hiddenFromSchedule = ConcurrentHashMap.newKeySet();
    private final Set<Long> hiddenFromDiary = ConcurrentHashMap.newKeySet();
    private static final String REMOVED = "\u0000removed";
    private final Map<Long, AssignmentG> classWorkByLesson = new LinkedHashMap<>();
    private final Map<Long, List<AssignmentG>> homeworkByLesson = new LinkedHashMap<>();
    private final Set<Long> left = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final Map<String, Function<String, byte[]>> edits = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger refusedLogins = new AtomicInteger();
    private final Map<String, AtomicInteger> methodCounts = new ConcurrentHashMap<>();
    private final Map<String, String> finalOverrides = new ConcurrentHashMap<>();
    private final List<String[]> extraFinals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Duration tokenLifetime = Duration.ofDays(90);

    private EljurSimulator(int port, GeneratedSchool school, String vendor, String devkey, String login,
                           String password) {
        this.school = Objects.requireNonNull(school);
        this.vendor = Objects.requireNonNull(vendor);
        this.devkey = Objects.requireNonNull(devkey);
        this.login = Objects.requireNonNull(login);
        this.password = Objects.requireNonNull(password);
        for (AssignmentG a : school.assignments()) {
            if (a.typeId() == 3) {
                homeworkByLesson.computeIfAbsent(a.lessonId(), k -> new ArrayList<>()).add(a);
            } else {
                classWorkByLesson.putIfAbsent(a.lessonId(), a);
            }
        }
        for (ResultG r : school.results()) {
            if (r.mark() != null) {
                long lessonId = school.assignment(r.assignmentId()).lessonId();
                marks.computeIfAbsent(lessonId, k -> new ConcurrentSkipListMap<>())
                        .put(r.studentId(), Integer.toString(r.mark()));
                if (r.markDate() != null) {
                    markDates.computeIfAbsent(lessonId, k -> new ConcurrentHashMap<>()).put(r.studentId(), r.markDate());
                }
            }
        }
        for (GeneratedSchool.AttendanceG a : school.attendance()) {
            absences.computeIfAbsent(a.lessonId(), k -> new ConcurrentSkipListMap<>())
                    .put(a.studentId(), ABSENCE_VALUES.getOrDefault(a.reasonMark(), a.reasonMark()));
        }
        // WireMock otherwise writes each answer out as JSON for a log line that the quiet notifier drops
        this.server = new WireMockServer(options().port(port).extensions(new Handler()).disableRequestJournal()
                .stubRequestLoggingDisabled(true));
    }

    /** Starts on {@code port} (0 picks a free one) and serves {@code school} to the given developer and account. */
    public static EljurSimulator start(int port, GeneratedSchool school, String vendor, String devkey, String login,
                                       String password) {
        EljurSimulator sim = new EljurSimulator(port, school, vendor, devkey, login, password);
        sim.server.start();
        sim.server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers("eljur")));
        return sim;
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    /** The API base a connector is configured with: {@code <baseUrl>/apiv3}. */
    public String apiUrl() {
        return baseUrl() + "/apiv3";
    }

    public GeneratedSchool school() {
        return school;
    }

    /** Every issued token becomes invalid: the next data call gets state 401 «Неверный токен». */
    public void expireTokens() {
        tokens.clear();
    }

    public void setTokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /** The next {@code n} data calls (not {@code auth}) answer {@code httpStatus} with an nginx-style HTML page. */
    public void failNext(int n, int httpStatus) {
        enqueue(n, new Fault(FaultKind.HTTP, httpStatus, null, null));
    }

    /** The next {@code n} data calls answer HTTP 200 with an error envelope. */
    public void envelopeErrorNext(int n, int state, String message) {
        enqueue(n, new Fault(FaultKind.ENVELOPE, state, message, null));
    }

    /** The next {@code n} data calls answer HTTP 200 with an HTML page (a login page or a maintenance notice). */
    public void htmlNext(int n) {
        enqueue(n, new Fault(FaultKind.HTML, 200, null, null));
    }

    /** The next {@code n} data calls answer HTTP 200 with a truncated JSON body. */
    public void malformedNext(int n) {
        enqueue(n, new Fault(FaultKind.MALFORMED, 200, null, null));
    }

    /** The next {@code n} data calls answer correctly after {@code delay}. */
    public void delayNext(int n, Duration delay) {
        enqueue(n, new Fault(FaultKind.DELAY, 200, null, delay));
    }

    /** Drops every queued fault. */
    public void clearFaults() {
        faults.clear();
    }

    /** The next call of {@code method} answers as usual but with its body through {@code edit}: bad-input suite. */
    public void editNext(String method, UnaryOperator<String> edit) {
        editNextBytes(method, body -> edit.apply(body).getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #editNext}, with any bytes for the body (not UTF-8, binary junk): for the bad-input suite. */
    public void editNextBytes(String method, Function<String, byte[]> edit) {
        edits.put(method.toLowerCase(), edit);
    }

    /** Drops every pending edit. */
    public void clearEdits() {
        edits.clear();
    }

    private void enqueue(int n, Fault fault) {
        for (int i = 0; i < n; i++) {
            faults.add(fault);
        }
    }

    /**
     * A teacher sets, changes or (with {@code null}) removes a pupil's mark in a lesson. Any string is accepted, so
     * a test can plant an invalid value or a student who is not in the class.
     */
    public void setMark(long lessonId, long studentId, String value) {
        ConcurrentSkipListMap<Long, String> m = marks.computeIfAbsent(lessonId, k -> new ConcurrentSkipListMap<>());
        if (value == null) {
            m.remove(studentId);
        } else {
            m.put(studentId, value);
        }
    }

    public String mark(long lessonId, long studentId) {
        ConcurrentSkipListMap<Long, String> m = marks.get(lessonId);
        return m == null ? null : m.get(studentId);
    }

    private String diaryMark(long lessonId, long studentId) {
        String v = diaryOnlyMarks.getOrDefault(lessonId + "/" + studentId, mark(lessonId, studentId));
        return REMOVED.equals(v) ? null : v;
    }

    private String marksMark(long lessonId, long studentId) {
        String v = marksOnlyMarks.getOrDefault(lessonId + "/" + studentId, mark(lessonId, studentId));
        return REMOVED.equals(v) ? null : v;
    }

    /** Marks a pupil as having left the school. */
    /** Sets or (with {@code null}) removes an absence value exactly as ЭлЖур would send it. */
    public void setAbsence(long lessonId, long studentId, String value) {
        ConcurrentSkipListMap<Long, String> m = absences.computeIfAbsent(lessonId, k -> new ConcurrentSkipListMap<>());
        if (value == null) {
            m.remove(studentId);
        } else {
            m.put(studentId, value);
        }
    }

    public String absence(long lessonId, long studentId) {
        ConcurrentSkipListMap<Long, String> m = absences.get(lessonId);
        return m == null ? null : m.get(studentId);
    }

    /**
     * Only {@code getdiary} answers {@code value} for this pupil's mark in the lesson ({@code null}: getdiary shows no
     * mark); {@code getmarks} keeps the stored one. For tests of the two methods disagreeing.
     */
    public void setDiaryOnlyMark(long lessonId, long studentId, String value) {
        diaryOnlyMarks.put(lessonId + "/" + studentId, value == null ? REMOVED : value);
    }

    /**
     * Only {@code getmarks} answers {@code value} for this pupil's mark in the lesson ({@code null}: getmarks shows no
     * mark); {@code getdiary} keeps the stored one.
     */
    public void setMarkInMarksOnly(long lessonId, long studentId, String value) {
        marksOnlyMarks.put(lessonId + "/" + studentId, value == null ? REMOVED : value);
    }

    /** Only {@code getmarks} answers {@code weight} for this pupil's mark in the lesson. */
    public void setMarkWeightInMarksOnly(long lessonId, long studentId, int weight) {
        marksOnlyWeights.put(lessonId + "/" + studentId, weight);
    }

    /** The lesson is left out of {@code getschedule} (still in getdiary and getmarks). */
    public void setHiddenFromSchedule(long lessonId, boolean hidden) {
        if (hidden) {
            hiddenFromSchedule.add(lessonId);
        } else {
            hiddenFromSchedule.remove(lessonId);
        }
    }

    /** The lesson is left out of {@code getdiary} (still in getschedule and getmarks). */
    public void setHiddenFromDiary(long lessonId, boolean hidden) {
        if (hidden) {
            hiddenFromDiary.add(lessonId);
        } else {
            hiddenFromDiary.remove(lessonId);
        }
    }

    /** When the generated mark of this pupil in the lesson was set (the lesson day if unknown). */
    public LocalDate markDate(long lessonId, long studentId) {
        Map<Long, LocalDate> m = markDates.get(lessonId);
        LocalDate d = m == null ? null : m.get(studentId);
        return d != null ? d : school.lesson(lessonId).date();
    }

    /** getdiary, getmarks and getschedule agree again (the hooks above are undone). */
    public void resetDisagreements() {
        diaryOnlyMarks.clear();
        marksOnlyMarks.clear();
        marksOnlyWeights.clear();
        hiddenFromSchedule.clear();
        hiddenFromDiary.clear();
    }

    /** {@code getfinalassessments} answers {@code value} for the generated period mark (a bad item for tests). */
    public void setFinalAssessment(long pupilId, long subjectId, long termId, String value) {
        finalOverrides.put(pupilId + "/" + subjectId + "/" + termId, value);
    }

    /** An extra assessment in {@code getfinalassessments}, e.g. of a period the school does not have. */
    public void addFinalAssessment(long pupilId, String subjectName, String periodName, String value) {
        extraFinals.add(new String[] {Long.toString(pupilId), subjectName, periodName, value});
    }

    /** Final assessments are served as generated again. */
    public void resetFinalAssessments() {
        finalOverrides.clear();
        extraFinals.clear();
    }

    public void setLeft(long studentId, boolean hasLeft) {
        if (hasLeft) {
            left.add(studentId);
        } else {
            left.remove(studentId);
        }
    }

    public long requestCount() {
        return requests.get();
    }

    public int requestCount(String method) {
        AtomicInteger c = methodCounts.get(method.toLowerCase());
        return c == null ? 0 : c.get();
    }

    public int loginCount() {
        return logins.get();
    }

    public int refusedLoginCount() {
        return refusedLogins.get();
    }

    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private final class Handler implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "eljur";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                return handle(event.getRequest());
            } catch (RuntimeException e) {
                return envelope(500, "Внутренняя ошибка сервера", Map.of());
            }
        }
    }

    private ResponseDefinition handle(Request request) {
        URI uri = URI.create(request.getUrl());
        String path = uri.getRawPath();
        String method;
        if (path.startsWith("/apiv3/")) {
            method = path.substring("/apiv3/".length());
        } else if (path.startsWith("/api/")) {
            method = path.substring("/api/".length());
        } else {
            return html(404, "Страница не найдена");
        }
        method = method.replaceAll("/+$", "").toLowerCase();
        requests.incrementAndGet();
        methodCounts.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        Map<String, String> params = parseForm(uri.getRawQuery());
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            parseForm(request.getBodyAsString()).forEach(params::putIfAbsent);
        }
        ResponseDefinition answer = answer(method, params);
        Function<String, byte[]> edit = method.equals("auth") ? null : edits.remove(method);
        return edit == null ? answer
                : ResponseDefinitionBuilder.like(answer).withBody(edit.apply(answer.getBody())).build();
    }

    private ResponseDefinition answer(String method, Map<String, String> params) {
        if (!method.equals("auth")) {
            Fault fault = faults.poll();
            if (fault != null) {
                switch (fault.kind()) {
                    case HTTP:
                        return html(fault.status(), fault.status() + " Bad Gateway");
                    case ENVELOPE:
                        return envelope(fault.status(), fault.message(), Map.of());
                    case HTML:
                        return html(200, "Вход в систему");
                    case MALFORMED:
                        String full = write(ok(dispatch(method, params)));
                        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                                .withBody(full.substring(0, Math.max(1, full.length() / 2))).build();
                    case DELAY:
                        return ResponseDefinitionBuilder.like(handleChecked(method, params))
                                .withFixedDelay((int) fault.delay().toMillis()).build();
                    default:
                        break;
                }
            }
        }
        return handleChecked(method, params);
    }

    private ResponseDefinition handleChecked(String method, Map<String, String> params) {
        if (!devkey.equals(params.get("devkey"))) {
            return envelope(400, DEVKEY_ERROR, Map.of());
        }
        if (!vendor.equals(params.get("vendor"))) {
            return envelope(400, "Неизвестная школа (vendor)", Map.of());
        }
        if (method.equals("auth")) {
            return auth(params);
        }
        String token = params.get("auth_token");
        Instant expires = token == null ? null : tokens.get(token);
        if (expires == null || expires.isBefore(Instant.now())) {
            return envelope(401, TOKEN_ERROR, Map.of());
        }
        Object result = dispatch(method, params);
        if (result instanceof ResponseDefinition error) {
            return error;
        }
        return json(200, ok(result));
    }

    private ResponseDefinition auth(Map<String, String> params) {
        if (!login.equals(params.get("login")) || !password.equals(params.get("password"))) {
            refusedLogins.incrementAndGet();
            return envelope(401, "Неверный логин или пароль", Map.of());
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Instant expires = Instant.now().plus(tokenLifetime);
        tokens.put(token, expires);
        logins.incrementAndGet();
        return json(200, ok(ordered("token", token,
                "expires", LocalDateTime.ofInstant(expires, ZONE).format(EXPIRES))));
    }

    /** The result object, or a ready error response. */
    private Object dispatch(String method, Map<String, String> params) {
        switch (method) {
            case "getrules":
                return rules();
            case "getperiods":
                return periods();
            case "getclassstudents":
                return withClass(params, this::students);
            case "getdiary":
                return withClass(params, cls -> withDays(params, days -> diary(cls, days, true)));
            case "getschedule":
                return withClass(params, cls -> withDays(params, days -> diary(cls, days, false)));
            case "getmarks":
                return withClass(params, cls -> withDays(params, days -> marksOf(cls, days)));
            case "getfinalassessments":
                return withClass(params, this::finals);
            case "getboardnotices":
                return notices();
            default:
                return envelope(404, "Метод не найден: " + method, Map.of());
        }
    }

    private Object withClass(Map<String, String> params, java.util.function.Function<SchoolClassG, Object> body) {
        String name = params.get("class");
        SchoolClassG cls = name == null ? null : school.classes().stream()
                .filter(c -> c.name().equalsIgnoreCase(name.strip())).findFirst().orElse(null);
        if (cls == null) {
            return envelope(400, "Класс не найден: " + name, Map.of());
        }
        return body.apply(cls);
    }

    private Object withDays(Map<String, String> params, java.util.function.Function<LocalDate[], Object> body) {
        LocalDate[] range = parseDays(params.get("days"));
        if (range == null) {
            return envelope(400, "Неверный параметр days", Map.of());
        }
        return body.apply(range);
    }

    /** {@code days} is {@code Ymd}, {@code Y.m.d} or a range of either (facts §3.2, formats). */
    static LocalDate[] parseDays(String days) {
        if (days == null || days.isBlank()) {
            return null;
        }
        try {
            String[] parts = days.strip().split("-");
            LocalDate from = LocalDate.parse(parts[0].replace(".", ""), DAY);
            LocalDate to = parts.length > 1 ? LocalDate.parse(parts[1].replace(".", ""), DAY) : from;
            return new LocalDate[] {from, to};
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Map<String, Object> rules() {
        Map<String, Object> groups = new LinkedHashMap<>();
        for (SchoolClassG c : school.classes()) {
            groups.put(c.name(), ordered("name", c.name(), "parallel", Integer.toString(c.grade()),
                    "hometeacher_id", Long.toString(8_000 + c.id()), "hometeacher_name", "Классный руководитель " + c.name()));
        }
        return ordered("name", login, "title", "Администратор интеграции", "firstname", "Администратор",
                "lastname", "Интеграции", "middlename", "", "roles", List.of("administrator"),
                "relations", ordered("groups", groups, "schools", List.of(ordered("inn", "6311000000",
                        "kpp", "631101001", "number", "3", "title", GeneratedSchool.SCHOOL_NAME,
                        "title_full", GeneratedSchool.SCHOOL_NAME))),
                "vendor", vendor, "vendor_id", Integer.toString(GeneratedSchool.SCHOOL_ID),
                "region", "Самарская область", "city", "Самара");
    }

    /**
     * UNVERIFIED school-level shape: the family answer is {@code students[{periods[…]}]}; a school account gets
     * {@code result.periods[…]}, the quarters then the half-years of {@link GeneratedSchool#terms()}.
     */
    private Map<String, Object> periods() {
        return ordered("periods", school.terms().stream().map(t -> period(t.name(), t.start(), t.end())).toList());
    }

    private static Map<String, Object> period(String name, LocalDate start, LocalDate end) {
        return ordered("name", name, "fullname", name, "start", start.format(DAY), "end", end.format(DAY),
                "disabled", false, "ambigious", false, "weeks", List.of());
    }

    /** UNVERIFIED shape: {@code result.notices[{id, title, text, date "YYYY-MM-DD hh:mm:ss", author}]}. */
    private Map<String, Object> notices() {
        return ordered("total", school.announcements().size(), "notices", school.announcements().stream()
                .map(a -> ordered("id", Long.toString(a.id()), "title", a.title(), "text", a.text(),
                        "date", a.posted() + " 09:00:00", "author", a.author())).toList());
    }

    /** UNVERIFIED method and shape: a school account needs names, birthday, СНИЛС, consent and the left flag. */
    private Map<String, Object> students(SchoolClassG cls) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pupil p : cls.pupils()) {
            out.add(ordered("name", Long.toString(p.id()), "title", p.lastName() + " " + p.firstName(),
                    "lastname", p.lastName(), "firstname", p.firstName(), "middlename", p.middleName(),
                    "birthday", p.birthDate().toString(), "snils", p.snils(), "class", cls.name(),
                    "consent", p.consent() ? "yes" : "no", "left", left.contains(p.id())));
        }
        return ordered("class", cls.name(), "students", out);
    }

    private List<LessonG> lessonsOf(SchoolClassG cls, LocalDate[] days) {
        return school.lessons().stream().filter(l -> l.classId() == cls.id()
                && !l.date().isBefore(days[0]) && !l.date().isAfter(days[1])).toList();
    }

    /**
     * UNVERIFIED school-level shape: the family shape of getdiary keyed by class instead of by student. With
     * {@code full = false} it is {@code getschedule}: {@code days{YYYYMMDD}.items{num}} with lesson_id, name
     * (subject), num, starttime, endtime, teacher (and teacher_id) but no topic, homework or assessments.
     */
    private Map<String, Object> diary(SchoolClassG cls, LocalDate[] range, boolean full) {
        Map<String, Object> days = new LinkedHashMap<>();
        for (LessonG l : lessonsOf(cls, range)) {
            if ((full ? hiddenFromDiary : hiddenFromSchedule).contains(l.id())) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> items = (Map<String, Object>) ((Map<String, Object>) days.computeIfAbsent(
                    l.date().format(DAY), k -> ordered("name", k, "title", WEEKDAYS[l.date().getDayOfWeek().ordinal()],
                            "items", new LinkedHashMap<String, Object>()))).get("items");
            AssignmentG work = classWorkByLesson.get(l.id());
            Map<String, Object> item = ordered("name", school.subject(l.subjectId()).name(),
                    "num", Integer.toString(l.number()), "lesson_id", Long.toString(l.id()), "sort", l.number(),
                    "room", "", "teacher", "Учитель " + l.teacherId(), "teacher_id", Long.toString(l.teacherId()),
                    "starttime", l.startTime(), "endtime", l.endTime());
            if (full) {
                item.put("topic", l.topic());
                item.put("is_control", work != null && work.typeId() == 4);
                Map<String, Object> homework = new LinkedHashMap<>();
                for (AssignmentG h : homeworkByLesson.getOrDefault(l.id(), List.of())) {
                    homework.put(Long.toString(h.id()), ordered("id", Long.toString(h.id()), "value", h.name(),
                            "individual", false, "deadline", h.dueDate().format(DAY)));
                }
                item.put("homework", homework);
                item.put("files", List.of());
                List<Map<String, Object>> assessments = new ArrayList<>();
                java.util.TreeSet<Long> withMarks = new java.util.TreeSet<>(
                        marks.getOrDefault(l.id(), new ConcurrentSkipListMap<>()).keySet());
                diaryOnlyMarks.keySet().stream().filter(k -> k.startsWith(l.id() + "/"))
                        .forEach(k -> withMarks.add(Long.parseLong(k.substring(k.indexOf('/') + 1))));
                for (long sid : withMarks) {
                    String value = diaryMark(l.id(), sid);
                    if (value != null) {
                        // getdiary shows the lesson day; the day the mark was set is getmarks' (UNVERIFIED)
                        assessments.add(markJson(sid, value, l, work, l.date(), null));
                    }
                }
                absences.getOrDefault(l.id(), new ConcurrentSkipListMap<>()).forEach((sid, value) ->
                        assessments.add(ordered("student", Long.toString(sid), "value", value, "count", false,
                                "countas", 0, "convert", 0)));
                item.put("assessments", assessments);
            }
            items.put(Integer.toString(l.number()), item);
        }
        return ordered("class", cls.name(), "days", days);
    }

    private Map<String, Object> markJson(long studentId, String value, LessonG lesson, AssignmentG work,
                                         LocalDate date, Integer weightOverride) {
        int typeId = work == null ? 10 : work.typeId();
        AssignmentType type = GeneratedSchool.ASSIGNMENT_TYPES.stream().filter(t -> t.id() == typeId).findFirst()
                .orElseThrow();
        int weight = weightOverride != null ? weightOverride : work == null ? 1 : Math.max(1, work.weight() / 10);
        return ordered("student", Long.toString(studentId), "value", value,
                "mtype", ordered("id", Integer.toString(type.id()), "short", type.abbr(), "type", type.name()),
                "date", date.toString(), "weight", Integer.toString(weight), "weight_float", (double) weight,
                "count", true, "countas", value, "convert", value,
                "lesson_id", Long.toString(lesson.id()), "lesson_comment", work == null ? "" : work.name(),
                "comment", "");
    }

    /**
     * {@code getmarks?class=&days=} (UNVERIFIED school-level shape): the family shape keyed by the class's pupils,
     * {@code students{<id>:{lessons[{name (subject), lesson_id, marks[{value, weight, weight_float, date (the day
     * the mark was set, GeneratedSchool's markDate), lesson_id, mtype{id,short,type}, comment}]}]}}}.
     */
    private Map<String, Object> marksOf(SchoolClassG cls, LocalDate[] range) {
        Map<String, Object> students = new LinkedHashMap<>();
        List<LessonG> lessons = lessonsOf(cls, range);
        for (Pupil p : cls.pupils()) {
            Map<Long, List<Map<String, Object>>> bySubject = new LinkedHashMap<>();
            for (LessonG l : lessons) {
                String value = marksMark(l.id(), p.id());
                if (value != null) {
                    bySubject.computeIfAbsent(l.subjectId(), k -> new ArrayList<>())
                            .add(markJson(p.id(), value, l, classWorkByLesson.get(l.id()), markDate(l.id(), p.id()),
                                    marksOnlyWeights.get(l.id() + "/" + p.id())));
                }
            }
            List<Map<String, Object>> subjects = new ArrayList<>();
            // a "lesson" of getmarks is a subject: its lesson_id is the subject's id (UNVERIFIED), each mark has its own
            bySubject.forEach((subjectId, list) -> subjects.add(ordered("name", school.subject(subjectId).name(),
                    "lesson_id", Long.toString(subjectId), "marks", list)));
            students.put(Long.toString(p.id()), ordered("name", Long.toString(p.id()),
                    "title", p.lastName() + " " + p.firstName(), "lessons", subjects));
        }
        return ordered("class", cls.name(), "students", students);
    }

    /**
     * Period marks of {@link GeneratedSchool#periodMarks(long)} as {@code students{<id>:{items[{name (subject),
     * assessments[{period (name), value, comment}]}]}}}; every subject of the grade is listed. Values set with
     * {@link #setFinalAssessment} and items added with {@link #addFinalAssessment} replace or join them.
     */
    private Map<String, Object> finals(SchoolClassG cls) {
        Map<String, Object> students = new LinkedHashMap<>();
        List<GeneratedSchool.PeriodMarkG> periodMarks = school.periodMarks(cls.id());
        for (Pupil p : cls.pupils()) {
            Map<String, List<Map<String, Object>>> bySubject = new LinkedHashMap<>();
            for (GeneratedSchool.SchoolSubject s : school.subjectsOfGrade(cls.grade())) {
                bySubject.put(s.name(), new ArrayList<>());
            }
            for (GeneratedSchool.PeriodMarkG m : periodMarks) {
                if (m.pupilId() != p.id()) {
                    continue;
                }
                String value = finalOverrides.getOrDefault(m.pupilId() + "/" + m.subjectId() + "/" + m.termId(),
                        Integer.toString(m.mark()));
                bySubject.computeIfAbsent(school.subject(m.subjectId()).name(), k -> new ArrayList<>())
                        .add(ordered("period", school.term(m.termId()).name(), "value", value, "comment", "",
                                "convert", value));
            }
            for (String[] extra : extraFinals) {
                if (extra[0].equals(Long.toString(p.id()))) {
                    bySubject.computeIfAbsent(extra[1], k -> new ArrayList<>())
                            .add(ordered("period", extra[2], "value", extra[3], "comment", ""));
                }
            }
            List<Map<String, Object>> items = new ArrayList<>();
            bySubject.forEach((subject, list) -> items.add(ordered("name", subject, "assessments", list)));
            students.put(Long.toString(p.id()), ordered("name", Long.toString(p.id()),
                    "title", p.lastName() + " " + p.firstName(), "items", items));
        }
        return ordered("class", cls.name(), "students", students);
    }

    private static Map<String, Object> ok(Object result) {
        return ordered("response", ordered("state", 200, "error", null, "result", result));
    }

    private static ResponseDefinition envelope(int state, String error, Object result) {
        return json(200, ordered("response", ordered("state", state, "error", error, "result", result)));
    }

    private static ResponseDefinition html(int status, String title) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html><head><title>" + title + "</title></head><body><h1>" + title
                        + "</h1></body></html>").build();
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

    /** Runs the simulator alone: {@code java ... EljurSimulator [port] [seed]}. */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18083;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        EljurSimulator sim = start(port, GeneratedSchool.generate(seed, LocalDate.now()), "school3", "dev-key",
                "integration", "Пароль-1");
        System.out.println("ЭлЖур simulator on " + sim.apiUrl());
    }
}
