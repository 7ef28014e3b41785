package ru.diarybridge.routes.control;

import java.time.LocalDate;
import java.util.List;
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
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.model.Subject;

/**
 * A hand-sized fixture for the report figures: class 5б (three pupils, maths by t1 and Russian by t2) and class 1а
 * (one pupil, t1 and t3) over the week 05.10–11.10.2026. The expected figures in {@link ReportFiguresTest} are
 * counted by hand from the lists below.
 */
final class SmallSchool {

    static final LocalDate FROM = LocalDate.of(2026, 10, 5);
    static final LocalDate TO = LocalDate.of(2026, 10, 11);

    static NaturalKey k(String id) {
        return NaturalKey.of(SourceSystem.ASURSO, "small", id);
    }

    static LocalDate oct(int day) {
        return LocalDate.of(2026, 10, day);
    }

    static Person pupil(String id, String last, String first, String middle, NaturalKey cls) {
        return new Person(k(id), PersonRole.PUPIL, last, first, middle, LocalDate.of(2015, 1, 1), null, cls, List.of(),
                Consent.givenOn(oct(1), "c"), Enrolment.enrolled(LocalDate.of(2026, 9, 1), "o"));
    }

    static Lesson lesson(String id, NaturalKey cls, String subject, String teacher, LocalDate day, String topic) {
        return new Lesson(k(id), cls, null, k(subject), k(teacher), day, 1, topic);
    }

    static Mark mark(String id, String lesson, String pupil, String value, LocalDate set) {
        return new Mark(k(id), null, k(lesson), k(pupil), MarkValue.five(value), 1, set, null);
    }

    static Homework hw(String lesson) {
        return new Homework(k("hw-" + lesson), k(lesson), null, "Упражнение", null, false);
    }

    static ClassJournal class5b() {
        SchoolClass cls = new SchoolClass(k("5b"), "5б", 5, "б");
        return new ClassJournal(cls, oct(1), TO,
                List.of(pupil("A", "Андреев", "Иван", "Петрович", cls.key()),
                        pupil("B", "Борисова", "Анна", null, cls.key()),
                        pupil("C", "Васильев", "Олег", "Ильич", cls.key())),
                List.of(new Subject(k("mat"), "Математика", "мат"), new Subject(k("rus"), "Русский язык", "рус")),
                List.of(lesson("L0", cls.key(), "mat", "t1", oct(2), "До окна"),
                        lesson("L1", cls.key(), "mat", "t1", oct(5), "Дроби"),
                        lesson("L2", cls.key(), "mat", "t1", oct(7), " "),
                        lesson("L3", cls.key(), "rus", "t2", oct(6), "Причастие"),
                        lesson("L4", cls.key(), "rus", "t2", oct(8), "Деепричастие"),
                        lesson("L5", cls.key(), "mat", "t1", oct(9), "Проценты")),
                List.of(),
                List.of(mark("m0", "L0", "C", "5", oct(2)),
                        mark("m1", "L1", "A", "5", oct(5)),
                        mark("m2", "L2", "A", "4-", oct(9)),
                        mark("m3", "L1", "B", "2", oct(5)),
                        mark("m4", "L3", "A", "3", oct(16)),
                        mark("m5", "L5", "B", "4", oct(9))),
                List.of(new AttendanceEntry(k("a1"), k("L1"), k("C"), AttendanceCode.ABSENT, null),
                        new AttendanceEntry(k("a2"), k("L3"), k("C"), AttendanceCode.ILL, null),
                        new AttendanceEntry(k("a3"), k("L4"), k("B"), AttendanceCode.LATE, null),
                        new AttendanceEntry(k("a4"), k("L5"), k("C"), AttendanceCode.EXCUSED_ABSENCE, null)),
                List.of(hw("L0"), hw("L1"), hw("L3"), hw("L5")),
                List.of(new PeriodMark(k("pm1"), k("A"), k("mat"), k("q1"), PeriodType.QUARTER, MarkValue.five("5"),
                        oct(10))),
                List.of());
    }

    static ClassJournal class1a() {
        SchoolClass cls = new SchoolClass(k("1a"), "1а", 1, "а");
        return new ClassJournal(cls, FROM, TO, List.of(pupil("D", "Дмитриев", "Ян", null, cls.key())),
                List.of(new Subject(k("mat"), "Математика", "мат"), new Subject(k("mus"), "Музыка", "муз")),
                List.of(lesson("L6", cls.key(), "mat", "t1", oct(5), "Счёт"),
                        lesson("L7", cls.key(), "mus", "t3", oct(6), null)),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
