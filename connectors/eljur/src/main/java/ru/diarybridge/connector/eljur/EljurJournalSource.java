package ru.diarybridge.connector.eljur;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ru.diarybridge.connector.eljur.EljurException.Reason;
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
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.MarkValue;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceProblem;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.model.WorkForm;

/**
 * Reads one school's journal from ЭлЖур with a school-level account: classes from {@code getrules}, pupils from
 * {@code getclassstudents}, the lessons from {@code getschedule}, their topics, homework, marks and absences from
 * {@code getdiary}, and each mark's value, weight and set date from {@code getmarks}, all by {@code class} and
 * {@code days} (facts §3.2; the school-level shapes are UNVERIFIED, see README). A bad item or a mismatch between
 * the methods becomes a {@link SourceProblem}; the rest of the class is still read.
 */
public final class EljurJournalSource implements JournalSource {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Set<String> PASS_FAIL = Set.of("зач", "незач");
    /** Source ids and names become keys, and the store's keys are VARCHAR(255). */
    private static final int MAX_ID = 32;
    private static final int MAX_NAME = 100;
    private static final int SHOWN = 50;

    private final EljurSettings settings;
    private final EljurSession session;
    private List<Period> periods;
    private Set<String> disabledPeriods = Set.of();

    public EljurJournalSource(EljurSettings settings) {
        this.settings = settings;
        this.session = new EljurSession(settings);
    }

    /** HTTP calls made so far, for progress and benchmark figures. */
    public int requestCount() {
        return session.requestCount();
    }

    /** Successful {@code auth} calls so far. */
    public int authCount() {
        return session.authCount();
    }

    /** ЭлЖур has no version endpoint: probing authorises and reads {@code getrules}, which proves devkey and account. */
    @Override
    public SourceInfo probe() {
        JsonNode rules = session.get("getrules", Map.of());
        String base = settings.baseUrl().getPath().replaceAll("^.*/", "");
        return new SourceInfo(SourceSystem.ELJUR, "ЭлЖур" + (rules.path("vendor").isTextual()
                ? " (" + rules.path("vendor").asText() + ")" : ""), base.isEmpty() ? "api" : base);
    }

    @Override
    public List<SchoolClass> classes() {
        JsonNode groups = session.get("getrules", Map.of()).path("relations").path("groups");
        List<SchoolClass> out = new ArrayList<>();
        for (JsonNode g : values(groups)) {
            String name = g.path("name").asText("").strip();
            int grade = g.path("parallel").asInt(leadingNumber(name));
            if (name.isEmpty() || grade < 1 || grade > 11) {
                continue; // pre-school and college groups are not in the diary
            }
            String letter = name.replaceFirst("^\\d+", "").strip();
            out.add(new SchoolClass(key("class-" + name), name, grade, letter));
        }
        return out;
    }

    /**
     * The school year's periods from {@code getperiods} (school-level shape UNVERIFIED: {@code result.periods[…]},
     * or the family shape {@code result.students[{periods[…]}]}). The type is told by the name: «четверть» →
     * QUARTER, «полугодие» → HALF_YEAR, «год» → YEAR; dates are {@code YYYYMMDD}. Disabled periods and periods
     * whose type or dates cannot be read (e.g. «триместр») are left out. Keys: {@code period-<name>}, because
     * {@code getfinalassessments} names periods, it gives no ids.
     */
    @Override
    public List<Period> periods() {
        if (periods != null) {
            return periods;
        }
        JsonNode result = session.get("getperiods", Map.of());
        JsonNode list = result.path("periods");
        if (list.isMissingNode()) {
            for (JsonNode student : values(result.path("students"))) {
                list = student.path("periods");
                break;
            }
        }
        String yearKey = null;
        List<Period> out = new ArrayList<>();
        Set<String> disabled = new java.util.HashSet<>();
        for (JsonNode p : values(list)) {
            String name = p.path("name").asText("").strip();
            LocalDate start = basicDate(p.path("start").asText(null));
            LocalDate end = basicDate(p.path("end").asText(null));
            PeriodType type = periodType(name.isEmpty() ? p.path("fullname").asText("") : name);
            if (bool(p.path("disabled"))) {
                disabled.add(name.toLowerCase());
                continue;
            }
            if (name.isEmpty() || name.length() > MAX_NAME || start == null || end == null || end.isBefore(start)
                    || type == null) {
                continue;
            }
            if (yearKey == null) {
                int y = start.getMonthValue() >= 8 ? start.getYear() : start.getYear() - 1;
                yearKey = "year-" + y + "-" + (y + 1);
            }
            out.add(new Period(key("period-" + name), key(yearKey), type, leadingNumber(name), name, start, end));
        }
        periods = List.copyOf(out);
        disabledPeriods = Set.copyOf(disabled);
        return periods;
    }

