package ru.diarybridge.connector.asurso;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import ru.diarybridge.mapping.asurso.AsursoMapping;
import ru.diarybridge.model.Announcement;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Consent;
import ru.diarybridge.model.Enrolment;
import ru.diarybridge.model.EnrolmentStatus;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.JournalSource;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.MarkValue;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceProblem;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.model.WorkForm;

/**
 * Reads one school's journal from АСУ РСО with a staff account: classes, pupils, subjects, the class meetings of
 * a date range and, per meeting, the journal page with marks, attendance and topic ({@code grade/journal/edit},
 * facts §1.9). One instance is one session; close it to log out.
 */
public final class AsursoJournalSource implements JournalSource {

    private final AsursoSettings settings;
    private final NetSchoolSession session;
    private Map<Integer, String> typeNames;
    private Map<Long, Subject> subjects;
    private int maxMark = 5;
    private List<Period> periods;
    private List<SourceProblem> periodProblems = List.of();

    public AsursoJournalSource(AsursoSettings settings) {
        this.settings = settings;
        this.session = new NetSchoolSession(settings);
    }

    /** Calls made so far, for progress and benchmark figures. */
    public int requestCount() {
        return session.requestCount();
    }

    @Override
    public SourceInfo probe() {
        JsonNode loginData = session.probe();
        return new SourceInfo(SourceSystem.ASURSO, loginData.path("productName").asText("NetSchool"),
                session.version() == null ? "unknown" : session.version());
    }

    @Override
    public List<SchoolClass> classes() {
        List<SchoolClass> out = new ArrayList<>();
        for (JsonNode c : session.list("/webapi/classes")) {
            int grade = c.path("grade").path("id").asInt(0);
            if (grade < 1 || grade > 11) {
                continue; // pre-school and college groups are not in the diary
            }
            out.add(new SchoolClass(key("class-" + c.path("id").asLong()), c.path("name").asText(), grade,
                    c.path("letter").asText("")));
        }
        return out;
    }

    /**
     * The terms of the current school year ({@code GET /webapi/terms}): quarters and, when the school's scheme has
     * them, half-years. A term whose type or dates cannot be read is left out (see {@link #periodProblems()}).
     */
    @Override
    public List<Period> periods() {
        if (periods != null) {
            return periods;
        }
        String call = "GET /webapi/terms";
        List<Period> out = new ArrayList<>();
        List<SourceProblem> problems = new ArrayList<>();
        for (JsonNode t : session.list("/webapi/terms")) {
            long id = t.path("id").asLong();
            String name = t.path("termName").asText("");
            LocalDate start = date(t.path("startDate"));
            LocalDate end = date(t.path("endDate"));
            PeriodType type = termType(name, t.path("termTypeId").asInt(0));
            if (id == 0 || start == null || end == null || end.isBefore(start) || type == null) {
                problems.add(new SourceProblem(call, "период " + id, type == null ? "termName" : "startDate/endDate",
                        type == null ? name : t.path("startDate").asText() + "–" + t.path("endDate").asText(),
                        type == null ? "неизвестный вид периода (не четверть и не полугодие)" : "нет дат периода"));
                continue;
            }
            int number = leadingNumber(name);
            out.add(new Period(key("term-" + id), key("year-" + t.path("schoolYearId").asLong(0)), type,
                    number, name, start, end));
        }
        periods = List.copyOf(out);
        periodProblems = List.copyOf(problems);
        return periods;
    }

    /**
     * The guardians of a class's pupils ({@code GET /webapi/users/parentlist?classId=}, UNVERIFIED: see README):
     * one Person of role GUARDIAN per row, {@code guardianOf} = {@code student-<id>} of each of {@code studentIds}.
     * A row without an id or a child is skipped; a server without the call (an error answer) gives no guardians.
     */
    @Override
    public List<Person> guardians(SchoolClass schoolClass) {
        String classId = schoolClass.key().sourceId().substring("class-".length());
        JsonNode rows;
        try {
            rows = session.list("/webapi/users/parentlist?classId=" + classId);
        } catch (AsursoException e) {
            return List.of();
        }
        List<Person> out = new ArrayList<>();
        for (JsonNode g : rows) {
            long id = g.path("id").asLong();
            List<NaturalKey> children = new ArrayList<>();
            for (JsonNode child : g.path("studentIds")) {
                children.add(key("student-" + child.asLong()));
            }
            if (id == 0 || children.isEmpty()) {
                continue;
            }
            out.add(new Person(key("parent-" + id), PersonRole.GUARDIAN, g.path("lastName").asText(),
                    g.path("firstName").asText(), g.path("middleName").asText(null), null,
                    blankToNull(g.path("snils").asText(null)), null, children, null, null));
        }
        return out;
    }

