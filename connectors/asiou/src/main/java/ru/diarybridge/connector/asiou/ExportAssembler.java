package ru.diarybridge.connector.asiou;

import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Consent;
import ru.diarybridge.model.Enrolment;
import ru.diarybridge.model.EnrolmentStatus;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.MarkValue;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.model.WorkForm;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static ru.diarybridge.connector.asiou.AsiouKeys.key;

/**
 * Turns raw records (from XML or CSV) into canonical records, checking every field and every reference.
 * All errors are collected; the content is built only when there are none.
 */
final class ExportAssembler {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final Pattern SNILS = Pattern.compile("\\d{3}-\\d{3}-\\d{3} \\d{2}|\\d{11}");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    static final int MAX_TEXT_CHARS = 2000;
    private static final int MAX_TEXT = MAX_TEXT_CHARS;
    private static final Set<String> PERIODS = new LinkedHashSet<>(List.of("quarter1", "quarter2", "quarter3",
            "quarter4", "half1", "half2", "year", "exam", "final"));

    private final String file;
    private final String schoolId;
    private final List<FileError> errors = new ArrayList<>();

    private ExportAssembler(String file, String schoolId) {
        this.file = file;
        this.schoolId = schoolId;
    }

    /** Errors first (sorted by line), content only when there are none. */
    static ReadResult assemble(String file, String schoolId, List<RawRecord> records) {
        ExportAssembler a = new ExportAssembler(file, schoolId);
        ExportContent content = a.build(records);
        if (!a.errors.isEmpty()) {
            List<FileError> sorted = new ArrayList<>(a.errors);
            sorted.sort(Comparator.comparingInt(FileError::line));
            return ReadResult.invalid(sorted);
        }
        return ReadResult.ok(content);
    }

    private void error(RawRecord r, String field, String reason) {
        errors.add(new FileError(file, r.line(), r.where(field), reason));
    }

