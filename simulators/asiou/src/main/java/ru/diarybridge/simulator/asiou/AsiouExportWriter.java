package ru.diarybridge.simulator.asiou;

import ru.diarybridge.simulator.school.GeneratedSchool;
import ru.diarybridge.simulator.school.GeneratedSchool.AssignmentG;
import ru.diarybridge.simulator.school.GeneratedSchool.AttendanceG;
import ru.diarybridge.simulator.school.GeneratedSchool.LessonG;
import ru.diarybridge.simulator.school.GeneratedSchool.Pupil;
import ru.diarybridge.simulator.school.GeneratedSchool.ResultG;
import ru.diarybridge.simulator.school.GeneratedSchool.SchoolClassG;
import ru.diarybridge.simulator.school.GeneratedSchool.SchoolSubject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link GeneratedSchool} as an АСИОУ export in diary-bridge's import contract 1.0 (XML or CSV), as a
 * school would upload it. Output is deterministic: the same school and school id give the same bytes.
 * The {@code …WithDefect} variants plant one named error and return its line, for quarantine tests.
 *
 * <p>The record layouts are repeated here on purpose: the simulator must not depend on the connector it tests.
 */
public final class AsiouExportWriter {

    public static final String NAMESPACE = "urn:diary-bridge:asiou-export:1.0";

    /** Errors a test can plant in an otherwise valid file. */
    public enum Defect {
        /** XML only: a «<» inside the first lesson's topic attribute. */
        MALFORMED_XML,
        /** Lesson number 13 in the first lesson (contract: 1..12). */
        SCHEMA_VIOLATION,
        /** The first pupil's СНИЛС has 10 digits. */
        BAD_SNILS,
        /** The first mark points to pupil 999999999. */
        UNKNOWN_PUPIL,
        /** The first mark is «6» in the five-point system. */
        BAD_MARK_VALUE,
        /** The first attendance entry uses «осв», which regulation 004 forbids. */
        RELEASED_ATTENDANCE,
        /** CSV only: the first mark row lacks its last column. */
        WRONG_COLUMN_COUNT,
        /** CSV only: the header line is missing. */
        MISSING_HEADER
    }

    private static final Map<String, List<String>> COLUMNS = new LinkedHashMap<>();
    private static final Map<String, String> SECTIONS = new LinkedHashMap<>();

    static {
        COLUMNS.put("export", List.of("school", "from", "to", "generated", "version"));
        COLUMNS.put("class", List.of("id", "name", "grade", "letter"));
        COLUMNS.put("subject", List.of("id", "name", "shortName"));
        COLUMNS.put("pupil", List.of("id", "class", "lastName", "firstName", "middleName", "birthDate", "snils",
                "consentGiven", "consentDate", "consentDocument", "status", "enrolledOn", "leftOn", "order"));
        COLUMNS.put("lesson", List.of("id", "class", "subject", "date", "number", "teacher", "topic"));
        COLUMNS.put("work", List.of("id", "lesson", "form", "title", "weight"));
        COLUMNS.put("mark", List.of("id", "work", "pupil", "value", "system", "dateSet", "dateCorrected"));
        COLUMNS.put("attendance", List.of("lesson", "pupil", "code", "comment"));
        COLUMNS.put("homework", List.of("id", "lesson", "work", "dueDate", "individual", "text"));
        COLUMNS.put("periodMark", List.of("pupil", "subject", "period", "value", "system", "date"));
        SECTIONS.put("class", "classes");
        SECTIONS.put("subject", "subjects");
        SECTIONS.put("pupil", "pupils");
        SECTIONS.put("lesson", "lessons");
        SECTIONS.put("work", "works");
        SECTIONS.put("mark", "marks");
        SECTIONS.put("attendance", "attendances");
        SECTIONS.put("homework", "homeworks");
        SECTIONS.put("periodMark", "periodMarks");
    }

    private record Row(String type, Map<String, String> fields) {
    }

    private AsiouExportWriter() {
    }