    /** The school's notices ({@code getboardnotices}, shape UNVERIFIED, see README); items without id are skipped. */
    @Override
    public List<Announcement> announcements() {
        JsonNode result = session.get("getboardnotices", Map.of());
        JsonNode list = result.path("notices").isMissingNode() ? result.path("messages") : result.path("notices");
        List<Announcement> out = new ArrayList<>();
        for (JsonNode n : values(list)) {
            String id = n.path("id").asText("").strip();
            OffsetDateTime posted = dateTime(n.path("date").asText(null));
            if (id.isEmpty() || posted == null) {
                continue;
            }
            String title = n.path("title").asText(n.path("subject").asText(""));
            out.add(new Announcement(key("notice-" + id), title, n.path("text").asText(""), posted, null));
        }
        return out;
    }

    @Override
    public ClassJournal readClass(SchoolClass schoolClass, LocalDate from, LocalDate to) {
        String cls = schoolClass.name();
        List<SourceProblem> problems = new ArrayList<>();

        String pupilsCall = "getclassstudents?class=" + cls;
        Map<String, Person> pupils = new LinkedHashMap<>();
        JsonNode classList = collection(session.get("getclassstudents", Map.of("class", cls)), "students",
                "getclassstudents", cls);
        for (JsonNode p : values(classList)) {
            JsonNode idNode = present(p.path("name")) ? p.path("name") : p.path("id");
            String badPupil = badId(idNode);
            if (badPupil != null) {
                problems.add(new SourceProblem(pupilsCall, "ученик без id", "name", shown(idNode),
                        "идентификатор ученика " + badPupil));
                continue;
            }
            String id = idNode.asText().strip();
            String ownClass = p.path("class").isValueNode() ? p.path("class").asText("").strip() : "";
            if (!ownClass.isEmpty() && !ownClass.equalsIgnoreCase(cls.strip())) {
                problems.add(new SourceProblem(pupilsCall, "ученик " + id, "class", shown(ownClass),
                        "ученик числится в классе «" + shown(ownClass) + "», а не в «" + cls + "»; не взят"));
                continue;
            }
            LocalDate birthday = isoDate(p.path("birthday").asText(null));
            if (birthday == null && !p.path("birthday").asText("").isBlank()) {
                // a birthday is personal data: the value is not quoted
                problems.add(new SourceProblem(pupilsCall, "ученик " + id, "birthday", "",
                        "дата рождения не читается (ожидается ГГГГ-ММ-ДД); ученик взят без неё"));
            }
            pupils.put(id, new Person(key("student-" + id), PersonRole.PUPIL, text(p, "lastname"),
                    text(p, "firstname"), text(p, "middlename"), birthday,
                    text(p, "snils"), schoolClass.key(), List.of(),
                    bool(p.path("consent")) ? new Consent(true, null, "ЭлЖур: consent") : Consent.NONE,
                    new Enrolment(bool(p.path("left")) ? EnrolmentStatus.LEFT : EnrolmentStatus.ENROLLED,
                            null, null, null)));
        }

        String days = from.format(DAY) + "-" + to.format(DAY);
        String scheduleCall = "getschedule?class=" + cls + "&days=" + days;
        String diaryCall = "getdiary?class=" + cls + "&days=" + days;
        String marksCall = "getmarks?class=" + cls + "&days=" + days;
        Map<String, DayItem> diaryItems = dayItems(collection(session.get("getdiary",
                Map.of("class", cls, "days", days)), "days", "getdiary", cls), diaryCall, problems);
        Map<String, DayItem> scheduled = dayItems(collection(session.get("getschedule",
                Map.of("class", cls, "days", days)), "days", "getschedule", cls), scheduleCall, problems);
        Map<String, MarkEntry> marksIndex = marksIndex(collection(session.get("getmarks",
                Map.of("class", cls, "days", days)), "students", "getmarks", cls), marksCall, problems);

        Map<String, Subject> subjects = new LinkedHashMap<>();
        List<Lesson> lessons = new ArrayList<>();
        Map<String, NaturalKey> lessonKeys = new LinkedHashMap<>();
        Map<String, LocalDate> lessonDays = new LinkedHashMap<>();
        Map<NaturalKey, Work> works = new LinkedHashMap<>();
        List<Mark> marks = new ArrayList<>();
        List<AttendanceEntry> attendance = new ArrayList<>();
        List<Homework> homework = new ArrayList<>();
        Set<String> markIds = new java.util.HashSet<>();

        // getschedule is authoritative for which lessons there are (number, subject, day); getdiary adds the rest
        List<String> lessonIds = new ArrayList<>(scheduled.keySet());
        for (String id : diaryItems.keySet()) {
            if (!scheduled.containsKey(id)) {
                lessonIds.add(id);
                problems.add(new SourceProblem(diaryCall, "урок " + id, "lesson_id", id,
                        "урок есть в getdiary, но его нет в getschedule; взят из getdiary"));
            }
        }
        for (String lessonId : lessonIds) {
            DayItem slot = scheduled.get(lessonId);
            DayItem diaryItem = diaryItems.get(lessonId);
            if (slot == null) {
                slot = diaryItem;
            } else if (diaryItem == null) {
                problems.add(new SourceProblem(scheduleCall, "урок " + lessonId, "lesson_id", lessonId,
                        "урок есть в getschedule, но его нет в getdiary: без темы, домашнего задания и отметок"));
            }
            LocalDate day = slot.day();
            JsonNode item = diaryItem == null ? slot.item() : diaryItem.item();
            Subject subject = subjects.computeIfAbsent(slot.subject(), n -> new Subject(key("subject-" + n), n, null));
            NaturalKey lessonKey = key("lesson-" + lessonId);
            lessonKeys.put(lessonId, lessonKey);
            lessonDays.put(lessonId, day);
            boolean teacherInDiary = diaryItem != null && present(diaryItem.item().path("teacher_id"));
            JsonNode teacher = teacherInDiary ? diaryItem.item().path("teacher_id") : slot.item().path("teacher_id");
            String teacherId = null;
            if (present(teacher) && !(teacher.isTextual() && teacher.asText().isBlank())) {
                String badTeacher = badId(teacher);
                if (badTeacher == null) {
                    teacherId = teacher.asText().strip();
                } else {
                    problems.add(new SourceProblem(teacherInDiary ? diaryCall : scheduleCall, "урок " + lessonId,
                            "teacher_id", shown(teacher), "идентификатор учителя " + badTeacher
                                    + "; урок взят без учителя"));
                }
            }
            lessons.add(new Lesson(lessonKey, schoolClass.key(), null, subject.key(),
                    teacherId == null ? null : key("staff-" + teacherId), day, slot.item().path("num").asInt(0),
                    diaryItem == null ? null : blankToNull(item.path("topic").asText(null))));
            if (diaryItem == null) {
                continue;
            }

            for (JsonNode h : values(item.path("homework"))) {
                String badHw = badId(h.path("id"));
                if (badHw != null) {
                    problems.add(new SourceProblem(diaryCall, "домашнее задание урока " + lessonId, "id",
                            shown(h.path("id")), "id домашнего задания " + badHw));
                    continue;
                }
                String hwId = h.path("id").asText().strip();
                NaturalKey workKey = key("hwwork-" + hwId);
                String textValue = h.path("value").asText("");
                works.putIfAbsent(workKey, new Work(workKey, lessonKey, WorkForm.HOMEWORK, textValue, 0));
                LocalDate due = basicDate(h.path("deadline").asText(null));
                if (due == null && !h.path("deadline").asText("").isBlank()) {
                    problems.add(new SourceProblem(diaryCall, "домашнее задание " + hwId, "deadline",
                            shown(h.path("deadline")), "срок не читается (ожидается ГГГГММДД); взят день урока"));
                }
                due = due == null ? day : due;
                homework.add(new Homework(key("hw-" + hwId), lessonKey, workKey, textValue, due,
                        bool(h.path("individual"))));
            }

            for (JsonNode a : values(item.path("assessments"))) {
                String value = a.path("value").asText("").strip();
                boolean isMark = a.path("mtype").isObject();
                String badStudent = badId(a.path("student"));
                if (badStudent != null) {
                    problems.add(new SourceProblem(diaryCall, (isMark ? "оценка" : "отметка посещаемости")
                            + " урока " + lessonId, "student", shown(a.path("student")),
                            "идентификатор ученика " + badStudent));
                    continue;
                }
                String studentId = a.path("student").asText().strip();
                String where = (isMark ? "оценка" : "отметка посещаемости") + " урока " + lessonId
                        + ", ученик " + studentId;
                String unique = null;
                MarkEntry fromMarks = null;
                if (isMark) {
                    String markId = lessonId + "-" + a.path("mtype").path("id").asText("0") + "-" + studentId;
                    // a second mark of the same type in the same lesson gets an ordinal, stable in the source's order
                    unique = markId;
                    for (int n = 2; !markIds.add(unique); n++) {
                        unique = markId + "-" + n;
                    }
                    fromMarks = marksIndex.remove(unique);
                }
                Person pupil = pupils.get(studentId);
                if (pupil == null) {
                    problems.add(new SourceProblem(diaryCall, where, "student", studentId,
                            "ученик не числится в классе " + cls));
                    continue;
                }
                if (!isMark) {
                    Optional<AttendanceCode> code = attendanceCode(value);
                    if (code.isEmpty()) {
                        problems.add(new SourceProblem(diaryCall, where, "value", shown(value),
                                "неизвестный код посещаемости"));
                        continue;
                    }
                    attendance.add(new AttendanceEntry(key("att-" + lessonId + "-" + studentId), lessonKey,
                            pupil.key(), code.get(), null));
                    continue;
                }
                String valueCall = diaryCall;
                if (fromMarks == null) {
                    problems.add(new SourceProblem(diaryCall, where, "value", shown(value),
                            "оценка есть в getdiary, но её нет в getmarks; взята из getdiary"));
                } else {
                    String marksValue = fromMarks.node().path("value").asText("").strip();
                    if (!marksValue.equals(value)) {
                        problems.add(new SourceProblem(marksCall, where, "value", shown(marksValue),
                                "getdiary даёт «" + shown(value) + "», getmarks — «" + shown(marksValue)
                                        + "»; взято значение getmarks"));
                        value = marksValue;
                        valueCall = marksCall;
                    }
                }
                Optional<MarkValue> markValue = markValue(value);
                if (markValue.isEmpty()) {
                    problems.add(new SourceProblem(valueCall, where, "value", shown(value),
                            "недопустимое значение оценки"));
                    continue;
                }
                NaturalKey workKey = work(works, lessonId, lessonKey, a);
                JsonNode dated = fromMarks == null ? a : fromMarks.node();
                LocalDate set = setDate(dated, day, fromMarks == null ? diaryCall : marksCall, where, problems);
                marks.add(new Mark(key("mark-" + unique), workKey, lessonKey, pupil.key(), markValue.get(),
                        weight(dated), set, null));
            }
        }

        // marks that getmarks has and getdiary has not: kept, with a problem
        for (Map.Entry<String, MarkEntry> left : marksIndex.entrySet()) {
            MarkEntry m = left.getValue();
            String value = m.node().path("value").asText("").strip();
            String where = "оценка урока " + m.lessonId() + ", ученик " + m.studentId();
            Person pupil = pupils.get(m.studentId());
            NaturalKey lessonKey = lessonKeys.get(m.lessonId());
            if (pupil == null) {
                problems.add(new SourceProblem(marksCall, where, "student", m.studentId(),
                        "ученик не числится в классе " + cls));
                continue;
            }
            if (lessonKey == null) {
                problems.add(new SourceProblem(marksCall, where, "lesson_id", m.lessonId(),
                        "урока нет ни в getschedule, ни в getdiary; оценка пропущена"));
                continue;
            }
            Optional<MarkValue> markValue = markValue(value);
            if (markValue.isEmpty()) {
                problems.add(new SourceProblem(marksCall, where, "value", shown(value),
                        "недопустимое значение оценки"));
                continue;
            }
            problems.add(new SourceProblem(marksCall, where, "value", value,
                    "оценка есть в getmarks, но её нет в getdiary; взята из getmarks"));
            NaturalKey workKey = work(works, m.lessonId(), lessonKey, m.node());
            LocalDate set = setDate(m.node(), lessonDays.get(m.lessonId()), marksCall, where, problems);
            marks.add(new Mark(key("mark-" + left.getKey()), workKey, lessonKey, pupil.key(), markValue.get(),
                    weight(m.node()), set, null));
        }
        List<PeriodMark> periodMarks = readPeriodMarks(schoolClass, to, pupils, subjects, problems);
        return new ClassJournal(schoolClass, from, to, List.copyOf(pupils.values()), List.copyOf(subjects.values()),
                lessons, List.copyOf(works.values()), marks, attendance, homework, periodMarks, problems);
    }