    private ExportContent build(List<RawRecord> records) {
        Map<String, List<RawRecord>> byType = new LinkedHashMap<>();
        ExportFormat.RECORDS.keySet().forEach(t -> byType.put(t, new ArrayList<>()));
        for (RawRecord r : records) {
            List<RawRecord> list = byType.get(r.type());
            if (list == null) {
                error(r, null, "неизвестный тип записи «" + r.type() + "»; допустимые: "
                        + String.join(", ", ExportFormat.RECORDS.keySet()));
                continue;
            }
            list.add(r);
        }

        // export header
        List<RawRecord> exports = byType.get("export");
        LocalDate from = null;
        LocalDate to = null;
        String generated = null;
        if (exports.isEmpty()) {
            errors.add(new FileError(file, 0, "export", "нет записи «export» (школа и период выгрузки)"));
        } else {
            RawRecord e = exports.get(0);
            for (int i = 1; i < exports.size(); i++) {
                error(exports.get(i), null, "запись «export» может быть только одна (первая — в строке "
                        + e.line() + ")");
            }
            if (checkFields(e)) {
                from = LocalDate.parse(e.get("from"));
                to = LocalDate.parse(e.get("to"));
                generated = e.get("generated");
                if (from.isAfter(to)) {
                    error(e, "to", "конец периода выгрузки " + to + " раньше начала " + from);
                }
                if (!e.get("school").equals(schoolId)) {
                    error(e, "school", "файл выгружен для школы «" + e.get("school")
                            + "», а загружается как файл школы «" + schoolId + "»");
                }
            }
        }

        // classes
        Map<String, SchoolClass> classes = new LinkedHashMap<>();
        Ids classIds = new Ids("класса");
        for (RawRecord r : byType.get("class")) {
            boolean ok = checkFields(r);
            if (!classIds.add(r) || !ok) {
                continue;
            }
            classes.put(r.get("id"), new SchoolClass(key(schoolId, AsiouKeys.CLASS, r.get("id")), r.get("name"),
                    Integer.parseInt(r.get("grade")), r.get("letter")));
        }

        Map<String, Subject> subjects = new LinkedHashMap<>();
        Ids subjectIds = new Ids("предмета");
        for (RawRecord r : byType.get("subject")) {
            boolean ok = checkFields(r);
            if (!subjectIds.add(r) || !ok) {
                continue;
            }
            subjects.put(r.get("id"), new Subject(key(schoolId, AsiouKeys.SUBJECT, r.get("id")), r.get("name"),
                    r.get("shortName")));
        }

        Map<String, Person> pupils = new LinkedHashMap<>();
        Map<String, String> pupilClass = new HashMap<>();
        Ids pupilIds = new Ids("ученика");
        for (RawRecord r : byType.get("pupil")) {
            boolean ok = checkFields(r);
            boolean unique = pupilIds.add(r);
            ok &= ref(r, "class", classIds, "класс");
            if (!ok || !unique) {
                continue;
            }
            boolean consentGiven = bool(r.get("consentGiven"));
            LocalDate consentDate = date(r.get("consentDate"));
            if (consentGiven && consentDate == null) {
                error(r, "consentDate", "согласие на обработку персональных данных отмечено, но не указана его дата");
                ok = false;
            }
            EnrolmentStatus status = "left".equals(r.get("status")) ? EnrolmentStatus.LEFT : EnrolmentStatus.ENROLLED;
            LocalDate enrolledOn = date(r.get("enrolledOn"));
            LocalDate leftOn = date(r.get("leftOn"));
            if (status == EnrolmentStatus.LEFT && leftOn == null) {
                error(r, "leftOn", "ученик выбыл (status=left), но не указана дата выбытия");
                ok = false;
            }
            if (status == EnrolmentStatus.ENROLLED && leftOn != null) {
                error(r, "leftOn", "указана дата выбытия, но ученик не отмечен выбывшим (status=enrolled)");
                ok = false;
            }
            if (leftOn != null && leftOn.isBefore(enrolledOn)) {
                error(r, "leftOn", "дата выбытия " + leftOn + " раньше даты зачисления " + enrolledOn);
                ok = false;
            }
            if (!ok) {
                continue;
            }
            String snils = r.get("snils") == null ? null : r.get("snils").replaceAll("[^0-9]", "");
            Consent consent = new Consent(consentGiven, consentDate, r.get("consentDocument"));
            Enrolment enrolment = new Enrolment(status, enrolledOn, leftOn, r.get("order"));
            pupils.put(r.get("id"), new Person(key(schoolId, AsiouKeys.PUPIL, r.get("id")), PersonRole.PUPIL,
                    r.get("lastName"), r.get("firstName"), r.get("middleName"), date(r.get("birthDate")), snils,
                    classes.get(r.get("class")).key(), List.of(), consent, enrolment));
            pupilClass.put(r.get("id"), r.get("class"));
        }

        Map<String, Lesson> lessons = new LinkedHashMap<>();
        Map<String, String> lessonClass = new HashMap<>();
        Ids lessonIds = new Ids("урока");
        for (RawRecord r : byType.get("lesson")) {
            boolean ok = checkFields(r);
            boolean unique = lessonIds.add(r);
            ok &= ref(r, "class", classIds, "класс");
            ok &= ref(r, "subject", subjectIds, "предмет");
            if (!ok || !unique) {
                continue;
            }
            LocalDate date = date(r.get("date"));
            if (from != null && to != null && (date.isBefore(from) || date.isAfter(to))) {
                error(r, "date", "дата урока " + date + " вне периода выгрузки " + from + " — " + to);
                continue;
            }
            lessons.put(r.get("id"), new Lesson(key(schoolId, AsiouKeys.LESSON, r.get("id")),
                    classes.get(r.get("class")).key(), null, subjects.get(r.get("subject")).key(),
                    key(schoolId, AsiouKeys.TEACHER, r.get("teacher")), date, Integer.parseInt(r.get("number")),
                    r.get("topic")));
            lessonClass.put(r.get("id"), r.get("class"));
        }

        Map<String, Work> works = new LinkedHashMap<>();
        Map<String, String> workLesson = new HashMap<>();
        Ids workIds = new Ids("работы");
        for (RawRecord r : byType.get("work")) {
            boolean ok = checkFields(r);
            boolean unique = workIds.add(r);
            ok &= ref(r, "lesson", lessonIds, "урок");
            if (!ok || !unique || !lessons.containsKey(r.get("lesson"))) {
                continue;
            }
            works.put(r.get("id"), new Work(key(schoolId, AsiouKeys.WORK, r.get("id")),
                    lessons.get(r.get("lesson")).key(), form(r.get("form")), r.get("title"),
                    Integer.parseInt(r.get("weight"))));
            workLesson.put(r.get("id"), r.get("lesson"));
        }

        List<Mark> marks = new ArrayList<>();
        Ids markIds = new Ids("отметки");
        for (RawRecord r : byType.get("mark")) {
            boolean ok = checkFields(r);
            boolean unique = markIds.add(r);
            ok &= ref(r, "work", workIds, "работа");
            ok &= ref(r, "pupil", pupilIds, "ученик");
            if (!ok || !unique) {
                continue;
            }
            MarkValue value = markValue(r);
            if (value == null || !works.containsKey(r.get("work")) || !pupils.containsKey(r.get("pupil"))) {
                continue;
            }
            String lessonId = workLesson.get(r.get("work"));
            if (!pupilClass.get(r.get("pupil")).equals(lessonClass.get(lessonId))) {
                error(r, "pupil", "ученик «" + r.get("pupil") + "» учится в классе «" + pupilClass.get(r.get("pupil"))
                        + "», а урок «" + lessonId + "» — в классе «" + lessonClass.get(lessonId) + "»");
                continue;
            }
            LocalDate dateSet = date(r.get("dateSet"));
            LocalDate dateCorrected = date(r.get("dateCorrected"));
            if (dateCorrected != null && dateCorrected.isBefore(dateSet)) {
                error(r, "dateCorrected", "дата исправления " + dateCorrected + " раньше даты выставления " + dateSet);
                continue;
            }
            Work work = works.get(r.get("work"));
            marks.add(new Mark(key(schoolId, AsiouKeys.MARK, r.get("id")), work.key(), work.lessonKey(),
                    pupils.get(r.get("pupil")).key(), value, work.weight(), dateSet, dateCorrected));
        }

        List<AttendanceEntry> attendance = new ArrayList<>();
        Map<String, Integer> attendanceSeen = new HashMap<>();
        for (RawRecord r : byType.get("attendance")) {
            boolean ok = checkFields(r);
            ok &= ref(r, "lesson", lessonIds, "урок");
            ok &= ref(r, "pupil", pupilIds, "ученик");
            if (!ok) {
                continue;
            }
            AttendanceCode code = AttendanceCode.fromCode(r.get("code")).orElseThrow();
            if (!code.allowed()) {
                error(r, "code", "отметка посещаемости «" + code.code()
                        + "» запрещена регламентом (004): используйте УП, НП, Н или О");
                continue;
            }
            Integer first = attendanceSeen.putIfAbsent(r.get("lesson") + "/" + r.get("pupil"), r.line());
            if (first != null) {
                error(r, null, "посещаемость ученика «" + r.get("pupil") + "» на уроке «" + r.get("lesson")
                        + "» уже указана в строке " + first);
                continue;
            }
            if (!lessons.containsKey(r.get("lesson")) || !pupils.containsKey(r.get("pupil"))) {
                continue;
            }
            if (!pupilClass.get(r.get("pupil")).equals(lessonClass.get(r.get("lesson")))) {
                error(r, "pupil", "ученик «" + r.get("pupil") + "» не учится в классе урока «" + r.get("lesson") + "»");
                continue;
            }
            attendance.add(new AttendanceEntry(
                    key(schoolId, AsiouKeys.ATTENDANCE, r.get("lesson") + "-" + r.get("pupil")),
                    lessons.get(r.get("lesson")).key(), pupils.get(r.get("pupil")).key(), code, r.get("comment")));
        }

        List<Homework> homework = new ArrayList<>();
        Ids homeworkIds = new Ids("домашнего задания");
        for (RawRecord r : byType.get("homework")) {
            boolean ok = checkFields(r);
            boolean unique = homeworkIds.add(r);
            ok &= ref(r, "lesson", lessonIds, "урок");
            if (r.get("work") != null) {
                ok &= ref(r, "work", workIds, "работа");
            }
            if (!ok || !unique || !lessons.containsKey(r.get("lesson"))) {
                continue;
            }
            Work work = r.get("work") == null ? null : works.get(r.get("work"));
            homework.add(new Homework(key(schoolId, AsiouKeys.HOMEWORK, r.get("id")),
                    lessons.get(r.get("lesson")).key(), work == null ? null : work.key(), r.get("text"),
                    date(r.get("dueDate")), r.get("individual") != null && bool(r.get("individual"))));
        }

        List<PeriodMark> periodMarks = new ArrayList<>();
        Map<String, Integer> periodSeen = new HashMap<>();
        for (RawRecord r : byType.get("periodMark")) {
            boolean ok = checkFields(r);
            ok &= ref(r, "pupil", pupilIds, "ученик");
            ok &= ref(r, "subject", subjectIds, "предмет");
            if (!ok) {
                continue;
            }
            String id = r.get("pupil") + "-" + r.get("subject") + "-" + r.get("period");
            Integer first = periodSeen.putIfAbsent(id, r.line());
            if (first != null) {
                error(r, null, "итоговая отметка ученика «" + r.get("pupil") + "» по предмету «" + r.get("subject")
                        + "» за период «" + r.get("period") + "» уже указана в строке " + first);
                continue;
            }
            MarkValue value = markValue(r);
            if (value == null || !pupils.containsKey(r.get("pupil")) || !subjects.containsKey(r.get("subject"))) {
                continue;
            }
            String period = r.get("period");
            periodMarks.add(new PeriodMark(key(schoolId, AsiouKeys.PERIOD_MARK, id), pupils.get(r.get("pupil")).key(),
                    subjects.get(r.get("subject")).key(), key(schoolId, AsiouKeys.PERIOD, period),
                    periodType(period), value, date(r.get("date"))));
        }

        if (!errors.isEmpty()) {
            return null;
        }
        List<ClassJournal> journals = new ArrayList<>();
        for (SchoolClass c : classes.values()) {
            NaturalKey ck = c.key();
            List<Lesson> classLessons = lessons.values().stream().filter(l -> l.classKey().equals(ck)).toList();
            Set<NaturalKey> lessonKeys = new LinkedHashSet<>();
            Set<NaturalKey> subjectKeys = new LinkedHashSet<>();
            classLessons.forEach(l -> {
                lessonKeys.add(l.key());
                subjectKeys.add(l.subjectKey());
            });
            journals.add(new ClassJournal(c, from, to,
                    pupils.values().stream().filter(p -> ck.equals(p.classKey())).toList(),
                    subjects.values().stream().filter(s -> subjectKeys.contains(s.key())).toList(),
                    classLessons,
                    works.values().stream().filter(w -> lessonKeys.contains(w.lessonKey())).toList(),
                    marks.stream().filter(m -> lessonKeys.contains(m.lessonKey())).toList(),
                    attendance.stream().filter(a -> lessonKeys.contains(a.lessonKey())).toList(),
                    homework.stream().filter(h -> lessonKeys.contains(h.lessonKey())).toList(),
                    List.of()));
        }
        return new ExportContent(schoolId, from, to, generated, List.copyOf(classes.values()),
                List.copyOf(subjects.values()), journals, periodMarks);
    }

