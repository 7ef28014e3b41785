package ru.diarybridge.routes.control;

import static java.time.temporal.ChronoUnit.DAYS;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.Subject;

/**
 * The figures of the control reports (flow 5), computed from class journals only: pure, no I/O. Each method
 * looks at the lessons dated in [from, to] and the records on them.
 */
public final class ReportFigures {

    private ReportFigures() {
    }

    /** Fill timeliness of one teacher in one class: when the marks of the window's lessons were entered. */
    public record Timeliness(String className, String teacherKey, int lessons, int lessonsWithTopic, int marks,
                             int onLessonDay, int withinSevenDays, int later) {
        /** Share of marks entered on the day of the lesson (001 §3.2.4.2), percent. */
        public BigDecimal onDayPercent() {
            return percent(onLessonDay, marks);
        }
    }

    /** Journal fill of one class (001 §3.2.2.3; 003 §3.5). */
    public record Fill(String className, int teachers, int teachersTakingPart, int pupils, int pupilsWithoutMarks,
                       int pupilsWithOneMark, int lessons, int lessonsWithoutTopic, int lessonsWithoutHomework,
                       int marks) {
        public BigDecimal teachersPercent() {
            return percent(teachersTakingPart, teachers);
        }

        public BigDecimal withoutMarksPercent() {
            return percent(pupilsWithoutMarks, pupils);
        }

        public BigDecimal oneMarkPercent() {
            return percent(pupilsWithOneMark, pupils);
        }
    }

    /** Marks of one pupil in one subject against the minimum of 001 §4.5. */
    public record MarkCount(String className, String pupilKey, String pupilName, String subject, int marks,
                            int weeklyHours, int minimum) {
        public boolean belowMinimum() {
            return marks < minimum;
        }
    }

    /** Progress and attendance of one pupil in one subject. */
    public record PupilSubject(String className, String pupilKey, String pupilName, String subject,
                               List<String> marks, BigDecimal average, String periodMark, int lessons, int missed,
                               int missedUnexcused, int late) {
    }

    /** Progress and attendance of one pupil over all subjects. */
    public record PupilProgress(String className, String pupilKey, String pupilName, BigDecimal average,
                                int unsatisfactory, int lessons, int missed, int missedUnexcused, int late) {
    }