    /** The terms {@link #periods()} could not read. */
    public List<SourceProblem> periodProblems() {
        return periodProblems;
    }

    /** The school's holidays ({@code GET /webapi/calendar/vacations}), for the calendar; bad items are skipped. */
    public List<Vacation> vacations() {
        List<Vacation> out = new ArrayList<>();
        for (JsonNode v : session.list("/webapi/calendar/vacations")) {
            LocalDate start = date(v.path("startTime"));
            LocalDate end = date(v.path("endTime"));
            if (start != null && end != null && !end.isBefore(start)) {
                out.add(new Vacation(v.path("name").asText(""), start, end));
            }
        }
        return out;
    }

    /** The school's announcements ({@code GET /webapi/announcements?take=-1}, facts §1.5); bad items are skipped. */
    @Override
    public List<Announcement> announcements() {
        List<Announcement> out = new ArrayList<>();
        for (JsonNode a : session.list("/webapi/announcements?take=-1")) {
            long id = a.path("id").asLong(0);
            OffsetDateTime posted = dateTime(a.path("postDate"));
            if (id == 0 || posted == null) {
                continue;
            }
            out.add(new Announcement(key("announcement-" + id), a.path("name").asText(""),
                    a.path("description").asText(""), posted, null));
        }
        return out;
    }