    /** Tracks ids of one record type; reports a duplicate with the line of the first occurrence. */
    private final class Ids {
        private final String what;
        private final Map<String, Integer> lines = new HashMap<>();

        Ids(String what) {
            this.what = what;
        }

        boolean add(RawRecord r) {
            String id = r.get("id");
            if (id == null || !ID.matcher(id).matches()) {
                return false;
            }
            Integer first = lines.putIfAbsent(id, r.line());
            if (first != null) {
                error(r, "id", "идентификатор " + what + " «" + id + "» повторяется (впервые — в строке " + first + ")");
                return false;
            }
            return true;
        }

        boolean contains(String id) {
            return lines.containsKey(id);
        }
    }

    private boolean ref(RawRecord r, String field, Ids target, String what) {
        String id = r.get(field);
        if (id == null || !ID.matcher(id).matches()) {
            return false; // already reported by checkFields
        }
        if (!target.contains(id)) {
            error(r, field, "ссылка на неизвестный " + what + " «" + id + "»: такой записи в файле нет");
            return false;
        }
        return true;
    }

    private MarkValue markValue(RawRecord r) {
        MarkSystem system = system(r.get("system"));
        String value = r.get("value");
        if (!system.accepts(value)) {
            error(r, "value", "отметка «" + value + "» недопустима в системе «" + r.get("system") + "»: допустимы "
                    + String.join(", ", system.scale()) + ", а также «н/а», «осв», «точка»");
            return null;
        }
        return new MarkValue(system, value);
    }