    /** {@code AsiouExportWriter <dir> [seed] [schoolId]}: writes export.xml and export.csv of this week's school. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        String schoolId = args.length > 2 ? args[2] : "school-" + GeneratedSchool.SCHOOL_ID;
        GeneratedSchool school = GeneratedSchool.generate(seed, LocalDate.now());
        writeXml(school, schoolId, dir.resolve("export.xml"));
        writeCsv(school, schoolId, dir.resolve("export.csv"));
        System.out.println("written " + dir.resolve("export.xml") + " and " + dir.resolve("export.csv"));
    }

    public static void writeXml(GeneratedSchool school, String schoolId, Path file) throws IOException {
        write(file, xmlLines(rows(school, schoolId)), false);
    }

    /**
     * The export of one school day: the school's classes, subjects and pupils, and that day's lessons with their
     * works, marks, attendance and homework (a day of changes, as the benchmark's region day counts them).
     */
    public static void writeXmlOfDay(GeneratedSchool school, String schoolId, LocalDate day, Path file)
            throws IOException {
        List<Row> rows = rows(school, schoolId);
        java.util.Set<String> lessons = new java.util.HashSet<>();
        java.util.Set<String> works = new java.util.HashSet<>();
        for (Row r : rows) {
            if (r.type().equals("lesson") && r.fields().get("date").equals(day.toString())) {
                lessons.add(r.fields().get("id"));
            }
            if (r.type().equals("work") && lessons.contains(r.fields().get("lesson"))) {
                works.add(r.fields().get("id"));
            }
        }
        List<Row> kept = new ArrayList<>();
        for (Row r : rows) {
            boolean keep = switch (r.type()) {
                case "lesson" -> lessons.contains(r.fields().get("id"));
                case "work", "attendance", "homework" -> lessons.contains(r.fields().get("lesson"));
                case "mark" -> works.contains(r.fields().get("work"));
                default -> true;
            };
            if (r.type().equals("export")) {
                r.fields().put("from", day.toString());
                r.fields().put("to", day.toString());
            }
            if (keep) {
                kept.add(r);
            }
        }
        write(file, xmlLines(kept), false);
    }

    public static void writeCsv(GeneratedSchool school, String schoolId, Path file) throws IOException {
        write(file, csvLines(rows(school, schoolId)), true);
    }

    /** Writes an XML export with one planted defect; returns the 1-based line of the defect. */
    public static int writeXmlWithDefect(GeneratedSchool school, String schoolId, Path file, Defect defect)
            throws IOException {
        if (defect == Defect.WRONG_COLUMN_COUNT || defect == Defect.MISSING_HEADER) {
            throw new IllegalArgumentException(defect + " is a CSV defect");
        }
        List<Row> rows = rows(school, schoolId);
        Row target = plant(rows, defect);
        List<String> lines = xmlLines(rows);
        int index = lineOf(rows, target, true);
        if (defect == Defect.MALFORMED_XML) {
            lines.set(index, lines.get(index).replaceFirst("topic=\"", "topic=\"<"));
        }
        write(file, lines, false);
        return index + 1;
    }

    /** Writes a CSV export with one planted defect; returns the 1-based line of the defect. */
    public static int writeCsvWithDefect(GeneratedSchool school, String schoolId, Path file, Defect defect)
            throws IOException {
        if (defect == Defect.MALFORMED_XML) {
            throw new IllegalArgumentException(defect + " is an XML defect");
        }
        List<Row> rows = rows(school, schoolId);
        Row target = plant(rows, defect);
        List<String> lines = csvLines(rows);
        if (defect == Defect.MISSING_HEADER) {
            lines.remove(0);
            write(file, lines, true);
            return 1;
        }
        int index = lineOf(rows, target, false);
        if (defect == Defect.WRONG_COLUMN_COUNT) {
            String line = lines.get(index);
            lines.set(index, line.substring(0, line.lastIndexOf(';')));
        }
        write(file, lines, true);
        return index + 1;
    }

    private static Row plant(List<Row> rows, Defect defect) {
        return switch (defect) {
            case MALFORMED_XML -> first(rows, "lesson");
            case SCHEMA_VIOLATION -> set(first(rows, "lesson"), "number", "13");
            case BAD_SNILS -> set(first(rows, "pupil"), "snils", "1234567890");
            case UNKNOWN_PUPIL -> set(first(rows, "mark"), "pupil", "999999999");
            case BAD_MARK_VALUE -> set(first(rows, "mark"), "value", "6");
            case RELEASED_ATTENDANCE -> set(first(rows, "attendance"), "code", "осв");
            case WRONG_COLUMN_COUNT -> first(rows, "mark");
            case MISSING_HEADER -> rows.get(0);
        };
    }

