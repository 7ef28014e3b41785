package ru.diarybridge.connector.eljur;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.CanonicalRecord;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceProblem;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.simulator.eljur.EljurSimulator;
import ru.diarybridge.simulator.school.GeneratedSchool;
import ru.diarybridge.simulator.school.GeneratedSchool.SchoolClassG;

/**
 * 5 000 generated bad ЭлЖур answers, one per {@code readClass} of a small class on one school day, through one
 * logged-in source: broken bodies (truncated, binary, empty, HTML under HTTP 200, {@code null}, wrong shape, deep
 * nesting, a 5 MB string, cp1251 declared as UTF-8, error envelopes) and one bad record in an otherwise good answer
 * (wrong type, missing field, {@code null}, invalid mark, unknown pupil, lesson, subject or class, bad date, 100 000
 * characters). Nothing but {@link EljurException} may escape; a refusal names the method in Russian; a bad record
 * becomes a {@link SourceProblem} and every other record of the clean read is still there, equal.
 */
class EljurBadInputSuiteTest {

    private static final Logger LOG = LoggerFactory.getLogger(EljurBadInputSuiteTest.class);
    private static final int PAYLOADS = 5_000;
    private static final long SEED = 20261203L;
    private static final LocalDate WEEK = LocalDate.of(2026, 11, 16);
    private static final String VENDOR = "school3";
    private static final String DEVKEY = "0123456789abcdef0123456789abcdef";
    private static final String PASSWORD = "Пароль-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What readClass calls, in its order; getperiods is read once per source and cached, so it is not here. */
    private static final List<String> METHODS = List.of("getclassstudents", "getdiary", "getschedule", "getmarks",
            "getfinalassessments");
    /** journal_record.source_key and rejected_record.source_key (a problem's record) are VARCHAR(255). */
    private static final int STORED_KEY = 255;
    private static final String LONG_TEXT = "очень длинный текст ".repeat(5_000).substring(0, 100_000);
    /** About 5 MB in UTF-8, as a JSON string; spliced in for {@link #HUGE_MARK} (writing it each time is slow). */
    private static final byte[] HUGE_JSON = utf8(TextNode.valueOf("Длинная строка ".repeat(180_000)).toString());
    private static final String HUGE_MARK = "@@huge-string@@";
    private static final List<String> BODY_KINDS = List.of("truncated-json", "random-bytes", "empty-body",
            "html-200", "json-null", "wrong-shape", "deep-nesting", "huge-string", "cp1251-as-utf8", "envelope-error");
    private static final List<String> RECORD_KINDS = List.of("wrong-type", "missing-field", "null-value",
            "invalid-mark", "unknown-pupil", "unknown-lesson", "unknown-subject", "unknown-class", "bad-date",
            "over-long-text");

    /** What a payload must lead to. */
    private enum Expect {
        /** The whole answer is refused: an EljurException whose Russian message names the method. */
        REFUSED,
        /** A harmless change (a shape ЭлЖур really sends, an unknown field, a retried error): the clean journal. */
        BASELINE,
        /** The journal comes back with a SourceProblem naming the bad record, and keeps every other record. */
        PROBLEM,
        /** The journal comes back and keeps every other record: the value was optional or is legitimately new. */
        TOLERATED
    }

    /**
     * How a field is used. ID, KEYED_ID, NAME, MARK, CODE, OBJ, REF and DAY are required: the record means nothing
     * without them. KEYED_ID and DAY repeat the key of the map they are in (a pupil's id, the day YYYYMMDD), so
     * without them the key still names the record.
     */
    private enum Role { ID, KEYED_ID, NAME, MARK, CODE, OBJ, REF, DAY, DATE, TEXT, OPT_ID, NUM, BOOL, CLASS,
        RESULT_CLASS, UNUSED }

    private static final Set<Role> REQUIRED = Set.of(Role.ID, Role.KEYED_ID, Role.NAME, Role.MARK, Role.CODE,
            Role.OBJ, Role.REF, Role.DAY);

    /** {@code refersTo}: pupil, lesson or subject, for the unknown-… kinds. */
    private record Field(String name, Role role, String refersTo) {
    }

