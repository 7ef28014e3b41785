package ru.diarybridge.connector.asurso;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import ru.diarybridge.mapping.asurso.AsursoMapping;
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
        for (JsonNode c : session.get("/webapi/classes")) {
            int grade = c.path("grade").path("id").asInt(0);
            if (grade < 1 || grade > 11) {
                continue; // pre-school and college groups are not in the diary
            }
            out.add(new SchoolClass(key("class-" + c.path("id").asLong()), c.path("name").asText(), grade,
                    c.path("letter").asText("")));
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
        for (JsonNode p : session.get(pupilsCall)) {
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
        JsonNode meetings = session.get("/webapi/schedule/classmeetings?classId=" + classId
                + "&start=" + from + "T00:00:00&end=" + to + "T00:00:00");
        for (JsonNode cm : meetings) {
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
            JsonNode page = session.get(call);
            NaturalKey lessonKey = key("cm-" + cmid);
            lessons.add(new Lesson(lessonKey, schoolClass.key(), null, subject.key(),
                    cm.path("teacher").isMissingNode() ? null : key("staff-" + cm.path("teacher").path("id").asLong()),
                    day, cm.path("number").asInt(), blankToNull(page.path("lessonName").asText(null))));

            for (JsonNode a : page.path("attendance")) {
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
            for (JsonNode a : page.path("assignments")) {
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
                for (JsonNode r : a.path("results")) {
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
                        value = AsursoMapping.markValue(r.path("mark").isNumber() ? r.path("mark").asInt() : null,
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
        List<Subject> subjectList = subjects.values().stream().filter(usedSubjects::contains).toList();
        return new ClassJournal(schoolClass, from, to, List.copyOf(pupils.values()), subjectList, lessons, works,
                marks, attendance, homework, problems);
    }

    private void loadDictionaries() {
        if (typeNames != null) {
            return;
        }
        Map<Integer, String> types = new HashMap<>();
        for (JsonNode t : session.get("/webapi/grade/assignment/types?all=false")) {
            types.put(t.path("id").asInt(), t.path("name").asText());
        }
        Map<Long, Subject> subs = new LinkedHashMap<>();
        for (JsonNode s : session.get("/webapi/subjects")) {
            long id = s.path("id").asLong();
            subs.put(id, new Subject(key("subject-" + id), s.path("name").asText(), s.path("shortName").asText(null)));
        }
        typeNames = types;
        subjects = subs;
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