    /** Checks every field of a record against its type; true when all are fine. */
    private boolean checkFields(RawRecord r) {
        boolean ok = true;
        for (ExportFormat.Field f : ExportFormat.RECORDS.get(r.type())) {
            String v = r.get(f.name());
            if (v == null) {
                if (f.required()) {
                    error(r, f.name(), "не заполнено обязательное поле «" + f.name() + "»");
                    ok = false;
                }
                continue;
            }
            String problem = problem(f.type(), v);
            if (problem != null) {
                error(r, f.name(), problem);
                ok = false;
            }
        }
        return ok;
    }

    private static String problem(ExportFormat.Type type, String v) {
        return switch (type) {
            case ID -> ID.matcher(v).matches() ? null : "недопустимый идентификатор «" + v
                    + "»: разрешены латинские буквы, цифры, «_», «.», «-», не длиннее 64 символов";
            case TEXT -> v.length() <= MAX_TEXT ? null : "текст длиннее " + MAX_TEXT + " символов";
            case DATE -> date(v) == null ? "неверная дата «" + v + "»: ожидается ГГГГ-ММ-ДД" : null;
            case DATETIME -> isDateTime(v) ? null
                    : "неверные дата и время «" + v + "»: ожидается ГГГГ-ММ-ДДTчч:мм:сс, например 2026-01-18T20:00:00+03:00";
            // the value itself is personal data and is never repeated in a report
            case SNILS -> !SNILS.matcher(v).matches() ? "неверный формат СНИЛС: ожидается 123-456-789 01 или 11 цифр"
                    : snilsChecksumOk(v.replaceAll("[^0-9]", "")) ? null : "неверная контрольная сумма СНИЛС";
            case GRADE -> range(v, 1, 11, "параллель");
            case LESSON_NUMBER -> range(v, 1, 12, "номер урока");
            case WEIGHT -> range(v, 0, 100, "вес работы");
            case BOOLEAN -> Set.of("true", "false", "1", "0").contains(v) ? null
                    : "недопустимое значение «" + v + "»: ожидается true или false";
            case STATUS -> oneOf(v, List.of("enrolled", "left"));
            case FORM -> form(v) != null ? null : "неизвестная форма работы «" + v + "»; допустимые: "
                    + String.join(", ", Arrays.stream(WorkForm.values()).map(WorkForm::russian).toList())
                    + " (или их коды " + String.join(", ", Arrays.stream(WorkForm.values()).map(Enum::name).toList())
                    + ")";
            case SYSTEM -> oneOf(v, List.of("mark5", "mark10", "pass"));
            case MARK_VALUE -> v.length() <= 10 ? null : "слишком длинное значение отметки «" + v + "»";
            case ATTENDANCE_CODE -> Arrays.stream(AttendanceCode.values()).anyMatch(c -> c.code().equals(v)) ? null
                    : "неизвестная отметка посещаемости «" + v + "»; допустимые: "
                    + String.join(", ", Arrays.stream(AttendanceCode.values()).map(AttendanceCode::code).toList());
            case PERIOD -> oneOf(v, List.copyOf(PERIODS));
            case VERSION -> ExportFormat.VERSION.equals(v) ? null
                    : "версия контракта «" + v + "» не поддерживается; ожидается " + ExportFormat.VERSION;
        };
    }