    @Override
    public ClassJournal readClass(SchoolClass schoolClass, LocalDate from, LocalDate to) {
        loadDictionaries();
        String classId = schoolClass.key().sourceId().substring("class-".length());
        List<SourceProblem> problems = new ArrayList<>();
        String pupilsCall = "/webapi/users/studentlist?classId=" + classId;
        Map<Long, Person> pupils = new LinkedHashMap<>();
        for (JsonNode p : session.list(pupilsCall)) {
            if (!hasId(p, "id")) {
                problems.add(new SourceProblem("GET " + pupilsCall, "ученик «" + p.path("id").asText() + "»", "id",
                        p.path("id").asText(), "нет числового идентификатора ученика"));
                continue;
            }
            long id = p.path("id").asLong();
            pupils.put(id, new Person(key("student-" + id), PersonRole.PUPIL, p.path("lastName").asText(),
                    p.path("firstName").asText(), p.path("middleName").asText(null), date(p.path("birthDate")),
                    blankToNull(p.path("snils").asText(null)), schoolClass.key(), List.of(),
                    p.path("pdConsent").asBoolean(false) ? new Consent(true, null, "АСУ РСО: pdConsent") : Consent.NONE,
                    new Enrolment(p.path("free").asBoolean(false) ? EnrolmentStatus.LEFT : EnrolmentStatus.ENROLLED,
                            null, null, null)));
        }

        List<Lesson> lessons = new ArrayList<>();
        List<Work> works = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        List<AttendanceEntry> attendance = new ArrayList<>();
        List<Homework> homework = new ArrayList<>();
        Set<Subject> usedSubjects = new HashSet<>();
        JsonNode meetings = session.list("/webapi/schedule/classmeetings?classId=" + classId
                + "&start=" + from + "T00:00:00&end=" + to + "T00:00:00");
        for (JsonNode cm : meetings) {
            if (!hasId(cm, "classmeetingId")) {
                problems.add(new SourceProblem("GET /webapi/schedule/classmeetings?classId=" + classId,
                        "урок «" + cm.path("classmeetingId").asText() + "»", "classmeetingId",
                        cm.path("classmeetingId").asText(), "нет числового идентификатора урока"));
                continue;
            }
            long cmid = cm.path("classmeetingId").asLong();
            LocalDate day = date(cm.path("day"));
            Subject subject = subjects.get(cm.path("subjectId").asLong());
            if (day == null || subject == null) {
                problems.add(new SourceProblem("GET /webapi/schedule/classmeetings?classId=" + classId,
                        "урок " + cmid, day == null ? "day" : "subjectId",
                        day == null ? cm.path("day").asText() : cm.path("subjectId").asText(),
                        day == null ? "нет даты урока" : "предмет не найден в справочнике предметов"));
                continue;
            }
            usedSubjects.add(subject);
            String call = "/webapi/grade/journal/edit?cmid=" + cmid + "&sgId=" + cm.path("subjectGroup").path("id").asLong();
            JsonNode page = session.object(call);
            NaturalKey lessonKey = key("cm-" + cmid);
            lessons.add(new Lesson(lessonKey, schoolClass.key(), null, subject.key(),
                    cm.path("teacher").isMissingNode() ? null : key("staff-" + cm.path("teacher").path("id").asLong()),
                    day, cm.path("number").asInt(), blankToNull(page.path("lessonName").asText(null))));

            for (JsonNode a : listField(page, "attendance", call)) {
                long studentId = a.path("studentId").asLong();
                Optional<AttendanceCode> code = AsursoMapping.attendance(a.path("reason").asText(null));
                if (!pupils.containsKey(studentId)) {
                    problems.add(new SourceProblem("GET " + call, "ученик " + studentId, "studentId",
                            Long.toString(studentId), "ученик не числится в классе " + schoolClass.name()));
                } else if (code.isEmpty()) {
                    problems.add(new SourceProblem("GET " + call, "посещаемость ученика " + studentId, "reason",
                            a.path("reason").asText(), "неизвестный код посещаемости"));
                } else {
                    attendance.add(new AttendanceEntry(key("att-" + cmid + "-" + studentId), lessonKey,
                            pupils.get(studentId).key(), code.get(), null));
                }
            }
            for (JsonNode a : listField(page, "assignments", call)) {
                if (!hasId(a, "id")) {
                    problems.add(new SourceProblem("GET " + call, "задание «" + a.path("id").asText() + "»", "id",
                            a.path("id").asText(), "нет числового идентификатора задания; его оценки не прочитаны"));
                    continue;
                }
                long assignId = a.path("id").asLong();
                String typeName = typeNames.getOrDefault(a.path("typeId").asInt(), "");
                WorkForm form = AsursoMapping.workForm(typeName);
                NaturalKey workKey = key("assign-" + assignId);
                works.add(new Work(workKey, lessonKey, form, a.path("assignmentName").asText(""),
                        a.path("weight").asInt(0)));
                if (form == WorkForm.HOMEWORK) {
                    homework.add(new Homework(key("hw-" + assignId), lessonKey, workKey,
                            a.path("assignmentName").asText(""), date(a.path("dueDate")), false));
                }
                for (JsonNode r : listField(a, "results", call)) {
                    long studentId = r.path("studentId").asLong();
                    Person pupil = pupils.get(studentId);
                    String where = "оценка за задание " + assignId + ", ученик " + studentId;
                    if (pupil == null) {
                        problems.add(new SourceProblem("GET " + call, where, "studentId", Long.toString(studentId),
                                "ученик не числится в классе " + schoolClass.name()));
                        continue;
                    }
                    Optional<MarkValue> value;
                    try {
                        value = AsursoMapping.markValue(r.path("mark").canConvertToExactIntegral()
                                && r.path("mark").canConvertToInt() ? r.path("mark").asInt() : null,
                                r.path("duty").asBoolean(false), maxMark);
                    } catch (IllegalArgumentException e) {
                        problems.add(new SourceProblem("GET " + call, where, "mark", r.path("mark").asText(),
                                "недопустимое значение оценки"));
                        continue;
                    }
                    if (value.isEmpty()) {
                        if (!r.path("mark").isMissingNode() && !r.path("mark").isNull()) {
                            problems.add(new SourceProblem("GET " + call, where, "mark", r.path("mark").asText(),
                                    "оценка не число"));
                        }
                        continue;
                    }
                    LocalDate set = Optional.ofNullable(date(r.path("markDate"))).orElse(day);
                    marks.add(new Mark(key("mark-" + assignId + "-" + studentId), workKey, lessonKey, pupil.key(),
                            value.get(), a.path("weight").asInt(0), set, null));
                }
            }
        }
        List<PeriodMark> periodMarks = readPeriodMarks(schoolClass, classId, to, pupils, usedSubjects, problems);
        List<Subject> subjectList = subjects.values().stream().filter(usedSubjects::contains).toList();
        return new ClassJournal(schoolClass, from, to, List.copyOf(pupils.values()), subjectList, lessons, works,
                marks, attendance, homework, periodMarks, problems);
    }

