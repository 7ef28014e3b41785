package ru.diarybridge.connector.myschool;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;

/**
 * Builds the «Моя школа» {@link Schedule} of one pupil from the canonical journal of their class. Pure: no I/O,
 * the same input gives the same answer (ids are name-based uuids of the natural keys).
 */
public final class ScheduleBuilder {

    /** ISO-8601 with seconds and offset: {@code 2026-11-16T08:30:00+04:00}. */
    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /** What the journal does not know about the school: its name, time zone and public links. */
    public record SchoolInfo(String schoolId, String name, ZoneId zone, String scheduleUrl, String distantUrl) {
        public SchoolInfo {
            Objects.requireNonNull(schoolId, "schoolId");
            Objects.requireNonNull(zone, "zone");
            name = name == null ? schoolId : name;
            scheduleUrl = scheduleUrl == null ? "" : scheduleUrl;
        }
    }

    /** One request: whose schedule, which pupil, which days, and when the data was last synced. */
    public record Request(String esiaId, Person pupil, LocalDate start, LocalDate end, Instant lastUpdated) {
    }

    private final BellSchedule bells;
    private final String classroom;

    /**
     * @param classroom what to put in the required {@code classroom}: the canonical journal has no rooms
     *                  (UNVERIFIED; empty by default)
     */
    public ScheduleBuilder(BellSchedule bells, String classroom) {
        this.bells = Objects.requireNonNull(bells, "bells");
        this.classroom = classroom == null ? "" : classroom;
    }

    public ScheduleBuilder() {
        this(BellSchedule.standard(), "");
    }

    public Schedule build(SchoolInfo school, ClassJournal journal, Request request) {
        Person pupil = request.pupil();
        if (!pupil.mayBeExported()) {
            // 001 §3.1.2: the caller must answer not-found; building it anyway would be a leak
            throw new IllegalArgumentException("pupil " + pupil.key() + " may not be exported");
        }
        if (request.end().isBefore(request.start())) {
            throw new IllegalArgumentException("end before start");
        }
        ZoneId zone = school.zone();
        Map<NaturalKey, String> subjects = journal.subjects().stream()
                .collect(Collectors.toMap(Subject::key, Subject::name, (a, b) -> a));
        Map<NaturalKey, Work> works = journal.works().stream()
                .collect(Collectors.toMap(Work::key, w -> w, (a, b) -> a));
        Map<NaturalKey, List<Homework>> homework = journal.homework().stream()
                .filter(h -> !h.individual() && h.lessonKey() != null && h.text() != null && !h.text().isBlank())
                .collect(Collectors.groupingBy(Homework::lessonKey));
        Map<NaturalKey, AttendanceEntry> attendance = new HashMap<>();
        for (AttendanceEntry a : journal.attendance()) {
            if (pupil.key().equals(a.pupilKey())) {
                attendance.putIfAbsent(a.lessonKey(), a);
            }
        }
        Map<NaturalKey, List<Mark>> marks = journal.marks().stream()
                .filter(m -> pupil.key().equals(m.pupilKey()) && m.lessonKey() != null)
                // «точка» is owed work, not a mark (the diary delivery withholds it too)
                .filter(m -> !MarkSystem.DUTY.equals(m.value().value()))
                .collect(Collectors.groupingBy(Mark::lessonKey));

        List<Lesson> lessons = journal.lessons().stream()
                .filter(l -> !l.date().isBefore(request.start()) && !l.date().isAfter(request.end()))
                .sorted(Comparator.comparing(Lesson::date).thenComparingInt(Lesson::number)
                        .thenComparing(l -> subjects.getOrDefault(l.subjectKey(), "")))
                .toList();
        List<Schedule.Lesson> out = new ArrayList<>(lessons.size());
        for (Lesson lesson : lessons) {
            BellSchedule.Slot slot = bells.slot(lesson.number());
            String hw = homework.getOrDefault(lesson.key(), List.of()).stream().map(h -> h.text().strip())
                    .distinct().collect(Collectors.joining("\n"));
            AttendanceEntry att = attendance.get(lesson.key());
            List<Schedule.Score> scores = marks.getOrDefault(lesson.key(), List.of()).stream()
                    .map(m -> score(m, works.get(m.workKey()))).toList();
            out.add(new Schedule.Lesson(uuid("lesson", lesson.key()), subjects.getOrDefault(lesson.subjectKey(), ""),
                    null, blankToNull(lesson.topic()), blankToNull(hw),
                    new Schedule.Period(at(lesson.date(), slot.start(), zone), at(lesson.date(), slot.end(), zone)),
                    classroom, null, null, att == null ? null : new Schedule.Attendance(att.code().code()),
                    scores.isEmpty() ? null : scores));
        }
        var schoolClass = journal.schoolClass();
        Schedule.School entry = new Schedule.School(uuid("school", school.schoolId()), school.name(),
                school.scheduleUrl(),
                new Schedule.Period(at(request.start(), LocalTime.MIN, zone),
                        at(request.end(), LocalTime.of(23, 59, 59), zone)),
                academicYear(request.start()), blankToNull(school.distantUrl()),
                List.of(new Schedule.SchoolClass(schoolClass.name(), Integer.toString(schoolClass.grade()), out)));
        return new Schedule(request.esiaId(),
                new Schedule.Meta(DATE_TIME.format(request.lastUpdated().atZone(zone))), List.of(entry));
    }

    private static Schedule.Score score(Mark mark, Work work) {
        String code = work != null && work.form() != null ? work.form().russian() : "Другое";
        return new Schedule.Score(code, mark.weight() > 0 ? mark.weight() : null, mark.value().value(), null,
                mark.value().system().code());
    }

    /** «2026/27» for any date from 1 September 2026 to 31 August 2027. */
    public static String academicYear(LocalDate date) {
        int first = date.getMonthValue() >= 9 ? date.getYear() : date.getYear() - 1;
        return first + "/" + String.format("%02d", (first + 1) % 100);
    }

    /** A stable uuid for a record: the contract wants uuids, the journal has natural keys. */
    public static String uuid(String kind, Object key) {
        return UUID.nameUUIDFromBytes(("diary-bridge:" + kind + ":" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String at(LocalDate date, LocalTime time, ZoneId zone) {
        return DATE_TIME.format(date.atTime(time).atZone(zone));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