    private static boolean isDateTime(String v) {
        try {
            OffsetDateTime.parse(v);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(v);
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }

    private static String range(String v, int min, int max, String what) {
        try {
            int n = Integer.parseInt(v);
            return n >= min && n <= max ? null
                    : what + " «" + v + "» вне допустимого диапазона " + min + "–" + max;
        } catch (NumberFormatException e) {
            return what + " «" + v + "» не целое число";
        }
    }

    private static String oneOf(String v, List<String> allowed) {
        return allowed.contains(v) ? null
                : "недопустимое значение «" + v + "»; допустимые: " + String.join(", ", allowed);
    }

    static boolean snilsChecksumOk(String digits) {
        long number = Long.parseLong(digits.substring(0, 9));
        if (number <= 1_001_998L) {
            return true; // the checksum is defined only for numbers above 001-001-998
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (9 - i);
        }
        int check = sum % 101;
        if (check == 100) {
            check = 0;
        }
        return check == Integer.parseInt(digits.substring(9));
    }

    private static LocalDate date(String v) {
        if (v == null || !ISO_DATE.matcher(v).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean bool(String v) {
        return "true".equals(v) || "1".equals(v);
    }

    private static WorkForm form(String v) {
        for (WorkForm f : WorkForm.values()) {
            if (f.name().equals(v) || f.russian().equals(v)) {
                return f;
            }
        }
        return null;
    }

    private static MarkSystem system(String v) {
        return switch (v) {
            case "mark10" -> MarkSystem.TEN_POINT;
            case "pass" -> MarkSystem.PASS_FAIL;
            default -> MarkSystem.FIVE_POINT;
        };
    }

    private static PeriodType periodType(String period) {
        return switch (period) {
            case "half1", "half2" -> PeriodType.HALF_YEAR;
            case "year" -> PeriodType.YEAR;
            case "exam" -> PeriodType.EXAM;
            case "final" -> PeriodType.FINAL;
            default -> PeriodType.QUARTER;
        };
    }
}
