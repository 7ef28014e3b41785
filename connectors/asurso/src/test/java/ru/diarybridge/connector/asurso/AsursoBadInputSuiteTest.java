package ru.diarybridge.connector.asurso;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.CanonicalRecord;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceProblem;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.simulator.asurso.AsursoSimulator;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * 5 000 generated bad answers of АСУ РСО to a class read (the ЭлЖур suite has as many; the АСИОУ file suite 10 000):
 * broken bodies — truncated or random bytes, HTML error pages, JSON of the wrong shape, nesting deep enough to
 * overflow a recursive parser, huge strings, cp1251 sent as UTF-8 — and one broken record in a good answer — wrong
 * types, missing fields, invalid marks, unknown pupils, subjects and lessons, bad dates, over-long texts. Over real
 * HTTP against the simulator, one session for all. For each: nothing but the connector's own exception escapes; a
 * broken body refuses the read with a reason naming the call (a broken body read as "no lessons" would delete the
 * class's marks from the diary); a broken record is reported naming call, record and field, and every record it does
 * not touch is read as before.
 */
class AsursoBadInputSuiteTest {

    private static final int PAYLOADS = 5_000;
    private static final LocalDate DAY = LocalDate.of(2026, 11, 18);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STUDENTS = "/webapi/users/studentlist";
    private static final String MEETINGS = "/webapi/schedule/classmeetings";
    private static final String PAGE = "/webapi/grade/journal/edit";
    private static final String PERIOD_MARKS = "/webapi/grade/periodmarks";
    private static final List<String> ENDPOINTS = List.of(STUDENTS, MEETINGS, PAGE, PERIOD_MARKS);
    private static AsursoSimulator sim;

    @BeforeAll
    static void start() {
        sim = AsursoSimulator.start(0, GeneratedSchool.generate(7, LocalDate.of(2026, 11, 16)), "integration", "p");
    }

    @AfterAll
    static void stop() {
        sim.stop();
    }

    /** What one payload did to the read. */
    private record Outcome(String kind, String endpoint, ClassJournal journal, AsursoException refused) {
    }

    @Test
    void fiveThousandBadAnswersNeverCrashTheReadAreEachNamedAndLeaveTheGoodRecordsAsTheyWere() throws Exception {
        AsursoSettings settings = AsursoSettings.withPassword("samara-107", URI.create(sim.baseUrl()),
                GeneratedSchool.SCHOOL_ID, "integration", "p", null, Duration.ofSeconds(10), 100_000, null, null);
        Random rnd = new Random(20261203);
        Map<String, int[]> summary = new TreeMap<>(); // kind → {payloads, read with problems, refused whole}
        List<String> failures = new ArrayList<>();
        try (AsursoJournalSource source = new AsursoJournalSource(settings)) {
            SchoolClass cls = source.classes().stream().filter(c -> c.grade() == 5).findFirst().orElseThrow();
            ClassJournal baseline = source.readClass(cls, DAY, DAY);
            assertThat(baseline.lessons()).isNotEmpty();
            assertThat(baseline.marks()).isNotEmpty();
            assertThat(baseline.periodMarks()).isNotEmpty();
            assertThat(baseline.problems()).isEmpty();
            Map<String, String> answers = new TreeMap<>();
            for (String endpoint : ENDPOINTS) {
                sim.editNext(endpoint, body -> {
                    answers.put(endpoint, body);
                    return body;
                });
            }
            source.readClass(cls, DAY, DAY);
            assertThat(answers).containsOnlyKeys(ENDPOINTS);
            // the journal page edited is the first lesson's: the connector reads the lessons in the schedule's order
            String firstLesson = JSON.readTree(answers.get(MEETINGS)).get(0).path("classmeetingId").asText();

            for (int i = 0; i < PAYLOADS; i++) {
                String endpoint = ENDPOINTS.get(rnd.nextInt(ENDPOINTS.size()));
                boolean whole = rnd.nextInt(3) == 0;
                Mutation m = whole ? broken(rnd)
                        : recordMutation(rnd, JSON.readTree(answers.get(endpoint)), endpoint, firstLesson);
                sim.editNext(endpoint, m.edit());
                Outcome outcome;
                try {
                    outcome = new Outcome(m.kind(), endpoint, source.readClass(cls, DAY, DAY), null);
                } catch (AsursoException e) {
                    outcome = new Outcome(m.kind(), endpoint, null, e);
                } catch (Throwable t) { // the point of the suite: nothing else may escape the connector
                    failures.add("#" + i + " " + m.kind() + " on " + endpoint + ": crash " + t);
                    sim.clearEdits();
                    continue;
                }
                int[] s = summary.computeIfAbsent(m.kind(), k -> new int[3]);
                s[0]++;
                if (outcome.refused() != null) {
                    s[2]++;
                } else if (!outcome.journal().problems().isEmpty()) {
                    s[1]++;
                }
                check(i, m, outcome, baseline, failures);
            }
            ClassJournal after = source.readClass(cls, DAY, DAY);
            assertThat(after.records()).as("the session survived").containsExactlyInAnyOrderElementsOf(
                    baseline.records());
        }
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AsursoBadInputSuiteTest.class);
        summary.forEach((kind, s) -> log.info(String.format("АСУ РСО bad input %-28s %5d payloads, %5d read with "
                + "problems, %5d refused whole", kind, s[0], s[1], s[2])));
        Map<String, Long> byKind = failures.stream().collect(Collectors.groupingBy(
                x -> x.replaceAll("^#\\d+ ", "").replaceAll(":.*", ""), TreeMap::new, Collectors.counting()));
        assertThat(failures).as(failures.size() + " failures " + byKind + ", the first: " + String.join("\n", failures.stream()
                .limit(20).toList())).isEmpty();
        assertThat(summary.values().stream().mapToInt(s -> s[0]).sum()).isEqualTo(PAYLOADS);
    }

    /**
     * @param mustRefuse the read must throw: the answer as a whole cannot be trusted
     * @param mustReport the read must report a problem naming this field (or refuse the answer)
     * @param touched    ids of the broken record: baseline records that mention none of them must be read unchanged
     */
    private record Mutation(String kind, UnaryOperator<String> edit, boolean mustRefuse, String mustReport,
                            Set<String> touched) {
    }

    private static void check(int i, Mutation m, Outcome o, ClassJournal baseline, List<String> failures) {
        String what = "#" + i + " " + m.kind() + " on " + o.endpoint() + ": ";
        if (o.refused() != null) {
            String message = o.refused().getMessage();
            // the call named may be a later one: a lesson id broken in the schedule fails on that lesson's page
            if (message == null || message.isBlank() || !message.contains("/webapi/")
                    || !message.matches("(?s).*[А-Яа-яЁё].*")) {
                failures.add(what + "refused without a Russian reason naming the call: " + message);
            }
            return;
        }
        if (m.mustRefuse() && !o.journal().records().equals(baseline.records())) {
            // an HTML page is what an expired session answers: the connector logs in again and the repeated call
            // reads the good answer — the one result besides a refusal that is right
            failures.add(what + "a broken answer was read as data: " + o.journal().records().size() + " records, "
                    + o.journal().problems().size() + " problems");
            return;
        }
        if (m.mustRefuse()) {
            return;
        }
        for (SourceProblem p : o.journal().problems()) {
            if (blank(p.location()) || blank(p.recordId()) || blank(p.field()) || blank(p.reason())) {
                failures.add(what + "a problem without call, record, field or reason: " + p);
            }
        }
        if (m.mustReport() != null && o.journal().problems().stream().noneMatch(p -> p.field().equals(m.mustReport()))) {
            failures.add(what + "not reported (field " + m.mustReport() + "), problems " + o.journal().problems());
        }
        Set<CanonicalRecord> read = new HashSet<>(o.journal().records());
        List<String> lost = baseline.records().stream()
                .filter(r -> !(r instanceof Subject) && !mentions(r, m.touched()) && !read.contains(r))
                .map(r -> r.key().sourceId()).limit(5).toList();
        if (!lost.isEmpty()) {
            failures.add(what + "good records lost or changed: " + lost + " (touched " + m.touched() + ")");
        }
        Set<CanonicalRecord> before = new HashSet<>(baseline.records());
        List<String> invented = o.journal().records().stream()
                .filter(r -> !(r instanceof Subject) && !before.contains(r) && !mentions(r, m.touched()))
                .map(r -> r.key().sourceId()).limit(5).toList();
        if (!invented.isEmpty()) {
            failures.add(what + "records made up from a broken one: " + invented + " (touched " + m.touched() + ")");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Whether a record's key, or a key it points at, holds one of the ids ("mark-<assignment>-<pupil>"). */
    private static boolean mentions(CanonicalRecord r, Set<String> ids) {
        List<String> keys = new ArrayList<>(List.of(r.key().sourceId()));
        if (r instanceof Mark x) {
            keys.add(x.lessonKey().sourceId());
            keys.add(x.workKey().sourceId());
            keys.add(x.pupilKey().sourceId());
        } else if (r instanceof AttendanceEntry x) {
            keys.add(x.lessonKey().sourceId());
            keys.add(x.pupilKey().sourceId());
        } else if (r instanceof Work x) {
            keys.add(x.lessonKey().sourceId());
        } else if (r instanceof Homework x) {
            keys.add(x.lessonKey().sourceId());
        } else if (r instanceof PeriodMark x) {
            keys.add(x.pupilKey().sourceId());
        }
        return keys.stream().flatMap(k -> java.util.Arrays.stream(k.split("-"))).anyMatch(ids::contains);
    }

    // ---- broken bodies ----

    private static Mutation broken(Random rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> refuse("truncated JSON", b -> b.substring(0, Math.max(1, rnd.nextInt(Math.max(2, b.length() - 1)))));
            case 1 -> refuse("random bytes", b -> randomText(rnd, 1 + rnd.nextInt(2000)));
            case 2 -> refuse("empty body", b -> "");
            case 3 -> refuse("HTML error page", b -> "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                    + "<body><h1>Ошибка шлюза</h1></body></html>");
            case 4 -> refuse("JSON null", b -> "null");
            case 5 -> refuse("wrong shape", b -> b.stripLeading().startsWith("[") ? "{\"items\":" + b + "}" : "[" + b + "]");
            case 6 -> refuse("deep nesting", b -> "[".repeat(100_000) + "]".repeat(100_000));
            case 7 -> refuse("scalar", b -> rnd.nextBoolean() ? "\"" + "ы".repeat(rnd.nextInt(50)) + "\"" : "42");
            case 8 -> refuse("huge string", b -> "[{\"id\": \"" + "9".repeat(2_000_000) + "\"}");
            default -> refuse("cp1251 as UTF-8", b -> new String(b.getBytes(Charset.forName("windows-1251")),
                    StandardCharsets.UTF_8).substring(0, Math.max(1, b.length() / 2)));
        };
    }

    private static Mutation refuse(String kind, UnaryOperator<String> edit) {
        return new Mutation(kind, edit, true, null, Set.of());
    }

    private static String randomText(Random rnd, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) (rnd.nextInt(3) == 0 ? 0x400 + rnd.nextInt(0x60) : 1 + rnd.nextInt(0x7e)));
        }
        return sb.toString();
    }

    // ---- one broken record in a good answer ----

    private static Mutation recordMutation(Random rnd, JsonNode answer, String endpoint, String firstLesson) {
        ObjectNode record = pick(rnd, answer, endpoint);
        Set<String> touched = ids(record);
        if (record == answer) {
            touched.add(firstLesson);
        }
        List<String> fields = new ArrayList<>();
        record.fieldNames().forEachRemaining(fields::add);
        String field = fields.get(rnd.nextInt(fields.size()));
        boolean list = record.get(field).isArray();
        String kind;
        String mustReport = null;
        JsonNodeFactory f = JsonNodeFactory.instance;
        int choice = rnd.nextInt(8);
        if (field.equals("mark") && choice < 4) {
            Object[] bad = {7, -1, 99, "5++", "ххх", 5.5, "", true};
            Object v = bad[rnd.nextInt(bad.length)];
            record.set(field, v instanceof Integer n ? f.numberNode(n) : v instanceof Double d ? f.numberNode(d)
                    : v instanceof Boolean b ? f.booleanNode(b) : f.textNode((String) v));
            kind = "invalid mark";
            mustReport = "mark";
        } else if (field.equals("studentId") && choice < 4) {
            record.put(field, 999_999_999L);
            kind = "unknown pupil";
            mustReport = endpoint.equals(STUDENTS) ? null : "studentId";
        } else if (field.equals("subjectId") && choice < 4) {
            record.put(field, 987_654L);
            kind = "unknown subject";
            mustReport = "subjectId";
        } else if ((field.equals("day") || field.endsWith("Date")) && choice < 4) {
            String[] bad = {"2026-13-45", "вчера", "", "18.11.2026", "2026-11-31T00:00:00"};
            record.put(field, bad[rnd.nextInt(bad.length)]);
            kind = "bad date";
            mustReport = field.equals("day") ? "day" : null;
        } else {
            switch (choice) {
                case 0, 1 -> {
                    record.remove(field);
                    kind = "missing field";
                }
                case 2 -> {
                    record.set(field, f.nullNode());
                    kind = "null value";
                }
                case 3 -> {
                    record.put(field, "т".repeat(100_000));
                    kind = "over-long text";
                }
                default -> {
                    JsonNode[] other = {f.textNode("abc"), f.numberNode(12345678901L), f.objectNode(), f.arrayNode(),
                        f.booleanNode(true)};
                    record.set(field, other[rnd.nextInt(other.length)]);
                    kind = "wrong type";
                }
            }
        }
        if (record.path(field).isValueNode()) {
            touched.add(record.path(field).asText()); // an id changed to another number is another record
        }
        String body = answer.toString();
        // a list that is missing or no list (attendance, assignments, results): the answer is broken, and reading it
        // as "none" would delete what the diary shows
        boolean brokenList = list && !record.path(field).isArray();
        return new Mutation(kind + (brokenList ? " (list)" : ""), b -> body, brokenList, mustReport, touched);
    }

    /** A record of the answer: a pupil, a lesson, a period mark, or on a journal page an assignment, a mark or an
     * attendance entry (and the page itself). */
    private static ObjectNode pick(Random rnd, JsonNode answer, String endpoint) {
        if (!endpoint.equals(PAGE)) {
            return (ObjectNode) answer.get(rnd.nextInt(answer.size()));
        }
        List<ObjectNode> candidates = new ArrayList<>();
        candidates.add((ObjectNode) answer);
        answer.path("attendance").forEach(a -> candidates.add((ObjectNode) a));
        for (JsonNode a : answer.path("assignments")) {
            candidates.add((ObjectNode) a);
            a.path("results").forEach(r -> candidates.add((ObjectNode) r));
        }
        return candidates.get(rnd.nextInt(candidates.size()));
    }

    /** The ids a record carries (itself and what it points at), as they appear in canonical keys. */
    private static Set<String> ids(ObjectNode record) {
        Set<String> out = new HashSet<>();
        for (String name : List.of("id", "studentId", "classmeetingId", "subjectId", "cmid")) {
            JsonNode v = record.path(name);
            if (v.isValueNode()) {
                out.add(v.asText());
            }
        }
        if (record.has("assignments")) { // the journal page itself: everything on it
            record.path("assignments").forEach(a -> out.add(a.path("id").asText()));
        }
        return out.stream().filter(s -> !s.isBlank()).collect(Collectors.toCollection(HashSet::new));
    }
}
