package ru.diarybridge.routes.archive;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import ru.diarybridge.model.Announcement;
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
import ru.diarybridge.routes.store.JournalStore;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * A {@link JournalStore} over a {@link GeneratedSchool}, mapped to canonical records with АСУ РСО's key scheme
 * (class-, student-, lesson-, term-…): the lessons of the generated week and the quarter/half-year marks of a
 * second generation (same seed) after the terms ended. Until JdbcJournalStore exists, the archive is tested on this.
 */
final class GeneratedJournalStore implements JournalStore {

    final String schoolId;
    final GeneratedSchool school;
    final List<PeriodMark> periodMarks = new ArrayList<>();
    /** Period marks the test removes to make a journal incomplete. */
    Predicate<PeriodMark> dropPeriodMark = pm -> false;
    /** Classes the store shows (a few keep the tests quick). */
    Predicate<GeneratedSchool.SchoolClassG> classFilter = c -> true;

    GeneratedJournalStore(String schoolId, long seed, LocalDate week, LocalDate marksAsOf) {
        this.schoolId = schoolId;
        this.school = GeneratedSchool.generate(seed, week);
        GeneratedSchool later = GeneratedSchool.generate(seed, marksAsOf);
        for (GeneratedSchool.PeriodMarkG pm : later.periodMarks()) {
            GeneratedSchool.TermG t = later.term(pm.termId());
            periodMarks.add(new PeriodMark(key("pm-" + pm.pupilId() + "-" + pm.subjectId() + "-" + pm.termId()),
                    key("student-" + pm.pupilId()), key("subject-" + pm.subjectId()), key("term-" + t.id()),
                    t.isQuarter() ? PeriodType.QUARTER : PeriodType.HALF_YEAR, MarkValue.five("" + pm.mark()),
                    t.end()));
        }
    }

    NaturalKey key(String id) {
        return NaturalKey.of(SourceSystem.ASURSO, schoolId, id);
    }

    @Override
    public List<SchoolClass> classes(String schoolId) {
        return school.classes().stream().filter(classFilter)
                .map(c -> new SchoolClass(key("class-" + c.id()), c.name(), c.grade(), c.letter())).toList();
    }

    @Override
    public List<Period> periods(String schoolId) {
        return school.terms().stream().map(t -> new Period(key("term-" + t.id()), key("year-2026"),
                t.isQuarter() ? PeriodType.QUARTER : PeriodType.HALF_YEAR, t.number(), t.name(), t.start(), t.end()))
                .toList();
    }

    @Override
    public List<Announcement> announcements(String schoolId) {
        return List.of();
    }

    @Override
    public Optional<ClassJournal> classJournal(String schoolId, NaturalKey classKey, LocalDate from, LocalDate to) {
        GeneratedSchool.SchoolClassG c = school.classes().stream()
                .filter(x -> classKey.equals(key("class-" + x.id()))).findFirst().orElse(null);
        if (c == null) {
            return Optional.empty();
        }
        SchoolClass cls = new SchoolClass(classKey, c.name(), c.grade(), c.letter());
        List<Person> pupils = c.pupils().stream().map(p -> new Person(key("student-" + p.id()), PersonRole.PUPIL,
                p.lastName(), p.firstName(), p.middleName(), p.birthDate(), p.snils(), classKey, null,
                p.consent() ? Consent.givenOn(LocalDate.of(2026, 9, 1), "согласие") : Consent.NONE,
                Enrolment.enrolled(LocalDate.of(2020, 9, 1), "приказ"))).toList();
        List<Subject> subjects = school.subjectsOfGrade(c.grade()).stream()
                .map(s -> new Subject(key("subject-" + s.id()), s.name(), s.shortName())).toList();
        List<Lesson> lessons = new ArrayList<>();
        Map<Long, Lesson> byId = new HashMap<>();
        for (GeneratedSchool.LessonG l : school.lessons()) {
            if (l.classId() == c.id() && !l.date().isBefore(from) && !l.date().isAfter(to)) {
                Lesson lesson = new Lesson(key("lesson-" + l.id()), classKey, null, key("subject-" + l.subjectId()),
                        key("teacher-" + l.teacherId()), l.date(), l.number(), l.topic());
                lessons.add(lesson);
                byId.put(l.id(), lesson);
            }
        }
        List<Work> works = new ArrayList<>();
        List<Homework> homework = new ArrayList<>();
        Map<Long, Work> workById = new HashMap<>();
        for (GeneratedSchool.AssignmentG a : school.assignments()) {
            Lesson l = byId.get(a.lessonId());
            if (l == null) {
                continue;
            }
            if (a.typeId() == 3) {
                homework.add(new Homework(key("hw-" + a.id()), l.key(), null, a.name(), a.dueDate(), false));
            } else {
                Work w = new Work(key("work-" + a.id()), l.key(), a.typeId() == 4 ? WorkForm.TEST
                        : a.typeId() == 5 ? WorkForm.INDEPENDENT_WORK : WorkForm.ANSWER_IN_CLASS, a.name(), a.weight());
                works.add(w);
                workById.put(a.id(), w);
            }
        }
        List<Mark> marks = new ArrayList<>();
        for (GeneratedSchool.ResultG r : school.results()) {
            Work w = workById.get(r.assignmentId());
            if (w != null && r.mark() != null) {
                marks.add(new Mark(key("mark-" + r.assignmentId() + "-" + r.studentId()), w.key(), w.lessonKey(),
                        key("student-" + r.studentId()), MarkValue.five("" + r.mark()), w.weight(), r.markDate(),
                        null));
            }
        }
        List<AttendanceEntry> attendance = new ArrayList<>();
        for (GeneratedSchool.AttendanceG a : school.attendance()) {
            Lesson l = byId.get(a.lessonId());
            if (l != null) {
                attendance.add(new AttendanceEntry(key("att-" + a.lessonId() + "-" + a.studentId()), l.key(),
                        key("student-" + a.studentId()), AttendanceCode.fromCode(a.reasonMark()).orElseThrow(), null));
            }
        }
        java.util.Set<NaturalKey> pupilKeys = new java.util.HashSet<>();
        pupils.forEach(p -> pupilKeys.add(p.key()));
        List<PeriodMark> pms = periodMarks.stream().filter(pm -> pupilKeys.contains(pm.pupilKey()))
                .filter(pm -> !pm.dateSet().isBefore(from) && !pm.dateSet().isAfter(to))
                .filter(dropPeriodMark.negate()).toList();
        return Optional.of(new ClassJournal(cls, from, to, pupils, subjects, lessons, works, marks, attendance,
                homework, pms, List.of()));
    }

    @Override
    public Optional<Person> person(NaturalKey key) {
        return Optional.empty();
    }

    @Override
    public List<Person> personsBySnils(String snils) {
        return List.of();
    }

    @Override
    public List<Person> guardiansOf(NaturalKey pupilKey) {
        return List.of();
    }
}