    /** Progress and attendance of one class. */
    public record ClassProgress(String className, int pupils, BigDecimal average, int pupilsWithoutUnsatisfactory,
                                int pupilsGood, int lessons, int missed, int missedUnexcused, int late) {
        /** «Успеваемость»: pupils with no subject average below 2.5 and no «2»/«н/а» period mark, percent. */
        public BigDecimal progressPercent() {
            return percent(pupilsWithoutUnsatisfactory, pupils);
        }

        /** «Качество»: pupils with every subject at 3.5 or above (4 and 5), percent. */
        public BigDecimal qualityPercent() {
            return percent(pupilsGood, pupils);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    public static List<Timeliness> timeliness(List<ClassJournal> journals, LocalDate from, LocalDate to) {
        List<Timeliness> rows = new ArrayList<>();
        for (ClassJournal j : journals) {
            Map<String, int[]> byTeacher = new TreeMap<>();
            Map<NaturalKey, Lesson> lessons = lessonsIn(j, from, to);
            for (Lesson l : lessons.values()) {
                int[] c = byTeacher.computeIfAbsent(teacher(l), t -> new int[6]);
                c[0]++;
                if (hasText(l.topic())) {
                    c[1]++;
                }
            }
            for (Mark m : j.marks()) {
                Lesson l = lessons.get(m.lessonKey());
                if (l == null || m.dateSet() == null) {
                    continue;
                }
                int[] c = byTeacher.get(teacher(l));
                c[2]++;
                long days = DAYS.between(l.date(), m.dateSet());
                c[days <= 0 ? 3 : days <= 7 ? 4 : 5]++;
            }
            byTeacher.forEach((t, c) -> rows.add(new Timeliness(j.schoolClass().name(), t, c[0], c[1], c[2], c[3],
                    c[4], c[5])));
        }
        return rows;
    }

    /**
     * A teacher takes part when, in the window, they gave a topic to one of their lessons or entered a mark; a
     * pupil is counted among the class's pupils when enrolled on {@code to}.
     */
    public static Fill fill(ClassJournal j, LocalDate from, LocalDate to) {
        Map<NaturalKey, Lesson> lessons = lessonsIn(j, from, to);
        Set<String> teachers = new LinkedHashSet<>();
        Set<String> taking = new LinkedHashSet<>();
        Set<NaturalKey> withHomework = new java.util.HashSet<>();
        for (Homework h : j.homework()) {
            if (hasText(h.text())) {
                withHomework.add(h.lessonKey());
            }
        }
        int noTopic = 0;
        int noHomework = 0;
        for (Lesson l : lessons.values()) {
            teachers.add(teacher(l));
            if (hasText(l.topic())) {
                taking.add(teacher(l));
            } else {
                noTopic++;
            }
            if (!withHomework.contains(l.key())) {
                noHomework++;
            }
        }
        Map<NaturalKey, Integer> marksPerPupil = new HashMap<>();
        int marks = 0;
        for (Mark m : j.marks()) {
            Lesson l = lessons.get(m.lessonKey());
            if (l != null && MarkSystem.numeric(m.value().value()) > 0 || l != null && m.value().system()
                    == MarkSystem.PASS_FAIL && m.value().system().scale().contains(m.value().value())) {
                marks++;
                marksPerPupil.merge(m.pupilKey(), 1, Integer::sum);
                taking.add(teacher(l));
            }
        }
        List<Person> pupils = pupilsOn(j, to);
        int none = 0;
        int one = 0;
        for (Person p : pupils) {
            int n = marksPerPupil.getOrDefault(p.key(), 0);
            none += n == 0 ? 1 : 0;
            one += n == 1 ? 1 : 0;
        }
        return new Fill(j.schoolClass().name(), teachers.size(), taking.size(), pupils.size(), none, one,
                lessons.size(), noTopic, noHomework, marks);
    }

    /** School total: teachers counted once across classes. */
    public static Fill total(List<ClassJournal> journals, LocalDate from, LocalDate to) {
        Set<String> teachers = new LinkedHashSet<>();
        Set<String> taking = new LinkedHashSet<>();
        int pupils = 0, none = 0, one = 0, lessons = 0, noTopic = 0, noHomework = 0, marks = 0;
        for (ClassJournal j : journals) {
            Fill f = fill(j, from, to);
            pupils += f.pupils();
            none += f.pupilsWithoutMarks();
            one += f.pupilsWithOneMark();
            lessons += f.lessons();
            noTopic += f.lessonsWithoutTopic();
            noHomework += f.lessonsWithoutHomework();
            marks += f.marks();
            Map<NaturalKey, Lesson> ls = lessonsIn(j, from, to);
            ls.values().forEach(l -> teachers.add(teacher(l)));
            ls.values().stream().filter(l -> hasText(l.topic())).forEach(l -> taking.add(teacher(l)));
            j.marks().stream().map(m -> ls.get(m.lessonKey())).filter(l -> l != null)
                    .forEach(l -> taking.add(teacher(l)));
        }
        return new Fill("Итого по школе", teachers.size(), taking.size(), pupils, none, one, lessons, noTopic,
                noHomework, marks);
    }

    /**
     * 001 §4.5: at least 3 marks a quarter at 1 hour a week, more at a higher load. Our reading of "more": one
     * more mark for each further weekly hour, so the minimum is {@code max(3, hours + 2)}.
     */
    public static int minimumMarks(int weeklyHours) {
        return Math.max(3, weeklyHours + 2);
    }

    /** Numeric marks per pupil and subject for lessons in [from, to]; weekly hours = lessons × 7 / days. */
    public static List<MarkCount> markCounts(ClassJournal j, LocalDate from, LocalDate to) {
        Map<NaturalKey, Lesson> lessons = lessonsIn(j, from, to);
        long days = DAYS.between(from, to) + 1;
        List<MarkCount> rows = new ArrayList<>();
        for (Person p : pupilsOn(j, to)) {
            for (Subject s : j.subjects()) {
                long subjectLessons = lessons.values().stream().filter(l -> s.key().equals(l.subjectKey())).count();
                if (subjectLessons == 0) {
                    continue;
                }
                int hours = (int) Math.max(1, Math.round(subjectLessons * 7.0 / days));
                int n = (int) j.marks().stream().filter(m -> p.key().equals(m.pupilKey())
                        && MarkSystem.numeric(m.value().value()) > 0).map(m -> lessons.get(m.lessonKey()))
                        .filter(l -> l != null && s.key().equals(l.subjectKey())).count();
                rows.add(new MarkCount(j.schoolClass().name(), p.key().asString(), name(p), s.name(), n, hours,
                        minimumMarks(hours)));
            }
        }
        return rows;
    }

    public static List<PupilSubject> pupilSubjects(ClassJournal j, LocalDate from, LocalDate to) {
        Map<NaturalKey, Lesson> lessons = lessonsIn(j, from, to);
        List<PupilSubject> rows = new ArrayList<>();
        for (Person p : pupilsOn(j, to)) {
            for (Subject s : j.subjects()) {
                Set<NaturalKey> subjectLessons = new LinkedHashSet<>();
                lessons.values().stream().filter(l -> s.key().equals(l.subjectKey()))
                        .forEach(l -> subjectLessons.add(l.key()));
                if (subjectLessons.isEmpty()) {
                    continue;
                }
                List<Mark> marks = j.marks().stream().filter(m -> p.key().equals(m.pupilKey())
                                && subjectLessons.contains(m.lessonKey()))
                        .sorted(java.util.Comparator.comparing((Mark m) -> lessons.get(m.lessonKey()).date())
                                .thenComparing(m -> m.key().sourceId())).toList();
                int[] att = attendance(j, p.key(), subjectLessons);
                String periodMark = j.periodMarks().stream().filter(pm -> p.key().equals(pm.pupilKey())
                                && s.key().equals(pm.subjectKey()) && pm.dateSet() != null
                                && !pm.dateSet().isBefore(from) && !pm.dateSet().isAfter(to.plusDays(7)))
                        .reduce((a, b) -> b).map(pm -> pm.value().value()).orElse("");
                rows.add(new PupilSubject(j.schoolClass().name(), p.key().asString(), name(p), s.name(),
                        marks.stream().map(m -> m.value().value()).toList(), average(marks), periodMark,
                        subjectLessons.size(), att[0], att[1], att[2]));
            }
        }
        return rows;
    }

    public static List<PupilProgress> pupilProgress(ClassJournal j, LocalDate from, LocalDate to) {
        Map<NaturalKey, Lesson> lessons = lessonsIn(j, from, to);
        List<PupilProgress> rows = new ArrayList<>();
        for (Person p : pupilsOn(j, to)) {
            List<Mark> marks = j.marks().stream().filter(m -> p.key().equals(m.pupilKey())
                    && lessons.containsKey(m.lessonKey())).toList();
            int unsatisfactory = (int) marks.stream()
                    .filter(m -> m.value().system().unsatisfactory(m.value().value())).count();
            int[] att = attendance(j, p.key(), lessons.keySet());
            rows.add(new PupilProgress(j.schoolClass().name(), p.key().asString(), name(p), average(marks),
                    unsatisfactory, lessons.size(), att[0], att[1], att[2]));
        }
        return rows;
    }

    public static ClassProgress classProgress(ClassJournal j, LocalDate from, LocalDate to) {
        Map<NaturalKey, Lesson> lessons = lessonsIn(j, from, to);
        List<PupilSubject> subjects = pupilSubjects(j, from, to);
        List<Person> pupils = pupilsOn(j, to);
        int ok = 0;
        int good = 0;
        for (Person p : pupils) {
            List<PupilSubject> mine = subjects.stream().filter(s -> s.pupilKey().equals(p.key().asString())).toList();
            boolean anyBad = mine.stream().anyMatch(s -> s.average() != null
                    && s.average().compareTo(new BigDecimal("2.5")) < 0 || badPeriodMark(s.periodMark()));
            boolean allGood = !mine.isEmpty() && mine.stream().allMatch(s -> s.average() != null
                    && s.average().compareTo(new BigDecimal("3.5")) >= 0 && !badPeriodMark(s.periodMark())
                    && (s.periodMark().isEmpty() || MarkSystem.numeric(s.periodMark()) >= 4));
            ok += anyBad ? 0 : 1;
            good += allGood ? 1 : 0;
        }
        List<Mark> marks = j.marks().stream().filter(m -> lessons.containsKey(m.lessonKey())).toList();
        int missed = 0, unexcused = 0, late = 0;
        for (Person p : pupils) {
            int[] att = attendance(j, p.key(), lessons.keySet());
            missed += att[0];
            unexcused += att[1];
            late += att[2];
        }
        return new ClassProgress(j.schoolClass().name(), pupils.size(), average(marks), ok, good, lessons.size(),
                missed, unexcused, late);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static boolean badPeriodMark(String v) {
        return MarkSystem.NOT_CERTIFIED.equals(v) || (MarkSystem.numeric(v) > 0 && MarkSystem.numeric(v) <= 2);
    }

    /** [missed, of them unexcused, late] over the given lessons. */
    private static int[] attendance(ClassJournal j, NaturalKey pupil, Set<NaturalKey> lessons) {
        int[] c = new int[3];
        for (AttendanceEntry a : j.attendance()) {
            if (!pupil.equals(a.pupilKey()) || !lessons.contains(a.lessonKey()) || a.code() == null) {
                continue;
            }
            if (a.code().kind() == AttendanceCode.Kind.LATE) {
                c[2]++;
            } else {
                c[0]++;
                if (a.code().kind() == AttendanceCode.Kind.ABSENT) {
                    c[1]++;
                }
            }
        }
        return c;
    }

    /** Mean of the numeric marks («4-» counts as 4), two decimals; null when there is none. */
    static BigDecimal average(List<Mark> marks) {
        int sum = 0;
        int n = 0;
        for (Mark m : marks) {
            int v = MarkSystem.numeric(m.value().value());
            if (v > 0 && m.value().system() == MarkSystem.FIVE_POINT) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP);
    }

    static BigDecimal percent(int part, int whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(1) : BigDecimal.valueOf(part * 100L)
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    static Map<NaturalKey, Lesson> lessonsIn(ClassJournal j, LocalDate from, LocalDate to) {
        Map<NaturalKey, Lesson> map = new LinkedHashMap<>();
        j.lessons().stream().filter(l -> !l.date().isBefore(from) && !l.date().isAfter(to))
                .sorted(java.util.Comparator.comparing(Lesson::date).thenComparing(Lesson::number))
                .forEach(l -> map.put(l.key(), l));
        return map;
    }

    /** Pupils of the class on a day: those who left before it are not counted. */
    static List<Person> pupilsOn(ClassJournal j, LocalDate day) {
        return j.pupils().stream().filter(p -> p.enrolment().leftOn() == null || !p.enrolment().leftOn().isBefore(day))
                .sorted(java.util.Comparator.comparing(ReportFigures::name).thenComparing(p -> p.key().asString()))
                .toList();
    }

    static String name(Person p) {
        StringBuilder b = new StringBuilder(p.lastName() == null ? "" : p.lastName());
        if (hasText(p.firstName())) {
            b.append(' ').append(p.firstName().charAt(0)).append('.');
        }
        if (hasText(p.middleName())) {
            b.append(p.middleName().charAt(0)).append('.');
        }
        return b.toString().strip();
    }

    private static String teacher(Lesson l) {
        return l.teacherKey() == null ? "не указан" : l.teacherKey().asString();
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