    private static final Map<String, List<Field>> FIELDS = Map.ofEntries(
            Map.entry("RESULT", List.of(new Field("class", Role.RESULT_CLASS, null))),
            Map.entry("PUPIL", List.of(new Field("name", Role.ID, "pupil"), new Field("lastname", Role.TEXT, null),
                    new Field("firstname", Role.TEXT, null), new Field("middlename", Role.TEXT, null),
                    new Field("birthday", Role.DATE, null), new Field("snils", Role.TEXT, null),
                    new Field("class", Role.CLASS, null), new Field("consent", Role.BOOL, null),
                    new Field("left", Role.BOOL, null))),
            Map.entry("DAY", List.of(new Field("name", Role.DAY, null))),
            // getdiary's teacher wins: getschedule's is read only for a lesson getdiary lacks
            Map.entry("SLOT", List.of(new Field("lesson_id", Role.ID, "lesson"),
                    new Field("name", Role.NAME, "subject"), new Field("num", Role.NUM, null),
                    new Field("teacher_id", Role.UNUSED, null))),
            Map.entry("LESSON", List.of(new Field("lesson_id", Role.ID, "lesson"),
                    new Field("name", Role.NAME, "subject"), new Field("topic", Role.TEXT, null),
                    new Field("teacher_id", Role.OPT_ID, null))),
            Map.entry("HOMEWORK", List.of(new Field("id", Role.ID, null), new Field("value", Role.TEXT, null),
                    new Field("deadline", Role.DATE, null), new Field("individual", Role.BOOL, null))),
            // getdiary's date of a mark is the lesson day; getmarks has the day it was set and wins
            Map.entry("DIARY_MARK", List.of(new Field("student", Role.ID, "pupil"), new Field("value", Role.MARK, null),
                    new Field("mtype", Role.OBJ, null), new Field("date", Role.UNUSED, null),
                    new Field("weight", Role.NUM, null), new Field("lesson_comment", Role.TEXT, null))),
            Map.entry("ABSENCE", List.of(new Field("student", Role.ID, "pupil"), new Field("value", Role.CODE, null))),
            Map.entry("MARKS_STUDENT", List.of(new Field("name", Role.KEYED_ID, "pupil"))),
            Map.entry("MARK", List.of(new Field("value", Role.MARK, null), new Field("lesson_id", Role.ID, "lesson"),
                    new Field("mtype", Role.OBJ, null), new Field("date", Role.DATE, null),
                    new Field("weight", Role.NUM, null), new Field("weight_float", Role.NUM, null))),
            Map.entry("FINAL_STUDENT", List.of(new Field("name", Role.KEYED_ID, "pupil"))),
            Map.entry("FINAL_ITEM", List.of(new Field("name", Role.NAME, "subject"))),
            Map.entry("FINAL", List.of(new Field("period", Role.REF, null), new Field("value", Role.MARK, null))));

    /** One record of an answer: its type, its JSON object, the clean records that depend on it, and a label. */
    private record Rec(String type, ObjectNode node, Predicate<CanonicalRecord> affected, String label) {
    }

    /** A generated payload: the method whose answer it replaces, the bytes, and what must follow. */
    private record Payload(String kind, String method, String what, byte[] body, Expect expect,
                           Predicate<CanonicalRecord> affected) {
    }

    private record Tally(int count, int withProblems, int clean, int refused, int crashed, int failed, long nanos) {
    }

    private EljurSimulator sim;
    private GeneratedSchool school;
    private ClassJournal baseline;
    private final Map<String, String> bodies = new LinkedHashMap<>();
    private final Map<String, NaturalKey> subjectOfLesson = new HashMap<>();
    private final Set<String> personal = new HashSet<>();
    private final Map<String, List<String>> methodsFor = new HashMap<>();

    @Test
    void fiveThousandBadAnswersNeverCrashTheConnectorAndKeepTheGoodRecords() throws Exception {
        school = GeneratedSchool.generate(7, WEEK);
        sim = EljurSimulator.start(0, school, VENDOR, DEVKEY, "integration", PASSWORD);
        try (EljurJournalSource source = new EljurJournalSource(new EljurSettings("samara-107",
                URI.create(sim.apiUrl()), VENDOR, DEVKEY, "integration", PASSWORD, Duration.ofSeconds(10), 100_000,
                null))) {
            run(source);
        } finally {
            sim.stop();
        }
    }

