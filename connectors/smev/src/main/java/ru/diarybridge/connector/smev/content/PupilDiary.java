package ru.diarybridge.connector.smev.content;

import java.time.LocalDate;
import java.util.List;

/** The content of a DiaryResponse: one pupil's lessons of a period. */
public record PupilDiary(String pupilSnils, LocalDate from, LocalDate to, List<Lesson> lessons) {

    public PupilDiary {
        lessons = List.copyOf(lessons);
    }

    /** @param attendanceKind ABSENT, ILL, EXCUSED or LATE; null with a null code */
    public record Lesson(LocalDate date, int number, String subject, String topic, String attendanceCode,
                         String attendanceKind, List<Mark> marks, List<Homework> homework) {
        public Lesson {
            marks = List.copyOf(marks);
            homework = List.copyOf(homework);
        }
    }

    public record Mark(String value, int weight, String work) {
    }

    public record Homework(String text, LocalDate dueDate) {
    }

    @Override
    public String toString() {
        return "PupilDiary[" + from + ".." + to + ", " + lessons.size() + " lessons]";
    }
}