    /** A lesson of getschedule or getdiary: its day, subject name and the raw item. */
    private record DayItem(LocalDate day, String subject, JsonNode item) {
    }

    /** A mark of getmarks: lesson and pupil ids and the raw mark. */
    private record MarkEntry(String lessonId, String studentId, JsonNode node) {
    }

    /**
     * {@code days{<YYYYMMDD>}.items{<num>}} of getschedule or getdiary (or {@code days} as an array, each day with its
     * {@code name}) by {@code lesson_id}; bad items → problems.
     */
    private static Map<String, DayItem> dayItems(JsonNode days, String call, List<SourceProblem> problems) {
        Map<String, DayItem> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> dayEntry : entries(days)) {
            JsonNode name = dayEntry.getValue().path("name");
            LocalDate day = name.isContainerNode() ? null
                    : basicDate(present(name) ? name.asText() : dayEntry.getKey());
            if (day == null) {
                problems.add(new SourceProblem(call, "день " + shown(dayEntry.getKey()), "name",
                        present(name) ? shown(name) : shown(dayEntry.getKey()), "неверная дата дня"));
                continue;
            }
            for (JsonNode item : values(dayEntry.getValue().path("items"))) {
                String where = "урок " + day + " № " + shown(item.path("num"));
                String badLesson = badId(item.path("lesson_id"));
                String badSubject = badName(item.path("name"));
                if (badLesson != null || badSubject != null) {
                    problems.add(badLesson != null
                            ? new SourceProblem(call, where, "lesson_id", shown(item.path("lesson_id")),
                                    "lesson_id урока " + badLesson)
                            : new SourceProblem(call, where, "name", shown(item.path("name")),
                                    "предмет урока " + badSubject));
                    continue;
                }
                out.putIfAbsent(item.path("lesson_id").asText().strip(),
                        new DayItem(day, item.path("name").asText().strip(), item));
            }
        }
        return out;
    }

    /** The pupil id of a getmarks or getfinalassessments entry; null, with a problem naming the entry, when unusable. */
    private static String studentId(Map.Entry<String, JsonNode> entry, String call, String what,
                                    List<SourceProblem> problems) {
        JsonNode student = studentOf(entry);
        String badStudent = badId(student);
        if (badStudent != null) {
            problems.add(new SourceProblem(call, what + shown(entry.getKey()), "name", shown(student),
                    "идентификатор ученика " + badStudent));
            return null;
        }
        return student.asText().strip();
    }

    /**
     * getmarks {@code students{<id>:{lessons[{name, marks[…]}]}}} keyed like the marks
     * ({@code <lesson_id>-<mtype.id>-<student>}, then {@code -2}, … in the source's order). Entries without
     * {@code mtype} are not marks and are skipped; a mark without a usable {@code lesson_id} → a problem.
     */
    private static Map<String, MarkEntry> marksIndex(JsonNode students, String call, List<SourceProblem> problems) {
        Map<String, MarkEntry> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : entries(students)) {
            String studentId = studentId(entry, call, "оценки ученика ", problems);
            if (studentId == null) {
                continue;
            }
            for (JsonNode lesson : values(entry.getValue().path("lessons"))) {
                for (JsonNode m : values(lesson.path("marks"))) {
                    if (!m.path("mtype").isObject()) {
                        continue;
                    }
                    String badLesson = badId(m.path("lesson_id"));
                    if (badLesson != null) {
                        problems.add(new SourceProblem(call, "оценка ученика " + studentId + " по предмету «"
                                + shown(lesson.path("name")) + "»", "lesson_id", shown(m.path("lesson_id")),
                                "lesson_id оценки " + badLesson));
                        continue;
                    }
                    String lessonId = m.path("lesson_id").asText().strip();
                    String markId = lessonId + "-" + m.path("mtype").path("id").asText("0") + "-" + studentId;
                    String unique = markId;
                    for (int n = 2; out.containsKey(unique); n++) {
                        unique = markId + "-" + n;
                    }
                    out.put(unique, new MarkEntry(lessonId, studentId, m));
                }
            }
        }
        return out;
    }

    /** The work {@code work-<lesson_id>-<mtype.id>} a mark belongs to, made from the first mark that names it. */
    private NaturalKey work(Map<NaturalKey, Work> works, String lessonId, NaturalKey lessonKey, JsonNode mark) {
        JsonNode mtype = mark.path("mtype");
        String typeName = mtype.path("type").asText("");
        NaturalKey workKey = key("work-" + lessonId + "-" + mtype.path("id").asText("0"));
        String title = blankToNull(mark.path("lesson_comment").asText(null));
        works.putIfAbsent(workKey, new Work(workKey, lessonKey, workForm(typeName), title == null ? typeName : title,
                weight(mark)));
        return workKey;
    }

    /**
     * Period marks from one {@code getfinalassessments?class=} call: assessments of periods that overlap or precede
     * the range. An unknown period name, a pupil not in the class or a bad value → a {@link SourceProblem}.
     */
    private List<PeriodMark> readPeriodMarks(SchoolClass schoolClass, LocalDate to, Map<String, Person> pupils,
                                             Map<String, Subject> subjects, List<SourceProblem> problems) {
        if (schoolClass.grade() == 1) {
            return List.of(); // 001 §3.2.4.11: no marks in grade 1
        }
        Map<String, Period> byName = new LinkedHashMap<>();
        for (Period p : periods()) {
            byName.put(p.name().toLowerCase(), p);
        }
        String cls = schoolClass.name();
        String call = "getfinalassessments?class=" + cls;
        JsonNode students = collection(session.get("getfinalassessments", Map.of("class", cls)), "students",
                "getfinalassessments", cls);
        List<PeriodMark> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : entries(students)) {
            String studentId = studentId(entry, call, "итоговые оценки ученика ", problems);
            if (studentId == null) {
                continue;
            }
            Person pupil = pupils.get(studentId);
            if (pupil == null) {
                problems.add(new SourceProblem(call, "итоговые оценки ученика " + studentId, "student", studentId,
                        "ученик не числится в классе " + cls));
                continue;
            }
            for (JsonNode item : values(entry.getValue().path("items"))) {
                String badSubject = badName(item.path("name"));
                String subjectName = badSubject == null ? item.path("name").asText().strip() : "";
                for (JsonNode a : values(item.path("assessments"))) {
                    String periodName = a.path("period").asText("").strip();
                    String value = a.path("value").asText("").strip();
                    String where = "итоговая оценка ученика " + studentId + " по предмету «"
                            + shown(item.path("name")) + "» за «" + shown(periodName) + "»";
                    Period period = byName.get(periodName.toLowerCase());
                    if (badSubject != null) {
                        problems.add(new SourceProblem(call, where, "name", shown(item.path("name")),
                                "предмет оценки " + badSubject));
                        continue;
                    }
                    if (period == null && disabledPeriods.contains(periodName.toLowerCase())) {
                        continue; // a period the school switched off: not an error
                    }
                    if (period == null) {
                        problems.add(new SourceProblem(call, where, "period", shown(periodName),
                                "период не найден в getperiods"));
                        continue;
                    }
                    if (period.start().isAfter(to)) {
                        continue;
                    }
                    Optional<MarkValue> markValue = markValue(value);
                    if (markValue.isEmpty()) {
                        problems.add(new SourceProblem(call, where, "value", shown(value),
                                "недопустимое значение итоговой оценки"));
                        continue;
                    }
                    Subject subject = subjects.computeIfAbsent(subjectName,
                            n -> new Subject(key("subject-" + n), n, null));
                    out.add(new PeriodMark(key("pmark-" + period.key().sourceId().substring("period-".length())
                            + "-" + subjectName + "-" + studentId), pupil.key(), subject.key(), period.key(),
                            period.type(), markValue.get(), period.end()));
                }
            }
        }
        return out;
    }

    private static PeriodType periodType(String name) {
        String n = name.toLowerCase();
        if (n.contains("полугод")) {
            return PeriodType.HALF_YEAR;
        }
        if (n.contains("четверт")) {
            return PeriodType.QUARTER;
        }
        if (n.contains("год")) {
            return PeriodType.YEAR;
        }
        return null;
    }

    private OffsetDateTime dateTime(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip().replace(' ', 'T');
        try {
            if (t.length() <= 10) {
                LocalDate d = isoDate(t);
                return d == null ? null : d.atStartOfDay(settings.zone()).toOffsetDateTime();
            }
            return LocalDateTime.parse(t.length() > 19 ? t.substring(0, 19) : t).atZone(settings.zone())
                    .toOffsetDateTime();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Marks are strings (facts §3.2): five-point with +/-, «зач»/«незач», and the special «н/а», «осв». */
    static Optional<MarkValue> markValue(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase();
        MarkSystem system = PASS_FAIL.contains(v) ? MarkSystem.PASS_FAIL : MarkSystem.FIVE_POINT;
        return system.accepts(v) ? Optional.of(new MarkValue(system, v)) : Optional.empty();
    }

    /** ЭлЖур's lower-case «оп» is «опоздал» (MarkModel.ts); the rest go through the canonical table. */
    static Optional<AttendanceCode> attendanceCode(String value) {
        if (value != null && value.strip().equals("оп")) {
            return Optional.of(AttendanceCode.LATE_OP);
        }
        return AttendanceCode.fromCode(value);
    }

    /** Forms are matched by the mark type's name; ЭлЖур's type ids differ between schools. */
    static WorkForm workForm(String typeName) {
        String n = typeName == null ? "" : typeName.strip();
        for (WorkForm f : WorkForm.values()) {
            if (f.russian().equalsIgnoreCase(n)) {
                return f;
            }
        }
        return WorkForm.OTHER;
    }

    private static int weight(JsonNode a) {
        JsonNode w = a.path("weight_float").isMissingNode() || a.path("weight_float").isNull()
                ? a.path("weight") : a.path("weight_float");
        try {
            return (int) Math.round(Double.parseDouble(w.asText("1").replace(',', '.')));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * The collection {@code field} of an answer about class {@code cls}; absent or null is empty. An answer about
     * another class, or whose collection is a single value, is refused whole: read as empty it would look like a
     * class without pupils or lessons, and the routes would delete the marks delivered before.
     */
    private static JsonNode collection(JsonNode result, String field, String method, String cls) {
        JsonNode answerClass = result.path("class");
        String named = answerClass.isValueNode() ? answerClass.asText("").strip() : "";
        if (!named.isEmpty() && !named.equalsIgnoreCase(cls.strip())) {
            throw new EljurException(Reason.BAD_RESPONSE, method, 200, "ЭлЖур: метод " + method
                    + " вернул данные класса «" + shown(named) + "», а запрошен «" + cls + "»; ответ не принят");
        }
        JsonNode collection = result.path(field);
        if (present(collection) && !collection.isContainerNode()) {
            throw new EljurException(Reason.BAD_RESPONSE, method, 200, "ЭлЖур: в ответе метода " + method
                    + " поле " + field + " не список; ответ не принят");
        }
        return collection;
    }

    /** The day a mark was set ({@code date}, YYYY-MM-DD), else the lesson day; an unreadable date → a problem. */
    private static LocalDate setDate(JsonNode mark, LocalDate lessonDay, String call, String where,
                                     List<SourceProblem> problems) {
        LocalDate set = isoDate(mark.path("date").asText(null));
        if (set == null && !mark.path("date").asText("").isBlank()) {
            problems.add(new SourceProblem(call, where, "date", shown(mark.path("date")),
                    "дата оценки не читается (ожидается ГГГГ-ММ-ДД); взят день урока"));
        }
        return set == null ? lessonDay : set;
    }

    /**
     * Why {@code node} is no usable id, in Russian («не указан», …), or null. Ids are text or integers; one longer
     * than {@value #MAX_ID} characters would make a key longer than the store holds.
     */
    private static String badId(JsonNode node) {
        if (!present(node) || node.isTextual() && node.asText().isBlank()) {
            return "не указан";
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            return "не строка и не целое число";
        }
        return node.asText().strip().length() > MAX_ID ? "длиннее " + MAX_ID + " символов" : null;
    }

    /** Why a subject's name cannot key it, in Russian, or null: names are text of at most {@value #MAX_NAME}. */
    private static String badName(JsonNode node) {
        if (!present(node) || node.isTextual() && node.asText().isBlank()) {
            return "не указан";
        }
        if (!node.isTextual()) {
            return "не строка";
        }
        return node.asText().strip().length() > MAX_NAME ? "длиннее " + MAX_NAME + " символов" : null;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull();
    }

    /** A value as a problem quotes it, cut to {@value #SHOWN} characters: problems are stored and logged. */
    private static String shown(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
    }

    private static String shown(JsonNode node) {
        return shown(!present(node) ? "" : node.isValueNode() ? node.asText() : node.toString());
    }

    /** A pupil's entry of getmarks or getfinalassessments names them by {@code name}, else by its key. */
    private static JsonNode studentOf(Map.Entry<String, JsonNode> entry) {
        JsonNode name = entry.getValue().path("name");
        return present(name) ? name : TextNode.valueOf(entry.getKey());
    }

    /** The entries of a map keyed by id, or of an array (keys empty): ЭлЖур sends both (facts §5.10). */
    private static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(out::add);
        } else if (node.isArray()) {
            node.forEach(n -> out.add(Map.entry("", n)));
        }
        return out;
    }

    /** ЭлЖур sends collections as maps keyed by id or as arrays (facts §5.10). */
    private static Iterable<JsonNode> values(JsonNode node) {
        if (node == null || !(node.isArray() || node.isObject())) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        node.elements().forEachRemaining(out::add);
        return out;
    }

    /** Booleans come as {@code true/yes/__yes/1} (facts §3.2, formats). */
    private static boolean bool(JsonNode node) {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        String t = node.asText("").strip().toLowerCase();
        return t.equals("true") || t.equals("yes") || t.equals("__yes") || t.equals("1");
    }

    private static String text(JsonNode node, String field) {
        return blankToNull(node.path(field).asText(null));
    }

    private static int leadingNumber(String name) {
        int end = 0;
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(name.substring(0, end));
    }

    private static LocalDate basicDate(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip().replace(".", "").replace("-", ""), DAY);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static LocalDate isoDate(String text) {
        if (text == null || text.length() < 8) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, Math.min(10, text.length())));
        } catch (RuntimeException e) {
            return basicDate(text);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private NaturalKey key(String sourceId) {
        return NaturalKey.of(SourceSystem.ELJUR, settings.schoolId(), sourceId);
    }

    @Override
    public void close() {
        session.close();
    }
}