    /**
     * Period marks of the class for every term of its kind (quarters for grades 2–9, half-years for 10–11; none in
     * grade 1, 001 §3.2.4.11) that overlaps or precedes the range: one UNVERIFIED call
     * {@code GET /webapi/grade/periodmarks?classId=&termId=} per term.
     */
    private List<PeriodMark> readPeriodMarks(SchoolClass schoolClass, String classId, LocalDate to,
                                             Map<Long, Person> pupils, Set<Subject> usedSubjects,
                                             List<SourceProblem> problems) {
        if (schoolClass.grade() == 1) {
            return List.of();
        }
        PeriodType wanted = schoolClass.grade() >= 10 ? PeriodType.HALF_YEAR : PeriodType.QUARTER;
        List<Period> all = periods();
        List<Period> terms = all.stream().filter(p -> p.type() == wanted).toList();
        if (terms.isEmpty()) {
            terms = all; // a school with another scheme: read what it has
        }
        List<PeriodMark> out = new ArrayList<>();
        for (Period term : terms) {
            if (term.start().isAfter(to)) {
                continue;
            }
            String termId = term.key().sourceId().substring("term-".length());
            String call = "/webapi/grade/periodmarks?classId=" + classId + "&termId=" + termId;
            for (JsonNode m : session.list(call)) {
                long studentId = m.path("studentId").asLong();
                long subjectId = m.path("subjectId").asLong();
                String where = "итоговая оценка за «" + term.name() + "», ученик " + studentId + ", предмет " + subjectId;
                Person pupil = pupils.get(studentId);
                Subject subject = subjects.get(subjectId);
                if (pupil == null) {
                    problems.add(new SourceProblem("GET " + call, where, "studentId", m.path("studentId").asText(),
                            "ученик не числится в классе " + schoolClass.name()));
                    continue;
                }
                if (subject == null) {
                    problems.add(new SourceProblem("GET " + call, where, "subjectId", m.path("subjectId").asText(),
                            "предмет не найден в справочнике предметов"));
                    continue;
                }
                JsonNode mark = m.path("mark");
                Optional<MarkValue> value;
                try {
                    value = mark.isInt() ? AsursoMapping.markValue(mark.asInt(), false, maxMark) : Optional.empty();
                } catch (IllegalArgumentException e) {
                    value = Optional.empty();
                }
                if (value.isEmpty()) {
                    problems.add(new SourceProblem("GET " + call, where, "mark", mark.isMissingNode() ? "" : mark.asText(),
                            "недопустимое значение итоговой оценки"));
                    continue;
                }
                usedSubjects.add(subject);
                LocalDate set = Optional.ofNullable(date(m.path("markDate"))).orElse(term.end());
                out.add(new PeriodMark(key("pmark-" + termId + "-" + subjectId + "-" + studentId), pupil.key(),
                        subject.key(), term.key(), term.type(), value.get(), set));
            }
        }
        return out;
    }

    private static PeriodType termType(String name, int termTypeId) {
        String lower = name.toLowerCase();
        if (lower.contains("полугод")) {
            return PeriodType.HALF_YEAR;
        }
        if (lower.contains("четвер")) {
            return PeriodType.QUARTER;
        }
        return switch (termTypeId) { // UNVERIFIED ids: 1 quarter, 2 half-year
            case 1 -> PeriodType.QUARTER;
            case 2 -> PeriodType.HALF_YEAR;
            default -> null;
        };
    }

    private static int leadingNumber(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(name);
        return m.find() ? Integer.parseInt(m.group()) : 0;
    }

    private OffsetDateTime dateTime(JsonNode node) {
        String text = node.asText(null);
        if (text == null || text.length() < 10) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(settings.zone()).toOffsetDateTime();
            }
            return LocalDateTime.parse(text.length() > 19 ? text.substring(0, 19) : text)
                    .atZone(settings.zone()).toOffsetDateTime();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void loadDictionaries() {
        if (typeNames != null) {
            return;
        }
        Map<Integer, String> types = new HashMap<>();
        for (JsonNode t : session.list("/webapi/grade/assignment/types?all=false")) {
            types.put(t.path("id").asInt(), t.path("name").asText());
        }
        Map<Long, Subject> subs = new LinkedHashMap<>();
        for (JsonNode s : session.list("/webapi/subjects")) {
            long id = s.path("id").asLong();
            subs.put(id, new Subject(key("subject-" + id), s.path("name").asText(), s.path("shortName").asText(null)));
        }
        typeNames = types;
        subjects = subs;
    }

    /** A list inside an answer: missing or not a list, the answer is broken and refused (see {@code list}). */
    private static JsonNode listField(JsonNode node, String field, String call) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new AsursoException(AsursoException.Reason.BAD_RESPONSE, 200, "АСУ РСО: в ответе на GET " + call
                    + " поле «" + field + "» " + (value == null ? "отсутствует" : "не список") + ", ответ не принят");
        }
        return value;
    }

    /** A record's own id: a whole number, or the record is reported and skipped (never a made-up id 0). */
    private static boolean hasId(JsonNode node, String field) {
        JsonNode id = node.path(field);
        return id.isIntegralNumber() || id.isTextual() && id.asText().matches("\\d{1,18}");
    }

    private NaturalKey key(String sourceId) {
        return NaturalKey.of(SourceSystem.ASURSO, settings.schoolId(), sourceId);
    }

    private static LocalDate date(JsonNode node) {
        String text = node.asText(null);
        if (text == null || text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public void close() {
        session.close();
    }
}
