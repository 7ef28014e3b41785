package ru.diarybridge.simulator.school;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A deterministic school the simulators serve: grades 1–11 with 2–3 classes each, about 25 pupils a class and one
 * week (Monday–Friday) of lessons with topics, class work, tests, homework, marks and attendance. The same seed and
 * week always give the same school, ids included, so tests can compare what reached a target with
 * {@link #expectedMarks()}.
 *
 * <p>Rules of the regulations the data follows: no marks in grade 1 (001 §3.2.4.11); a test names its topic
 * (001 §3.2.4.7); a pupil absent from a lesson gets no mark in it.
 */
public final class GeneratedSchool {

    public static final int SCHOOL_ID = 107;
    public static final String SCHOOL_NAME = "МБОУ Школа № 3 г.о. Самара";

    public record AssignmentType(int id, String name, String abbr) {
    }

    public record AttendanceReason(int id, String name, String mark) {
    }

    public record SchoolSubject(long id, String name, String shortName, int fromGrade, int toGrade) {
    }

    public record Pupil(long id, long classId, String lastName, String firstName, String middleName,
                        LocalDate birthDate, String snils, boolean consent) {
        public String fullName() {
            return lastName + " " + firstName + " " + middleName;
        }
    }

    /** A parent or other legal representative of one pupil (generated apart from the rest: see {@link #guardians()}). */
    public record Guardian(long id, long pupilId, String lastName, String firstName, String middleName, String snils) {
    }

    public record SchoolClassG(long id, String name, int grade, String letter, List<Pupil> pupils) {
    }

    public record LessonG(long id, long classId, long subjectId, long subjectGroupId, long teacherId, LocalDate date,
                          int number, String startTime, String endTime, String topic) {
    }

    public record AssignmentG(long id, long lessonId, int typeId, String name, int weight, LocalDate dueDate) {
    }

    /** A pupil's result for an assignment: a mark 1..5 or a «точка» (duty). */
    public record ResultG(long assignmentId, long studentId, Integer mark, boolean duty, LocalDate markDate) {
    }

    public record AttendanceG(long lessonId, long studentId, String reasonMark) {
    }

    /** What a diary should show for one mark, in terms both sides understand. */
    public record ExpectedMark(String snils, String className, String subjectName, LocalDate date, int lessonNumber,
                               String workType, String value) {
    }

    /**
     * A reporting period of the school year: {@code type} is {@code "quarter"} (grades 2–9) or {@code "half"}
     * (grades 10–11), {@code number} counts from 1 within its type. Ids: {@code yearId*10+n} for quarters (as the
     * АСУ РСО simulator always served), {@code yearId*10+4+n} for half-years.
     */
    public record TermG(long id, String name, String type, int number, LocalDate start, LocalDate end) {
        public boolean isQuarter() {
            return "quarter".equals(type);
        }
    }

    public record VacationG(long id, String name, LocalDate start, LocalDate end) {
    }

    public record AnnouncementG(long id, String title, String text, LocalDate posted, String author) {
    }

    /** A quarter or half-year mark 2..5 of a pupil in a subject, set on the last day of the term. */
    public record PeriodMarkG(long pupilId, long subjectId, long termId, int mark) {
    }

    public static final List<AssignmentType> ASSIGNMENT_TYPES = List.of(
            new AssignmentType(3, "Домашнее задание", "ДЗ"),
            new AssignmentType(4, "Контрольная работа", "КР"),
            new AssignmentType(5, "Самостоятельная работа", "СР"),
            new AssignmentType(10, "Ответ на уроке", "О"));

    public static final List<AttendanceReason> ATTENDANCE_REASONS = List.of(
            new AttendanceReason(1, "Не был", "Н"),
            new AttendanceReason(2, "Уважительная причина", "УП"),
            new AttendanceReason(3, "Болезнь", "Б"),
            new AttendanceReason(4, "Неуважительная причина", "НП"),
            new AttendanceReason(5, "Отсутствовал", "ОТ"),
            new AttendanceReason(6, "Опоздал", "ОП"));

    private static final List<SchoolSubject> SUBJECTS = List.of(
            new SchoolSubject(201, "Русский язык", "Рус. яз.", 1, 11),
            new SchoolSubject(202, "Литературное чтение", "Лит. чт.", 1, 4),
            new SchoolSubject(203, "Математика", "Матем.", 1, 6),
            new SchoolSubject(204, "Окружающий мир", "Окр. мир", 1, 4),
            new SchoolSubject(205, "Физическая культура", "Физ-ра", 1, 11),
            new SchoolSubject(206, "Литература", "Лит.", 5, 11),
            new SchoolSubject(207, "Английский язык", "Англ. яз.", 2, 11),
            new SchoolSubject(208, "История", "Ист.", 5, 11),
            new SchoolSubject(209, "Биология", "Биол.", 5, 11),
            new SchoolSubject(210, "География", "Геогр.", 5, 11),
            new SchoolSubject(211, "Алгебра", "Алг.", 7, 11),
            new SchoolSubject(212, "Геометрия", "Геом.", 7, 11),
            new SchoolSubject(213, "Физика", "Физ.", 7, 11),
            new SchoolSubject(214, "Химия", "Хим.", 8, 11),
            new SchoolSubject(215, "Информатика", "Инф.", 7, 11),
            new SchoolSubject(216, "Музыка", "Муз.", 1, 7));

    private static final String[] TOPICS = {"Повторение изученного", "Введение в раздел", "Решение задач",
            "Работа с текстом", "Практикум", "Обобщение и систематизация", "Анализ ошибок", "Новый материал"};
    private static final String[] MALE_LAST = {"Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов",
            "Васильев", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев"};
    private static final String[] MALE_FIRST = {"Александр", "Максим", "Иван", "Артём", "Дмитрий", "Никита",
            "Михаил", "Даниил", "Егор", "Андрей", "Кирилл", "Илья"};
    private static final String[] FEMALE_FIRST = {"Анастасия", "Мария", "Анна", "Виктория", "Екатерина",
            "Полина", "Софья", "Дарья", "Алиса", "Ксения", "Алёна", "Елизавета"};
    private static final String[] FATHER = {"Александров", "Сергеев", "Андреев", "Дмитриев", "Иванов",
            "Николаев", "Владимиров", "Олегов"};
    private static final String[] BELLS = {"08:00", "08:55", "09:55", "10:55", "11:50", "12:45", "13:40"};
    private static final String[] LETTERS = {"а", "б", "в"};

    private final long seed;
    private final LocalDate weekStart;
    private final List<SchoolClassG> classes;
    private final List<LessonG> lessons;
    private final List<AssignmentG> assignments;
    private final List<ResultG> results;
    private final List<AttendanceG> attendance;
    private final Map<Long, Pupil> pupilsById;
    private final Map<Long, SchoolClassG> classesById;
    private final Map<Long, LessonG> lessonsById;
    private final Map<Long, AssignmentG> assignmentsById;
    private final List<TermG> terms;
    private final List<VacationG> vacations;
    private final List<AnnouncementG> announcements;
    private final List<PeriodMarkG> periodMarks;

    private GeneratedSchool(long seed, LocalDate weekStart, List<SchoolClassG> classes, List<LessonG> lessons,
                            List<AssignmentG> assignments, List<ResultG> results, List<AttendanceG> attendance) {
        this.seed = seed;
        this.weekStart = weekStart;
        this.classes = List.copyOf(classes);
        this.lessons = List.copyOf(lessons);
        this.assignments = List.copyOf(assignments);
        this.results = List.copyOf(results);
        this.attendance = List.copyOf(attendance);
        this.pupilsById = classes.stream().flatMap(c -> c.pupils().stream())
                .collect(Collectors.toMap(Pupil::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        this.classesById = index(classes, SchoolClassG::id);
        this.lessonsById = index(lessons, LessonG::id);
        this.assignmentsById = index(assignments, AssignmentG::id);
        int y = schoolYearStart(weekStart);
        long yearId = 2000L + y;
        this.terms = List.of(
                new TermG(yearId * 10 + 1, "1 четверть", "quarter", 1, LocalDate.of(y, 9, 1), LocalDate.of(y, 10, 25)),
                new TermG(yearId * 10 + 2, "2 четверть", "quarter", 2, LocalDate.of(y, 10, 26), LocalDate.of(y, 12, 28)),
                new TermG(yearId * 10 + 3, "3 четверть", "quarter", 3, LocalDate.of(y + 1, 1, 9), LocalDate.of(y + 1, 3, 22)),
                new TermG(yearId * 10 + 4, "4 четверть", "quarter", 4, LocalDate.of(y + 1, 3, 23), LocalDate.of(y + 1, 5, 31)),
                new TermG(yearId * 10 + 5, "1 полугодие", "half", 1, LocalDate.of(y, 9, 1), LocalDate.of(y, 12, 28)),
                new TermG(yearId * 10 + 6, "2 полугодие", "half", 2, LocalDate.of(y + 1, 1, 9), LocalDate.of(y + 1, 5, 31)));
        this.vacations = List.of(
                new VacationG(yearId * 10 + 1, "Осенние каникулы", LocalDate.of(y, 10, 26), LocalDate.of(y, 11, 3)),
                new VacationG(yearId * 10 + 2, "Зимние каникулы", LocalDate.of(y, 12, 29), LocalDate.of(y + 1, 1, 8)),
                new VacationG(yearId * 10 + 3, "Весенние каникулы", LocalDate.of(y + 1, 3, 23), LocalDate.of(y + 1, 3, 31)));
        // a separate generator: the sequence of the lessons and marks above stays exactly as it was
        Random extra = new Random(seed + 1);
        List<AnnouncementG> news = new ArrayList<>();
        String[][] texts = {
                {"Родительское собрание", "Общешкольное родительское собрание состоится в актовом зале в 18:00."},
                {"Расписание на время каникул", "Во время каникул работают кружки и библиотека по расписанию."},
                {"День открытых дверей", "Приглашаем будущих первоклассников и их родителей познакомиться со школой."}};
        for (int i = 0; i < texts.length; i++) {
            news.add(new AnnouncementG(3_000L + i + 1, texts[i][0], texts[i][1],
                    weekStart.minusDays(1L + i * 7L + extra.nextInt(5)), "Администрация школы"));
        }
        this.announcements = List.copyOf(news);
        List<PeriodMarkG> pm = new ArrayList<>();
        for (SchoolClassG cls : classes) {
            if (cls.grade() == 1) {
                continue; // 001 §3.2.4.11: no marks in grade 1
            }
            boolean quarters = cls.grade() <= 9;
            for (TermG t : terms) {
                if (t.isQuarter() != quarters || !t.end().isBefore(weekStart)) {
                    continue;
                }
                for (SchoolSubject subject : subjectsOf(cls.grade())) {
                    for (Pupil p : cls.pupils()) {
                        int r = extra.nextInt(100);
                        pm.add(new PeriodMarkG(p.id(), subject.id(), t.id(), r < 5 ? 2 : r < 30 ? 3 : r < 70 ? 4 : 5));
                    }
                }
            }
        }
        this.periodMarks = List.copyOf(pm);
    }

    /** The year the school year holding {@code day} starts in (August belongs to the coming year). */
    public static int schoolYearStart(LocalDate day) {
        return day.getMonthValue() >= 8 ? day.getYear() : day.getYear() - 1;
    }

    private static <T> Map<Long, T> index(List<T> items, Function<T, Long> id) {
        return items.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /** The Monday of the week that holds {@code day}. */
    public static LocalDate mondayOf(LocalDate day) {
        return day.with(DayOfWeek.MONDAY);
    }

    public static GeneratedSchool generate(long seed, LocalDate anyDayOfWeek) {
        LocalDate monday = mondayOf(anyDayOfWeek);
        Random rnd = new Random(seed);
        List<SchoolClassG> classes = new ArrayList<>();
        // pupil ids, and so СНИЛС, differ between seeds: several demo schools share one diary
        long pupilId = 500_000 + Math.floorMod(seed, 100) * 1_000L;
        int classCounter = 0;
        for (int grade = 1; grade <= 11; grade++) {
            int count = 2 + rnd.nextInt(2);
            for (int c = 0; c < count; c++) {
                long classId = 1_000 + grade * 10L + c;
                List<Pupil> pupils = new ArrayList<>();
                int size = 23 + rnd.nextInt(5);
                for (int p = 0; p < size; p++) {
                    pupilId++;
                    boolean female = rnd.nextBoolean();
                    String last = MALE_LAST[rnd.nextInt(MALE_LAST.length)] + (female ? "а" : "");
                    String first = female ? FEMALE_FIRST[rnd.nextInt(FEMALE_FIRST.length)]
                            : MALE_FIRST[rnd.nextInt(MALE_FIRST.length)];
                    String middle = FATHER[rnd.nextInt(FATHER.length)] + (female ? "на" : "ич");
                    LocalDate birth = LocalDate.of(monday.getYear() - 7 - grade, 1 + rnd.nextInt(12),
                            1 + rnd.nextInt(28));
                    // about one pupil in eighty has not given consent to publish (001 §3.1.2)
                    boolean consent = rnd.nextInt(80) != 0;
                    pupils.add(new Pupil(pupilId, classId, last, first, middle, birth, snils(pupilId), consent));
                }
                classes.add(new SchoolClassG(classId, grade + LETTERS[c], grade, LETTERS[c], pupils));
                classCounter++;
            }
        }

        List<LessonG> lessons = new ArrayList<>();
        List<AssignmentG> assignments = new ArrayList<>();
        List<ResultG> results = new ArrayList<>();
        List<AttendanceG> attendance = new ArrayList<>();
        long lessonId = 224_100_000L;
        long assignmentId = 228_700_000L;
        for (SchoolClassG cls : classes) {
            List<SchoolSubject> subjects = subjectsOf(cls.grade());
            int perDay = cls.grade() <= 4 ? 4 + rnd.nextInt(2) : cls.grade() <= 9 ? 6 : 7;
            int testNo = 1;
            for (int d = 0; d < 5; d++) {
                LocalDate date = monday.plusDays(d);
                for (int n = 1; n <= perDay; n++) {
                    SchoolSubject subject = subjects.get(rnd.nextInt(subjects.size()));
                    lessonId++;
                    String topic = TOPICS[rnd.nextInt(TOPICS.length)] + ": " + subject.name().toLowerCase()
                            + ", урок " + (1 + rnd.nextInt(30));
                    LessonG lesson = new LessonG(lessonId, cls.id(), subject.id(), cls.id() * 1000 + subject.id(),
                            9_000 + subject.id(), date, n, BELLS[n - 1], endOf(BELLS[n - 1]), topic);
                    lessons.add(lesson);

                    List<Long> absent = new ArrayList<>();
                    for (Pupil p : cls.pupils()) {
                        if (rnd.nextInt(100) < 4) {
                            String reason = ATTENDANCE_REASONS.get(rnd.nextInt(ATTENDANCE_REASONS.size())).mark();
                            attendance.add(new AttendanceG(lessonId, p.id(), reason));
                            if (!reason.equals("ОП")) {
                                absent.add(p.id());
                            }
                        }
                    }
                    boolean test = cls.grade() > 1 && rnd.nextInt(12) == 0;
                    assignmentId++;
                    AssignmentG classWork = test
                            ? new AssignmentG(assignmentId, lessonId, 4,
                            "Контрольная работа № " + (testNo++) + " по теме «" + topic + "»", 40, date)
                            : new AssignmentG(assignmentId, lessonId, 10, topic, 10, date);
                    assignments.add(classWork);
                    if (cls.grade() > 1) { // 001 §3.2.4.11: no marks in grade 1
                        List<Pupil> graded = new ArrayList<>(cls.pupils());
                        graded.removeIf(p -> absent.contains(p.id()));
                        if (!test) {
                            Collections.shuffle(graded, rnd);
                            graded = graded.subList(0, Math.min(graded.size(), 2 + rnd.nextInt(4)));
                        }
                        for (Pupil p : graded) {
                            results.add(new ResultG(classWork.id(), p.id(), mark(rnd), false, date));
                        }
                    }
                    if (n <= 3 || rnd.nextBoolean()) {
                        assignmentId++;
                        assignments.add(new AssignmentG(assignmentId, lessonId, 3,
                                "§" + (1 + rnd.nextInt(40)) + ", упр. " + (1 + rnd.nextInt(300)), 0,
                                date.plusDays(d == 4 ? 3 : 1)));
                    }
                }
            }
        }
        return new GeneratedSchool(seed, monday, classes, lessons, assignments, results, attendance);
    }

    private static int mark(Random rnd) {
        int r = rnd.nextInt(100);
        return r < 5 ? 2 : r < 30 ? 3 : r < 70 ? 4 : 5;
    }

    private static String endOf(String start) {
        int minutes = Integer.parseInt(start.substring(0, 2)) * 60 + Integer.parseInt(start.substring(3)) + 45;
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }

    private static List<SchoolSubject> subjectsOf(int grade) {
        return SUBJECTS.stream().filter(s -> grade >= s.fromGrade() && grade <= s.toGrade()).toList();
    }

    /** A valid СНИЛС (11 digits, last two the checksum) derived from the pupil id, unique per id. */
    public static String snils(long pupilId) {
        String body = String.format("%09d", 112_000_000L + pupilId);
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (body.charAt(i) - '0') * (9 - i);
        }
        int check = sum < 100 ? sum : sum == 100 || sum == 101 ? 0 : sum % 101;
        if (check == 100) {
            check = 0;
        }
        return body + String.format("%02d", check);
    }

    public long seed() {
        return seed;
    }

    public LocalDate weekStart() {
        return weekStart;
    }

    public LocalDate weekEnd() {
        return weekStart.plusDays(6);
    }

    public List<SchoolClassG> classes() {
        return classes;
    }

    public List<SchoolSubject> subjects() {
        return SUBJECTS;
    }

    public List<LessonG> lessons() {
        return lessons;
    }

    public List<AssignmentG> assignments() {
        return assignments;
    }

    public List<ResultG> results() {
        return results;
    }

    public List<AttendanceG> attendance() {
        return attendance;
    }

    public List<Pupil> pupils() {
        return List.copyOf(pupilsById.values());
    }

    private List<Guardian> guardians;

    /**
     * One or two guardians per pupil, each with a valid СНИЛС disjoint from the pupils'. Drawn from their own
     * Random, after everything else, so every other output of a seed is byte-identical to what it was before
     * guardians existed.
     */
    public synchronized List<Guardian> guardians() {
        if (guardians == null) {
            Random rnd = new Random(seed ^ 0x6A4D_5EEDL);
            List<Guardian> out = new ArrayList<>();
            for (Pupil p : pupilsById.values()) {
                int count = 1 + rnd.nextInt(2);
                String base = p.lastName().endsWith("а") ? p.lastName().substring(0, p.lastName().length() - 1)
                        : p.lastName();
                for (int k = 0; k < count; k++) {
                    boolean mother = k == 0;
                    long id = 700_000_000L + p.id() * 2 + k;
                    out.add(new Guardian(id, p.id(), mother ? base + "а" : base,
                            mother ? FEMALE_FIRST[rnd.nextInt(FEMALE_FIRST.length)] : MALE_FIRST[rnd.nextInt(MALE_FIRST.length)],
                            FATHER[rnd.nextInt(FATHER.length)] + (mother ? "на" : "ич"),
                            snils(188_000_000L + p.id() * 2 + k)));
                }
            }
            guardians = List.copyOf(out);
        }
        return guardians;
    }

    /** The guardians of one class's pupils. */
    public List<Guardian> guardians(long classId) {
        return guardians().stream().filter(g -> pupilsById.get(g.pupilId()).classId() == classId).toList();
    }

    /** The quarters 1–4, then the half-years 1–2, of the school year holding the week. */
    public List<TermG> terms() {
        return terms;
    }

    public TermG term(long id) {
        return terms.stream().filter(t -> t.id() == id).findFirst().orElse(null);
    }

    /** Autumn, winter and spring holidays. */
    public List<VacationG> vacations() {
        return vacations;
    }

    /** Three school announcements posted before the week. */
    public List<AnnouncementG> announcements() {
        return announcements;
    }

    /**
     * Quarter marks (grades 2–9) or half-year marks (10–11) of every pupil in every subject of the class, for the
     * terms that ended before the week; none in grade 1 (001 §3.2.4.11).
     */
    public List<PeriodMarkG> periodMarks() {
        return periodMarks;
    }

    /** The period marks of one class's pupils. */
    public List<PeriodMarkG> periodMarks(long classId) {
        return periodMarks.stream().filter(m -> pupilsById.get(m.pupilId()).classId() == classId).toList();
    }

    /** The subjects taught in a grade. */
    public List<SchoolSubject> subjectsOfGrade(int grade) {
        return subjectsOf(grade);
    }

    public Pupil pupil(long id) {
        return pupilsById.get(id);
    }

    public SchoolClassG schoolClass(long id) {
        return classesById.get(id);
    }

    public LessonG lesson(long id) {
        return lessonsById.get(id);
    }

    public AssignmentG assignment(long id) {
        return assignmentsById.get(id);
    }

    public SchoolSubject subject(long id) {
        return SUBJECTS.stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }

    public static String assignmentTypeName(int typeId) {
        return ASSIGNMENT_TYPES.stream().filter(t -> t.id() == typeId).map(AssignmentType::name).findFirst()
                .orElseThrow();
    }

    /**
     * Every mark a family-facing diary must show after a full sync: numeric marks of pupils who gave consent
     * (001 §3.1.2). «Точка» is not a mark and is not expected in the diary.
     */
    public List<ExpectedMark> expectedMarks() {
        List<ExpectedMark> out = new ArrayList<>();
        for (ResultG r : results) {
            Pupil p = pupilsById.get(r.studentId());
            if (r.mark() == null || !p.consent()) {
                continue;
            }
            AssignmentG a = assignmentsById.get(r.assignmentId());
            LessonG l = lessonsById.get(a.lessonId());
            out.add(new ExpectedMark(p.snils(), classesById.get(l.classId()).name(), subject(l.subjectId()).name(),
                    l.date(), l.number(), assignmentTypeName(a.typeId()), Integer.toString(r.mark())));
        }
        return out;
    }
}