    private void run(EljurJournalSource source) throws Exception {
        SchoolClassG gen = smallClass();
        LocalDate day = dayWithEverything(gen);
        SchoolClass cls = source.classes().stream().filter(c -> c.name().equals(gen.name())).findFirst()
                .orElseThrow();
        for (String method : METHODS) {
            sim.editNext(method, body -> {
                bodies.put(method, body);
                return body;
            });
        }
        baseline = source.readClass(cls, day, day);
        assertThat(bodies.keySet()).containsExactlyElementsOf(METHODS);
        assertThat(baseline.problems()).isEmpty();
        assertThat(baseline.marks()).isNotEmpty();
        assertThat(baseline.attendance()).isNotEmpty();
        assertThat(baseline.homework()).isNotEmpty();
        assertThat(baseline.periodMarks()).isNotEmpty();
        baseline.lessons().forEach(l -> subjectOfLesson.put(l.key().sourceId(), l.subjectKey()));
        gen.pupils().forEach(p -> {
            personal.add(p.lastName());
            personal.add(p.snils());
        });
        assertThat(failures(null, baseline, null)).isEmpty();

        Random rnd = new Random(SEED);
        List<String> kinds = new ArrayList<>(BODY_KINDS);
        kinds.addAll(RECORD_KINDS);
        Map<String, Tally> tally = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        int failedCount = 0;
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        for (int i = 0; i < PAYLOADS; i++) {
            String kind = kinds.get(i % kinds.size());
            Payload p = payload(kind, rnd);
            long t0 = System.nanoTime();
            AtomicBoolean applied = new AtomicBoolean();
            sim.editNextBytes(p.method(), body -> {
                applied.set(body.equals(bodies.get(p.method())));
                return p.body();
            });
            ClassJournal journal = null;
            Throwable thrown = null;
            try {
                journal = source.readClass(cls, day, day);
            } catch (Throwable t) { // the point of the suite: whatever escapes is looked at
                thrown = t;
            } finally {
                sim.clearEdits();
            }
            List<String> wrong = new ArrayList<>(failures(p, journal, thrown));
            if (!applied.get()) {
                wrong.add("the edited answer was never served, or the clean one differed");
            }
            Tally t = tally.getOrDefault(kind, new Tally(0, 0, 0, 0, 0, 0, 0));
            tally.put(kind, new Tally(t.count() + 1,
                    t.withProblems() + (journal != null && !journal.problems().isEmpty() ? 1 : 0),
                    t.clean() + (journal != null && journal.problems().isEmpty() ? 1 : 0),
                    t.refused() + (thrown instanceof EljurException ? 1 : 0),
                    t.crashed() + (thrown != null && !(thrown instanceof EljurException) ? 1 : 0),
                    t.failed() + (wrong.isEmpty() ? 0 : 1), t.nanos() + System.nanoTime() - t0));
            if (!wrong.isEmpty()) {
                failedCount++;
                String line = "#" + i + " " + kind + " on " + p.method() + " (" + abbreviate(p.what()) + "), expected "
                        + p.expect() + ": " + String.join("; ", wrong);
                if (failedCount <= 200) {
                    LOG.warn("{}", line);
                }
                if (failed.size() < 20) {
                    failed.add(line + stack(thrown));
                }
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long cpuMillis = (processCpuNanos() - cpuStarted) / 1_000_000;
        tally.forEach((kind, t) -> LOG.info("{}: {} payloads, {} returned with problems, {} returned clean, {} refused "
                + "whole, {} crashed, {} wrong, {} ms", kind, t.count(), t.withProblems(), t.clean(), t.refused(),
                t.crashed(), t.failed(), t.nanos() / 1_000_000));
        // CPU time too: on a busy machine the wall time says more about the neighbours than about the suite
        LOG.info("{} payloads in {} ms ({} ms CPU, simulator included), {} HTTP calls, {} auth calls", PAYLOADS, millis,
                cpuMillis, source.requestCount(), source.authCount());

        ClassJournal after = source.readClass(cls, day, day);
        assertThat(after.records()).as("a clean read after the suite").containsExactlyElementsOf(baseline.records());
        assertThat(after.problems()).isEqualTo(baseline.problems());
        assertThat(failed).as(failedCount + " of " + PAYLOADS + " payloads went wrong; the first ones").isEmpty();
        assertThat(tally).hasSize(kinds.size());
    }

    /** The smallest class with marks and period marks (not grade 1), so that a read makes few and short calls. */
    private SchoolClassG smallClass() {
        return school.classes().stream().filter(c -> c.grade() >= 2 && !school.periodMarks(c.id()).isEmpty())
                .min(Comparator.comparingInt((SchoolClassG c) -> c.pupils().size()).thenComparing(SchoolClassG::name))
                .orElseThrow();
    }

    /** The first school day of the week with marks, absences and homework in the class. */
    private LocalDate dayWithEverything(SchoolClassG cls) {
        return WEEK.datesUntil(WEEK.plusDays(5)).filter(d -> {
            Predicate<Long> ofDay = lessonId -> school.lesson(lessonId).classId() == cls.id()
                    && school.lesson(lessonId).date().equals(d);
            return school.results().stream().anyMatch(r -> r.mark() != null
                    && ofDay.test(school.assignment(r.assignmentId()).lessonId()))
                    && school.attendance().stream().anyMatch(a -> ofDay.test(a.lessonId()))
                    && school.assignments().stream().anyMatch(a -> a.typeId() == 3 && ofDay.test(a.lessonId()));
        }).findFirst().orElseThrow();
    }

    // ---- payloads ----

    private Payload payload(String kind, Random r) throws Exception {
        return BODY_KINDS.contains(kind) ? bodyPayload(kind, r) : recordPayload(kind, r);
    }

    private Payload bodyPayload(String kind, Random r) throws Exception {
        String method = pick(r, METHODS);
        String body = bodies.get(method);
        switch (kind) {
            case "truncated-json": {
                int at = r.nextInt(body.length() - 1);
                return refused(kind, method, "cut at " + at + " of " + body.length(), utf8(body.substring(0, at)));
            }
            case "random-bytes": {
                byte[] junk = new byte[1 + r.nextInt(4096)];
                r.nextBytes(junk);
                return refused(kind, method, junk.length + " bytes", junk);
            }
            case "empty-body": {
                String empty = pick(r, List.of("", " ", "\r\n", "\uFEFF", "\t\t"));
                return refused(kind, method, "«" + empty.replace("\uFEFF", "BOM") + "»", utf8(empty));
            }
            case "html-200": {
                String page = pick(r, List.of(
                        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
                                + "</center><hr><center>nginx</center></body></html>",
                        "<!DOCTYPE html><html><head><title>Вход в систему</title></head><body><form action=\"/login\">"
                                + "</form></body></html>",
                        "\n\n  <!doctype html><html><body><h1>Технические работы</h1><p>ЭлЖур скоро вернётся</p>"
                                + "</body></html>",
                        "<?xml version=\"1.0\"?><error><code>500</code><message>Internal error</message></error>"));
                return refused(kind, method, "page of " + page.length() + " chars", utf8(page));
            }
            case "json-null": {
                String nothing = pick(r, List.of("null", "{}", "[]", "{\"response\":null}",
                        "{\"response\":{\"state\":200,\"error\":null,\"result\":null}}",
                        "{\"response\":{\"state\":200,\"error\":null}}", "\"null\"", "0"));
                return refused(kind, method, nothing, utf8(nothing));
            }
            case "wrong-shape":
                return wrongShape(kind, method, body, r);
            case "deep-nesting": {
                int depth = 100_000;
                String deep = switch (r.nextInt(3)) {
                    case 0 -> "[".repeat(depth);
                    case 1 -> "{\"response\":{\"state\":200,\"error\":null,\"result\":" + "[".repeat(depth)
                            + "]".repeat(depth) + "}}";
                    default -> "{\"response\":{\"state\":200,\"result\":" + "{\"a\":".repeat(depth) + "1"
                            + "}".repeat(depth) + "}}";
                };
                return refused(kind, method, "depth " + depth, utf8(deep));
            }
            case "huge-string": {
                ObjectNode root = (ObjectNode) JSON.readTree(body);
                String where;
                switch (r.nextInt(3)) {
                    case 0 -> {
                        ((ObjectNode) root.path("response").path("result")).put("notice", HUGE_MARK);
                        where = "result.notice";
                    }
                    case 1 -> {
                        Rec rec = pick(r, records(method, root));
                        rec.node().put("comment_full", HUGE_MARK);
                        where = rec.label() + ".comment_full";
                    }
                    default -> {
                        ((ObjectNode) root.path("response")).put("error", HUGE_MARK);
                        where = "response.error under state 200";
                    }
                }
                // an unknown field, whatever its size, changes nothing
                String json = JSON.writeValueAsString(root);
                int at = json.indexOf("\"" + HUGE_MARK + "\"");
                byte[] head = utf8(json.substring(0, at));
                byte[] tail = utf8(json.substring(at + HUGE_MARK.length() + 2));
                byte[] huge = Arrays.copyOf(head, head.length + HUGE_JSON.length + tail.length);
                System.arraycopy(HUGE_JSON, 0, huge, head.length, HUGE_JSON.length);
                System.arraycopy(tail, 0, huge, head.length + HUGE_JSON.length, tail.length);
                return new Payload(kind, method, where + " of " + huge.length + " bytes", huge, Expect.BASELINE,
                        x -> true);
            }
            case "cp1251-as-utf8": {
                byte[] cp1251 = body.getBytes(Charset.forName("windows-1251"));
                boolean same = Arrays.equals(cp1251, utf8(body));
                return new Payload(kind, method, same ? "ASCII only" : "Cyrillic in cp1251", cp1251,
                        same ? Expect.BASELINE : Expect.REFUSED, x -> true);
            }
            case "envelope-error":
                return envelopeError(kind, method, body, r);
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    private Payload wrongShape(String kind, String method, String body, Random r) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(body);
        ObjectNode envelope = (ObjectNode) root.path("response");
        ObjectNode result = (ObjectNode) envelope.path("result");
        int variant = r.nextInt(10);
        if (variant < 4) {
            // facts §5.10: ЭлЖур sends a collection as a map keyed by id or as an array; either must read the same
            List<JsonNode[]> collections = new ArrayList<>();
            collections(null, null, result, collections);
            JsonNode[] c = pick(r, collections);
            JsonNode flipped = flip(c[1]);
            replace(c[0], c[2], flipped);
            return new Payload(kind, method, (c[1].isArray() ? "array→map " : "map→array ") + c[2],
                    JSON.writeValueAsBytes(root), Expect.BASELINE, x -> true);
        }
        String what;
        switch (variant) {
            case 4 -> {
                what = "root wrapped in an array";
                return refused(kind, method, what, utf8("[" + body + "]"));
            }
            case 5 -> {
                envelope.set("result", JSON.createArrayNode().add(result));
                what = "result wrapped in an array";
            }
            case 6 -> {
                envelope.set("result", pick(r, List.<JsonNode>of(TextNode.valueOf("ok"), DoubleNode.valueOf(1),
                        BooleanNode.TRUE)));
                what = "result is a scalar";
            }
            default -> {
                String top = result.has("days") ? "days" : "students";
                result.set(top, pick(r, List.<JsonNode>of(TextNode.valueOf("нет данных"), DoubleNode.valueOf(0),
                        BooleanNode.TRUE)));
                what = "result." + top + " is a scalar";
            }
        }
        // an answer whose frame cannot be read is no evidence that the class is empty: refused, not read as empty
        return refused(kind, method, what, JSON.writeValueAsBytes(root));
    }

    private Payload envelopeError(String kind, String method, String body, Random r) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(body);
        ObjectNode envelope = (ObjectNode) root.path("response");
        int variant = r.nextInt(16);
        if (variant == 0 && r.nextBoolean()) {
            // a server error in the envelope is retried after 200 ms; rare, so that the suite stays fast
            envelope.put("state", 503).put("error", "Сервис временно недоступен");
            return new Payload(kind, method, "state 503, retried", JSON.writeValueAsBytes(root), Expect.BASELINE,
                    x -> true);
        }
        if (variant <= 3) {
            // a token refused: the session authorises once more and repeats the call
            envelope.put("state", 401).put("error", EljurSimulator.TOKEN_ERROR);
            return new Payload(kind, method, "state 401, token refused: auth again", JSON.writeValueAsBytes(root),
                    Expect.BASELINE, x -> true);
        }
        if (variant <= 5) {
            envelope.put("error", "Внимание: плановые работы в субботу");
            return new Payload(kind, method, "state 200 with an error text", JSON.writeValueAsBytes(root),
                    Expect.BASELINE, x -> true);
        }
        String what;
        switch (variant) {
            case 6, 7 -> {
                envelope.put("state", 400).put("error", "Класс не найден");
                what = "state 400";
            }
            case 8, 9 -> {
                envelope.put("state", 403).put("error", "Доступ запрещён");
                what = "state 403";
            }
            case 10 -> {
                envelope.put("state", 400).put("error", EljurSimulator.DEVKEY_ERROR);
                what = "state 400, devkey";
            }
            case 11 -> {
                envelope.remove("state");
                what = "no state";
            }
            case 12 -> {
                envelope.put("state", "ошибка").put("error", "Неизвестная ошибка");
                what = "state is text";
            }
            case 13 -> {
                envelope.put("state", 404).putNull("error");
                what = "state 404 without text";
            }
            default -> {
                envelope.put("state", 0).put("error", "");
                what = "state 0";
            }
        }
        return refused(kind, method, what, JSON.writeValueAsBytes(root));
    }

    private Payload recordPayload(String kind, Random r) throws Exception {
        // a method that has a record and field this kind applies to, then one of them
        List<String> methods = methodsFor.computeIfAbsent(kind, k -> METHODS.stream()
                .filter(m -> !targets(k, records(m, tree(bodies.get(m)))).isEmpty()).toList());
        String method = pick(r, methods);
        ObjectNode root = (ObjectNode) JSON.readTree(bodies.get(method));
        List<Object[]> targets = targets(kind, records(method, root));
        Object[] target = pick(r, targets);
        Rec rec = (Rec) target[0];
        Field field = (Field) target[1];
        ObjectNode node = rec.node();
        String shown;
        switch (kind) {
            case "wrong-type" -> {
                JsonNode value = wrongType(r, node.get(field.name()));
                node.set(field.name(), value);
                shown = value.toString();
            }
            case "missing-field" -> {
                node.remove(field.name());
                shown = "removed";
            }
            case "null-value" -> {
                node.putNull(field.name());
                shown = "null";
            }
            case "invalid-mark" -> shown = put(node, field, pick(r, List.of("7", "-1", "ххх", "5++")));
            case "unknown-pupil" -> shown = put(node, field, Integer.toString(90_000_000 + r.nextInt(9_000_000)));
            case "unknown-lesson" -> shown = put(node, field, Integer.toString(900_000_000 + r.nextInt(90_000_000)));
            case "unknown-subject" -> shown = put(node, field, "Предмет № " + r.nextInt(100_000));
            case "unknown-class" -> shown = put(node, field, pick(r, List.of("9з", "11я", "2в-1", "Выпуск 2019")));
            case "bad-date" -> shown = put(node, field, pick(r, List.of("2026-13-45", "вчера", "")));
            case "over-long-text" -> {
                node.put(field.name(), LONG_TEXT);
                shown = LONG_TEXT.length() + " chars";
            }
            default -> throw new IllegalArgumentException(kind);
        }
        Expect expect = expect(kind, rec.type(), field, node.get(field.name()));
        return new Payload(kind, method, rec.label() + "." + field.name() + " = " + shown,
                JSON.writeValueAsBytes(root), expect, rec.affected());
    }

    /**
     * What a bad value of a field must lead to. A required field gone bad makes the record invalid: a problem. An
     * optional one may be dropped silently. A new subject name or a new pupil in the class list is no error: ЭлЖур
     * keys subjects by name, and the class list is what defines the class. A pupil whose own {@code class} is another
     * class is a contradiction worth a problem; an answer about another class is refused whole. An empty optional
     * date is an absent one.
     */
    private static Expect expect(String kind, String type, Field field, JsonNode value) {
        boolean required = REQUIRED.contains(field.role());
        return switch (kind) {
            case "wrong-type" -> required ? Expect.PROBLEM : Expect.TOLERATED;
            case "missing-field", "null-value" -> field.role() == Role.KEYED_ID || field.role() == Role.DAY
                    ? Expect.TOLERATED : required ? Expect.PROBLEM : Expect.TOLERATED;
            case "invalid-mark", "unknown-lesson" -> Expect.PROBLEM;
            case "unknown-pupil" -> type.equals("PUPIL") ? Expect.TOLERATED : Expect.PROBLEM;
            case "unknown-subject" -> Expect.TOLERATED;
            case "unknown-class" -> field.role() == Role.RESULT_CLASS ? Expect.REFUSED : Expect.PROBLEM;
            case "bad-date" -> field.role() == Role.DATE && value.asText().isEmpty() ? Expect.TOLERATED
                    : Expect.PROBLEM;
            case "over-long-text" -> switch (field.role()) {
                case TEXT, NUM, BOOL, UNUSED -> Expect.TOLERATED;
                default -> Expect.PROBLEM; // an id, name, code or date of 100 000 characters is not one
            };
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** The (record, field) pairs of an answer that a kind applies to. */
    private static List<Object[]> targets(String kind, List<Rec> recs) {
        List<Object[]> out = new ArrayList<>();
        for (Rec rec : recs) {
            for (Field f : FIELDS.get(rec.type())) {
                JsonNode v = rec.node().get(f.name());
                if (v == null) {
                    continue;
                }
                boolean applies = switch (kind) {
                    case "wrong-type", "missing-field", "null-value" -> f.role() != Role.RESULT_CLASS;
                    case "invalid-mark" -> f.role() == Role.MARK || f.role() == Role.CODE;
                    case "unknown-pupil" -> "pupil".equals(f.refersTo());
                    case "unknown-lesson" -> "lesson".equals(f.refersTo());
                    case "unknown-subject" -> "subject".equals(f.refersTo());
                    case "unknown-class" -> f.role() == Role.CLASS || f.role() == Role.RESULT_CLASS;
                    case "bad-date" -> f.role() == Role.DATE || f.role() == Role.DAY;
                    case "over-long-text" -> v.isTextual() && f.role() != Role.RESULT_CLASS;
                    default -> false;
                };
                if (applies) {
                    out.add(new Object[] {rec, f});
                }
            }
        }
        return out;
    }

    /**
     * The records of an answer in the shapes the simulator serves (connectors/eljur/README.md), each with the clean
     * records that may change when it goes bad.
     */
    private List<Rec> records(String method, JsonNode root) {
        List<Rec> out = new ArrayList<>();
        JsonNode result = root.path("response").path("result");
        if (result.has("class")) {
            out.add(new Rec("RESULT", (ObjectNode) result, x -> true, "result"));
        }
        switch (method) {
            case "getclassstudents" -> {
                for (JsonNode p : elements(result.path("students"))) {
                    String s = p.path("name").asText();
                    out.add(new Rec("PUPIL", (ObjectNode) p, ofPupil(s), "pupil " + s));
                }
            }
            case "getschedule", "getdiary" -> {
                boolean diary = method.equals("getdiary");
                for (Iterator<Map.Entry<String, JsonNode>> it = result.path("days").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> d = it.next();
                    out.add(new Rec("DAY", (ObjectNode) d.getValue(), EljurBadInputSuiteTest::ofAnyLesson,
                            "day " + d.getKey()));
                    for (JsonNode item : elements(d.getValue().path("items"))) {
                        String l = item.path("lesson_id").asText();
                        out.add(new Rec(diary ? "LESSON" : "SLOT", (ObjectNode) item, ofLesson(l), "lesson " + l));
                        if (!diary) {
                            continue;
                        }
                        for (JsonNode h : elements(item.path("homework"))) {
                            String id = h.path("id").asText();
                            out.add(new Rec("HOMEWORK", (ObjectNode) h, x -> x.key().sourceId().equals("hw-" + id)
                                    || x.key().sourceId().equals("hwwork-" + id), "homework " + id));
                        }
                        for (JsonNode a : elements(item.path("assessments"))) {
                            String s = a.path("student").asText();
                            if (a.path("mtype").isObject()) {
                                Predicate<CanonicalRecord> work = x -> x instanceof Work w
                                        && w.lessonKey().sourceId().equals("lesson-" + l)
                                        && w.key().sourceId().startsWith("work-");
                                out.add(new Rec("DIARY_MARK", (ObjectNode) a, ofMark(l, s).or(work),
                                        "mark of lesson " + l + ", pupil " + s));
                            } else {
                                out.add(new Rec("ABSENCE", (ObjectNode) a,
                                        x -> x.key().sourceId().equals("att-" + l + "-" + s),
                                        "absence of lesson " + l + ", pupil " + s));
                            }
                        }
                    }
                }
            }
            case "getmarks" -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = result.path("students").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> st = it.next();
                    String s = st.getKey();
                    if (!st.getValue().path("lessons").isEmpty()) { // a pupil without marks carries nothing yet
                        out.add(new Rec("MARKS_STUDENT", (ObjectNode) st.getValue(), x -> x instanceof Mark m
                                && m.pupilKey().sourceId().equals("student-" + s), "getmarks pupil " + s));
                    }
                    for (JsonNode subject : elements(st.getValue().path("lessons"))) {
                        for (JsonNode m : elements(subject.path("marks"))) {
                            String l = m.path("lesson_id").asText();
                            out.add(new Rec("MARK", (ObjectNode) m, ofMark(l, s),
                                    "getmarks mark of lesson " + l + ", pupil " + s));
                        }
                    }
                }
            }
            case "getfinalassessments" -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = result.path("students").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> st = it.next();
                    String s = st.getKey();
                    out.add(new Rec("FINAL_STUDENT", (ObjectNode) st.getValue(), x -> x instanceof PeriodMark pm
                            && pm.pupilKey().sourceId().equals("student-" + s), "final marks of pupil " + s));
                    for (JsonNode item : elements(st.getValue().path("items"))) {
                        String n = item.path("name").asText();
                        if (item.path("assessments").isEmpty()) {
                            continue; // a subject without period marks: its name carries nothing yet
                        }
                        out.add(new Rec("FINAL_ITEM", (ObjectNode) item, x -> x instanceof PeriodMark pm
                                && pm.pupilKey().sourceId().equals("student-" + s)
                                && pm.subjectKey().sourceId().equals("subject-" + n)
                                || x instanceof Subject sub && sub.key().sourceId().equals("subject-" + n),
                                "final marks of pupil " + s + " in «" + n + "»"));
                        for (JsonNode a : elements(item.path("assessments"))) {
                            String key = "pmark-" + a.path("period").asText() + "-" + n + "-" + s;
                            out.add(new Rec("FINAL", (ObjectNode) a, x -> x.key().sourceId().equals(key),
                                    "final mark of pupil " + s + " in «" + n + "» for «"
                                            + a.path("period").asText() + "»"));
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException(method);
        }
        return out;
    }

    private static Predicate<CanonicalRecord> ofPupil(String s) {
        String k = "student-" + s;
        return x -> x instanceof Person p && p.key().sourceId().equals(k)
                || x instanceof Mark m && m.pupilKey().sourceId().equals(k)
                || x instanceof AttendanceEntry a && a.pupilKey().sourceId().equals(k)
                || x instanceof PeriodMark pm && pm.pupilKey().sourceId().equals(k);
    }

    private Predicate<CanonicalRecord> ofLesson(String l) {
        String k = "lesson-" + l;
        NaturalKey subject = subjectOfLesson.get(k);
        return x -> x instanceof Lesson ls && ls.key().sourceId().equals(k)
                || x instanceof Work w && w.lessonKey().sourceId().equals(k)
                || x instanceof Homework h && h.lessonKey().sourceId().equals(k)
                || x instanceof Mark m && m.lessonKey().sourceId().equals(k)
                || x instanceof AttendanceEntry a && a.lessonKey().sourceId().equals(k)
                || x instanceof Subject s && s.key().equals(subject);
    }

    private static boolean ofAnyLesson(CanonicalRecord x) {
        return x instanceof Lesson || x instanceof Work || x instanceof Homework || x instanceof Mark
                || x instanceof AttendanceEntry || x instanceof Subject;
    }

    private static Predicate<CanonicalRecord> ofMark(String l, String s) {
        return x -> x instanceof Mark m && m.lessonKey().sourceId().equals("lesson-" + l)
                && m.pupilKey().sourceId().equals("student-" + s);
    }

    // ---- checks ----

    /** Everything wrong with one outcome; {@code p == null} checks the invariants of a returned journal only. */
    private List<String> failures(Payload p, ClassJournal journal, Throwable thrown) {
        List<String> out = new ArrayList<>();
        if (thrown != null) {
            if (!(thrown instanceof EljurException e)) {
                out.add("crash: " + thrown);
                return out;
            }
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.isBlank() || !message.matches("(?s).*[а-яА-ЯёЁ]{3}.*") || !message.contains(p.method())) {
                out.add("the message does not name " + p.method() + " in Russian: «" + message + "»");
            }
            if (!p.method().equals(e.method())) {
                out.add("refused as " + e.method() + ", the bad answer was " + p.method());
            }
            if (message.contains(DEVKEY) || personal.stream().anyMatch(message::contains)) {
                out.add("the message holds the devkey, a pupil's name or СНИЛС");
            }
            if (p.expect() != Expect.REFUSED) {
                out.add("refused whole: " + e.getMessage());
            }
            return out;
        }
        invariants(journal, out);
        if (p == null) {
            return out;
        }
        switch (p.expect()) {
            case REFUSED -> out.add("returned a journal (" + journal.records().size() + " records, "
                    + journal.problems().size() + " problems " + shortList(journal.problems()) + ")");
            case BASELINE -> {
                if (!new HashSet<>(journal.records()).equals(new HashSet<>(baseline.records()))) {
                    out.add("records differ from the clean read: " + difference(journal));
                }
                if (!journal.problems().equals(baseline.problems())) {
                    out.add("problems " + shortList(journal.problems()));
                }
            }
            case PROBLEM -> {
                if (journal.problems().isEmpty()) {
                    out.add("no SourceProblem names the bad record");
                }
                kept(journal, p.affected(), out);
            }
            case TOLERATED -> kept(journal, p.affected(), out);
            default -> throw new IllegalStateException();
        }
        return out;
    }

    /** True of every returned journal: keys fit the store, references resolve, problems are well-formed. */
    private void invariants(ClassJournal j, List<String> out) {
        Set<NaturalKey> pupils = keys(j.pupils());
        Set<NaturalKey> lessons = keys(j.lessons());
        Set<NaturalKey> works = keys(j.works());
        Set<NaturalKey> subjects = keys(j.subjects());
        for (CanonicalRecord r : j.records()) {
            if (r.key().asString().length() > STORED_KEY) {
                out.add("a key of " + r.key().asString().length() + " characters: " + abbreviate(r.key().asString()));
            }
            boolean resolves = true;
            if (r instanceof Lesson l) {
                resolves = subjects.contains(l.subjectKey())
                        && (l.teacherKey() == null || l.teacherKey().asString().length() <= STORED_KEY);
            } else if (r instanceof Work w) {
                resolves = lessons.contains(w.lessonKey());
            } else if (r instanceof Homework h) {
                resolves = lessons.contains(h.lessonKey()) && works.contains(h.workKey());
            } else if (r instanceof Mark m) {
                resolves = lessons.contains(m.lessonKey()) && works.contains(m.workKey())
                        && pupils.contains(m.pupilKey());
            } else if (r instanceof AttendanceEntry a) {
                resolves = lessons.contains(a.lessonKey()) && pupils.contains(a.pupilKey());
            } else if (r instanceof PeriodMark pm) {
                resolves = pupils.contains(pm.pupilKey()) && subjects.contains(pm.subjectKey());
            }
            if (!resolves) {
                out.add("a dangling reference in " + abbreviate(r.key().asString()));
            }
        }
        for (SourceProblem p : j.problems()) {
            if (p.location() == null || METHODS.stream().noneMatch(p.location()::startsWith)
                    || p.recordId() == null || p.recordId().isBlank() || p.field() == null || p.field().isBlank()
                    || p.reason() == null || !p.reason().matches("(?s).*[а-яА-ЯёЁ]{3}.*")) {
                out.add("an ill-formed problem: " + abbreviate(String.valueOf(p)));
            }
            if (p.recordId() != null && p.recordId().length() > STORED_KEY) {
                out.add("a problem's record of " + p.recordId().length() + " characters");
            }
            String all = p.location() + p.recordId() + p.field() + p.value() + p.reason();
            if (personal.stream().anyMatch(all::contains)) {
                out.add("a problem holds a pupil's name or СНИЛС: " + abbreviate(String.valueOf(p)));
            }
        }
    }

    /** Every clean record that does not depend on the bad one is still there, equal. */
    private void kept(ClassJournal j, Predicate<CanonicalRecord> affected, List<String> out) {
        Map<NaturalKey, CanonicalRecord> byKey = new HashMap<>();
        j.records().forEach(r -> byKey.put(r.key(), r));
        int lost = 0;
        String first = null;
        for (CanonicalRecord r : baseline.records()) {
            if (affected.test(r) || r.equals(byKey.get(r.key()))) {
                continue;
            }
            lost++;
            if (first == null) {
                first = (byKey.containsKey(r.key()) ? "changed " : "lost ") + r.key().sourceId();
            }
        }
        if (lost > 0) {
            out.add(lost + " good records lost or changed, e.g. " + first + "; problems " + shortList(j.problems()));
        }
    }

    private String difference(ClassJournal j) {
        Set<CanonicalRecord> now = new HashSet<>(j.records());
        Set<CanonicalRecord> before = new HashSet<>(baseline.records());
        List<String> lost = before.stream().filter(r -> !now.contains(r)).map(r -> r.key().sourceId()).limit(3)
                .toList();
        List<String> extra = now.stream().filter(r -> !before.contains(r)).map(r -> abbreviate(r.key().sourceId()))
                .limit(3).toList();
        return "missing or changed " + lost + ", new " + extra;
    }

    // ---- helpers ----

    private static Payload refused(String kind, String method, String what, byte[] body) {
        return new Payload(kind, method, what, body, Expect.REFUSED, x -> true);
    }

    private static String put(ObjectNode node, Field field, String value) {
        node.put(field.name(), value);
        return "«" + value + "»";
    }

    /** A value of another JSON type than the field's; never an integer, which an id may legitimately be. */
    private static JsonNode wrongType(Random r, JsonNode current) {
        List<JsonNode> options = new ArrayList<>();
        if (!current.isTextual()) {
            options.add(TextNode.valueOf("строка"));
        }
        if (!current.isNumber()) {
            options.add(DoubleNode.valueOf(12.5));
        }
        if (!current.isObject()) {
            options.add(JSON.createObjectNode().put("x", 1));
        }
        if (!current.isArray()) {
            options.add(JSON.createArrayNode().add(1).add(2));
        }
        if (!current.isBoolean()) {
            options.add(BooleanNode.TRUE);
        }
        return pick(r, options);
    }

    /** {parent, node, field name or index} of every non-empty collection of objects under {@code node}. */
    private static void collections(JsonNode parent, String name, JsonNode node, List<JsonNode[]> out) {
        if (!node.isContainerNode()) {
            return;
        }
        boolean collection = node.size() > 0;
        for (JsonNode child : node) {
            collection &= child.isObject();
        }
        if (collection && parent != null) {
            out.add(new JsonNode[] {parent, node, TextNode.valueOf(name)});
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> collections(node, e.getKey(), e.getValue(), out));
        } else {
            for (int i = 0; i < node.size(); i++) {
                collections(node, Integer.toString(i), node.get(i), out);
            }
        }
    }

    private static JsonNode flip(JsonNode collection) {
        if (collection.isArray()) {
            ObjectNode map = JSON.createObjectNode();
            for (int i = 0; i < collection.size(); i++) {
                map.set(Integer.toString(i), collection.get(i));
            }
            return map;
        }
        ArrayNode list = JSON.createArrayNode();
        collection.forEach(list::add);
        return list;
    }

    private static void replace(JsonNode parent, JsonNode name, JsonNode value) {
        if (parent instanceof ObjectNode o) {
            o.set(name.asText(), value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(name.asText()), value);
        }
    }

    private static List<JsonNode> elements(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isContainerNode()) {
            node.forEach(out::add);
        }
        return out;
    }

    private static <T extends CanonicalRecord> Set<NaturalKey> keys(List<T> records) {
        Set<NaturalKey> out = new HashSet<>();
        records.forEach(r -> out.add(r.key()));
        return out;
    }

    private static String shortList(List<SourceProblem> problems) {
        return problems.stream().limit(3).map(p -> abbreviate(p.toString())).toList().toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "… (" + s.length() + " chars)";
    }

    private static String stack(Throwable t) {
        if (t == null || t instanceof EljurException) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(8, frames.length); i++) {
            sb.append("\n        at ").append(frames[i]);
        }
        return sb.toString();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }
}
