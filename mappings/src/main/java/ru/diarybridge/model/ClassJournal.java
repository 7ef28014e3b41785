package ru.diarybridge.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one read of a class's journal for a date range gives: the class, its pupils, the subjects and
 * the lessons with their works, marks, attendance and homework. This is what a source connector hands to the
 * routes; it holds canonical records only. Items the connector could not map are in {@code problems}: a bad item
 * never stops the read of the rest.
 */
public record ClassJournal(SchoolClass schoolClass, LocalDate from, LocalDate to, List<Person> pupils,
                           List<Subject> subjects, List<Lesson> lessons, List<Work> works, List<Mark> marks,
                           List<AttendanceEntry> attendance, List<Homework> homework, List<PeriodMark> periodMarks,
                           List<SourceProblem> problems) {

    public ClassJournal {
        pupils = List.copyOf(pupils);
        subjects = List.copyOf(subjects);
        lessons = List.copyOf(lessons);
        works = List.copyOf(works);
        marks = List.copyOf(marks);
        attendance = List.copyOf(attendance);
        homework = List.copyOf(homework);
        periodMarks = periodMarks == null ? List.of() : List.copyOf(periodMarks);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** A journal without period marks (the sources that give none). */
    public ClassJournal(SchoolClass schoolClass, LocalDate from, LocalDate to, List<Person> pupils,
                        List<Subject> subjects, List<Lesson> lessons, List<Work> works, List<Mark> marks,
                        List<AttendanceEntry> attendance, List<Homework> homework, List<SourceProblem> problems) {
        this(schoolClass, from, to, pupils, subjects, lessons, works, marks, attendance, homework, List.of(), problems);
    }

    /** All records in target order (class, subjects, pupils, lessons, works, homework, marks, attendance, period marks). */
    public List<CanonicalRecord> records() {
        List<CanonicalRecord> all = new ArrayList<>(pupils.size() + lessons.size() + works.size() + marks.size()
                + attendance.size() + homework.size() + subjects.size() + 1);
        all.add(schoolClass);
        all.addAll(subjects);
        all.addAll(pupils);
        all.addAll(lessons);
        all.addAll(works);
        all.addAll(homework);
        all.addAll(marks);
        all.addAll(attendance);
        all.addAll(periodMarks);
        return all;
    }
}