    private static Row first(List<Row> rows, String type) {
        return rows.stream().filter(r -> r.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the school has no " + type));
    }

    private static Row set(Row row, String field, String value) {
        row.fields().put(field, value);
        return row;
    }

    /** Line index of a row in the output: the layouts below put exactly one record on a line. */
    private static int lineOf(List<Row> rows, Row target, boolean xml) {
        int index = 1; // after the XML declaration or the CSV header
        String section = null;
        for (Row r : rows) {
            if (xml && !r.type().equals("export") && !SECTIONS.get(r.type()).equals(section)) {
                index += section == null ? 1 : 2; // closing the previous section, opening this one
                section = SECTIONS.get(r.type());
            }
            if (r == target) {
                return index;
            }
            index++;
        }
        throw new IllegalStateException("row not found");
    }

    static List<Row> rows(GeneratedSchool school, String schoolId) {
        List<Row> rows = new ArrayList<>();
        LocalDate yearStart = LocalDate.of(school.weekStart().getMonthValue() >= 9
                ? school.weekStart().getYear() : school.weekStart().getYear() - 1, 9, 1);
        rows.add(row("export", schoolId, school.weekStart(), school.weekEnd(), school.weekEnd() + "T20:00:00+03:00",
                "1.0"));
        for (SchoolClassG c : school.classes()) {
            rows.add(row("class", c.id(), c.name(), c.grade(), c.letter()));
        }
        for (SchoolSubject s : school.subjects()) {
            rows.add(row("subject", s.id(), s.name(), s.shortName()));
        }
        for (Pupil p : school.pupils()) {
            rows.add(row("pupil", p.id(), p.classId(), p.lastName(), p.firstName(), p.middleName(), p.birthDate(),
                    formatSnils(p.snils()), p.consent(), p.consent() ? yearStart : null,
                    p.consent() ? "Согласие № " + p.id() : null, "enrolled", yearStart, null,
                    "Приказ № 1-у от " + yearStart));
        }
        List<Row> works = new ArrayList<>();
        List<Row> homework = new ArrayList<>();
        for (LessonG l : school.lessons()) {
            rows.add(row("lesson", l.id(), l.classId(), l.subjectId(), l.date(), l.number(), l.teacherId(),
                    l.topic()));
        }
        for (AssignmentG a : school.assignments()) {
            if (a.typeId() == 3) {
                homework.add(row("homework", a.id(), a.lessonId(), null, a.dueDate(), false, a.name()));
            } else {
                works.add(row("work", a.id(), a.lessonId(), GeneratedSchool.assignmentTypeName(a.typeId()),
                        a.name(), a.weight()));
            }
        }
        rows.addAll(works);
        for (ResultG r : school.results()) {
            rows.add(row("mark", r.assignmentId() + "-" + r.studentId(), r.assignmentId(), r.studentId(),
                    r.duty() || r.mark() == null ? "точка" : r.mark().toString(), "mark5", r.markDate(), null));
        }
        for (AttendanceG a : school.attendance()) {
            rows.add(row("attendance", a.lessonId(), a.studentId(), a.reasonMark(), null));
        }
        rows.addAll(homework);
        return rows;
    }

    private static Row row(String type, Object... values) {
        List<String> columns = COLUMNS.get(type);
        if (columns.size() != values.length) {
            throw new IllegalArgumentException(type + ": " + values.length + " values for " + columns);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            fields.put(columns.get(i), values[i] == null ? null : values[i].toString());
        }
        return new Row(type, fields);
    }

    static String formatSnils(String digits) {
        return digits.substring(0, 3) + "-" + digits.substring(3, 6) + "-" + digits.substring(6, 9) + " "
                + digits.substring(9);
    }

    private static List<String> xmlLines(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        String section = null;
        for (Row r : rows) {
            if (r.type().equals("export")) {
                lines.add("<export xmlns=\"" + NAMESPACE + "\"" + attributes(r) + ">");
                continue;
            }
            String s = SECTIONS.get(r.type());
            if (!s.equals(section)) {
                if (section != null) {
                    lines.add("  </" + section + ">");
                }
                lines.add("  <" + s + ">");
                section = s;
            }
            lines.add("    <" + r.type() + attributes(r) + "/>");
        }
        if (section != null) {
            lines.add("  </" + section + ">");
        }
        lines.add("</export>");
        return lines;
    }

    private static String attributes(Row r) {
        StringBuilder sb = new StringBuilder();
        r.fields().forEach((k, v) -> {
            if (v != null) {
                sb.append(' ').append(k).append("=\"").append(escapeXml(v)).append('"');
            }
        });
        return sb.toString();
    }

    private static String escapeXml(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
    }

    private static List<String> csvLines(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("record;" + String.join(";", COLUMNS.get("export")));
        for (Row r : rows) {
            StringBuilder sb = new StringBuilder(r.type());
            r.fields().values().forEach(v -> sb.append(';').append(escapeCsv(v)));
            lines.add(sb.toString());
        }
        return lines;
    }

    private static String escapeCsv(String v) {
        if (v == null) {
            return "";
        }
        if (v.contains(";") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(v.strip())) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** CSV gets a BOM and CRLF, as Excel writes «CSV UTF-8»; XML gets LF. */
    private static void write(Path file, List<String> lines, boolean csv) throws IOException {
        String eol = csv ? "\r\n" : "\n";
        String text = (csv ? "\uFEFF" : "") + String.join(eol, lines) + eol;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
