package ru.diarybridge.routes.control;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Consent;
import ru.diarybridge.model.Enrolment;
import ru.diarybridge.model.Homework;
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
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.model.WorkForm;

/**
 * A generated school (classes 1а, 5а, 10а; mathematics and Russian every school day from 01.10 to 24.11.2026)
 * whose regular data breaks no rule, with one planted violation of every rule and a few look-alikes that are
 * allowed. {@link #planted} maps each planted record's key to the rule code that must flag it, and nothing else.
 */
final class PlantedSchool {

    static final String SCHOOL = "school-1";
    static final LocalDate FROM = LocalDate.of(2026, 10, 1);
    static final LocalDate TO = LocalDate.of(2026, 11, 24);
    static final LocalDate SEEN_ON = LocalDate.of(2026, 11, 25);

    static final List<Period> PERIODS = List.of(
            // the 1st quarter starts with the journal read, so the whole of it is read (001 §4.3 needs that)
            new Period(key("q1"), key("y2026"), PeriodType.QUARTER, 1, "1 четверть",
                    LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 24)),
            new Period(key("h1"), key("y2026"), PeriodType.HALF_YEAR, 1, "1 полугодие",
                    LocalDate.of(2026, 9, 1), LocalDate.of(2026, 12, 27)),
            new Period(key("q2"), key("y2026"), PeriodType.QUARTER, 2, "2 четверть",
                    LocalDate.of(2026, 11, 5), LocalDate.of(2026, 12, 27)));

    /** Planted record key → rule code. */
    final Map<String, String> planted = new LinkedHashMap<>();
    final Map<String, ClassJournal> journals = new LinkedHashMap<>();

    static NaturalKey key(String id) {
        return NaturalKey.of(SourceSystem.ASURSO, SCHOOL, id);
    }

    static LocalDate d(int month, int day) {
        return LocalDate.of(2026, month, day);
    }

    PlantedSchool() {
        journals.put("1а", grade1());
        journals.put("5а", grade5());
        journals.put("10а", grade10());
    }

    /** The regular part of a class: lessons, topics, homework, one on-time mark a lesson, rotating over pupils. */
    static final class Builder {
        final SchoolClass cls;
        final List<Person> pupils = new ArrayList<>();
        final List<Subject> subjects = List.of(new Subject(key("mat"), "Математика", "мат"),
                new Subject(key("rus"), "Русский язык", "рус"));
        final List<Lesson> lessons = new ArrayList<>();
        final List<Work> works = new ArrayList<>();
        final List<Mark> marks = new ArrayList<>();
        final List<AttendanceEntry> attendance = new ArrayList<>();
        final List<Homework> homework = new ArrayList<>();
        final List<PeriodMark> periodMarks = new ArrayList<>();

        Builder(String name, int grade, boolean withMarks, Predicate<Mark> skipMark) {
            String c = "c" + name;
            cls = new SchoolClass(key(c), name, grade, name.substring(name.length() - 1));
            for (int i = 1; i <= 3; i++) {
                pupils.add(new Person(key(c + "-p" + i), PersonRole.PUPIL, "Фамилия" + i, "Имя" + i, "Отчество",
                        LocalDate.of(2026 - 6 - grade, 1, i), null, cls.key(), List.of(),
                        Consent.givenOn(d(9, 1), "согл-" + i), Enrolment.enrolled(d(9, 1), "приказ 1")));
            }
            int n = 0;
            for (LocalDate day = FROM; !day.isAfter(TO); day = day.plusDays(1)) {
                if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY
                        || (day.isAfter(d(10, 24)) && day.isBefore(d(11, 5)))) {
                    continue;
                }
                for (int s = 0; s < 2; s++) {
                    Subject subject = subjects.get(s);
                    String id = c + "-" + subject.shortName() + "-" + day;
                    Lesson lesson = new Lesson(key("l-" + id), cls.key(), null, subject.key(),
                            key("t-" + subject.shortName()), day, s + 1, "Тема урока " + (++n));
                    lessons.add(lesson);
                    Work work = new Work(key("w-" + id), lesson.key(), WorkForm.ANSWER_IN_CLASS, "Ответ на уроке", 1);
                    works.add(work);
                    homework.add(new Homework(key("hw-" + id), lesson.key(), null, "Упражнение " + n,
                            day.plusDays(1), false));
                    if (withMarks) {
                        Person pupil = pupils.get(n % 3);
                        Mark m = new Mark(key("m-" + id), work.key(), lesson.key(), pupil.key(),
                                MarkValue.five(n % 2 == 0 ? "5" : "4"), 1, day, null);
                        if (!skipMark.test(m)) {
                            marks.add(m);
                        }
                    }
                }
            }
        }

        Lesson lesson(String subject, LocalDate day) {
            return lessons.stream().filter(l -> l.date().equals(day) && l.subjectKey().equals(key(subject)))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no lesson " + subject + " " + day));
        }

        Mark mark(String id, String subject, LocalDate day, int pupil, String value, WorkForm form,
                  LocalDate set, LocalDate corrected) {
            Lesson l = lesson(subject, day);
            NaturalKey workKey = form == WorkForm.ANSWER_IN_CLASS ? works.stream()
                    .filter(w -> w.lessonKey().equals(l.key())).findFirst().orElseThrow().key() : null;
            if (workKey == null) {
                Work w = new Work(key("w-" + id), l.key(), form, form.russian() + " № 2 по теме «Уравнения»", 1);
                works.add(w);
                workKey = w.key();
            }
            Mark m = new Mark(key(id), workKey, l.key(), pupils.get(pupil - 1).key(), MarkValue.five(value), 1, set,
                    corrected);
            marks.add(m);
            return m;
        }

        ClassJournal build() {
            return new ClassJournal(cls, FROM, TO, pupils, subjects, lessons, works, marks, attendance, homework,
                    periodMarks, List.of());
        }
    }

    private ClassJournal grade1() {
        Builder b = new Builder("1а", 1, false, m -> false);
        plant(b.mark("m-grade1", "mat", d(11, 10), 2, "5", WorkForm.ANSWER_IN_CLASS, d(11, 10), null),
                "GRADE_ONE_MARK");
        return b.build();
    }

    private ClassJournal grade5() {
        String p1 = key("c5а-p1").asString();
        String p3 = key("c5а-p3").asString();
        Builder b = new Builder("5а", 5, true, m -> {
            LocalDate day = LocalDate.parse(m.key().sourceId().substring(m.key().sourceId().length() - 10));
            // p3 misses Russian in the 1st quarter (justified «н/а»); p1 has no maths mark 19–22.11 (no re-test)
            return (m.pupilKey().asString().equals(p3) && m.key().sourceId().contains("рус") && day.isBefore(d(10, 25)))
                    || (m.pupilKey().asString().equals(p1) && m.key().sourceId().contains("мат")
                    && day.isAfter(d(11, 18)) && day.isBefore(d(11, 23)));
        });
        for (Lesson l : b.lessons) {
            if (l.subjectKey().equals(key("rus")) && l.date().isBefore(d(10, 25))) {
                b.attendance.add(new AttendanceEntry(key("a-" + l.key().sourceId() + "-p3"), l.key(),
                        key("c5а-p3"), AttendanceCode.ILL, null));
            }
        }
        // regular late-comer and absences: allowed codes
        b.attendance.add(new AttendanceEntry(key("a-late"), b.lesson("mat", d(11, 11)).key(), key("c5а-p2"),
                AttendanceCode.LATE, null));
        b.attendance.add(new AttendanceEntry(key("a-absent"), b.lesson("mat", d(11, 12)).key(), key("c5а-p2"),
                AttendanceCode.ABSENT, null));

        // 004 §7.4: entered 9 days after the lesson
        plant(b.mark("m-late", "mat", d(10, 5), 1, "4", WorkForm.ANSWER_IN_CLASS, d(10, 14), null), "LATE_MARK");
        // allowed: 7 days late is still within 004 §7.4
        b.mark("m-late-ok", "rus", d(10, 6), 2, "5", WorkForm.ANSWER_IN_CLASS, d(10, 13), null);
        // 003 §5.2 г: control work in grade 5 marked after 7 days (limit 5)
        plant(b.mark("m-control-late", "rus", d(11, 9), 2, "4", WorkForm.TEST, d(11, 16), null),
                "LATE_CONTROL_MARK");
        // allowed: control work marked after 5 days
        b.mark("m-control-ok", "rus", d(11, 10), 1, "5", WorkForm.TEST, d(11, 15), null);
        // 001 §3.2.4.5: corrected 15 days after entry
        plant(b.mark("m-corrected", "mat", d(11, 10), 3, "5", WorkForm.ANSWER_IN_CLASS, d(11, 10), d(11, 25)),
                "LATE_CORRECTION");
        // allowed: corrected after 14 days
        b.mark("m-corrected-ok", "rus", d(11, 5), 1, "4", WorkForm.ANSWER_IN_CLASS, d(11, 5), d(11, 19));
        // 003 §5.2 ж: entered 27.10 into the 1st quarter that ended 24.10
        plant(b.mark("m-backdated", "rus", d(10, 22), 1, "5", WorkForm.ANSWER_IN_CLASS, d(10, 27), null),
                "BACK_DATED_MARK");
        // 001 §4.1: «2» on 18.11 with no maths mark for p1 up to 22.11
        plant(b.mark("m-fail", "mat", d(11, 18), 1, "2", WorkForm.ANSWER_IN_CLASS, d(11, 18), null), "NO_RETEST");
        // ... and on 11.11 a «2» for p2, re-tested on 13.11: allowed
        b.mark("m-fail-ok", "mat", d(11, 11), 2, "2", WorkForm.ANSWER_IN_CLASS, d(11, 11), null);
        b.mark("m-fail-ok-retest", "mat", d(11, 13), 2, "4", WorkForm.ANSWER_IN_CLASS, d(11, 13), null);

        // 001 §3.2.4.7: a test named only «Контрольная работа № 1»
        Lesson bare = b.lesson("mat", d(11, 16));
        b.lessons.set(b.lessons.indexOf(bare), new Lesson(bare.key(), bare.classKey(), null, bare.subjectKey(),
                bare.teacherKey(), bare.date(), bare.number(), "Контрольная работа № 1"));
        b.works.add(new Work(key("w-bare"), bare.key(), WorkForm.TEST, "Контрольная работа № 1", 2));
        planted.put(bare.key().asString(), "CONTROL_WORK_WITHOUT_TOPIC");
        // allowed: the seed's own good example
        Lesson named = b.lesson("mat", d(11, 17));
        b.lessons.set(b.lessons.indexOf(named), new Lesson(named.key(), named.classKey(), null, named.subjectKey(),
                named.teacherKey(), named.date(), named.number(), "Практическая работа № 5 по теме «Периметр квадрата»"));
        b.works.add(new Work(key("w-named"), named.key(), WorkForm.PRACTICAL_WORK,
                "Практическая работа № 5 по теме «Периметр квадрата»", 2));

        // period marks of the 1st quarter (ends 24.10, due by 22.10)
        b.periodMarks.add(new PeriodMark(key("pm-ok"), key("c5а-p1"), key("mat"), key("q1"), PeriodType.QUARTER,
                MarkValue.five("4"), d(10, 22)));
        PeriodMark late = new PeriodMark(key("pm-late"), key("c5а-p2"), key("mat"), key("q1"), PeriodType.QUARTER,
                MarkValue.five("5"), d(10, 23));
        b.periodMarks.add(late);
        planted.put(late.key().asString(), "LATE_PERIOD_MARK");
        // 001 §4.3: «н/а» for p1, who has marks in Russian and attended
        PeriodMark na = new PeriodMark(key("pm-na"), key("c5а-p1"), key("rus"), key("q1"), PeriodType.QUARTER,
                MarkValue.five("н/а"), d(10, 20));
        b.periodMarks.add(na);
        planted.put(na.key().asString(), "NOT_CERTIFIED_WITHOUT_CONDITION");
        // allowed: p3 missed all Russian lessons of the quarter and has no marks
        b.periodMarks.add(new PeriodMark(key("pm-na-ok"), key("c5а-p3"), key("rus"), key("q1"), PeriodType.QUARTER,
                MarkValue.five("н/а"), d(10, 20)));
        return b.build();
    }

    private ClassJournal grade10() {
        Builder b = new Builder("10а", 10, true, m -> false);
        // 003 §5.2 г: grade 10 has 7 days: 9 is late, 6 is not
        plant(b.mark("m10-control-late", "mat", d(11, 9), 1, "3", WorkForm.TEST, d(11, 18), null),
                "LATE_CONTROL_MARK");
        b.mark("m10-control-ok", "mat", d(11, 10), 2, "4", WorkForm.TEST, d(11, 16), null);
        // 004 регламент учителя п.7: «осв»
        AttendanceEntry osv = new AttendanceEntry(key("a-osv"), b.lesson("rus", d(11, 12)).key(), key("c10а-p2"),
                AttendanceCode.RELEASED, null);
        b.attendance.add(osv);
        planted.put(osv.key().asString(), "FORBIDDEN_ATTENDANCE_CODE");
        return b.build();
    }

    private void plant(Mark m, String rule) {
        planted.put(m.key().asString(), rule);
    }
}
