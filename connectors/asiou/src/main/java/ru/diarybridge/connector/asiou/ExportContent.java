package ru.diarybridge.connector.asiou;

import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.Subject;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The content of a valid export: one {@link ClassJournal} per class, in file order, and the period marks
 * (they are not part of a class journal).
 *
 * @param generated the {@code generated} timestamp exactly as written in the file
 */
public record ExportContent(String schoolId, LocalDate from, LocalDate to, String generated,
                            List<SchoolClass> classes, List<Subject> subjects, List<ClassJournal> journals,
                            List<PeriodMark> periodMarks) {

    public ExportContent {
        classes = List.copyOf(classes);
        subjects = List.copyOf(subjects);
        journals = List.copyOf(journals);
        periodMarks = List.copyOf(periodMarks);
    }

    /** The journal of the class with this source id (the {@code id} in the file). */
    public Optional<ClassJournal> journal(String classId) {
        String sourceId = AsiouKeys.CLASS + "-" + classId;
        return journals.stream().filter(j -> j.schoolClass().key().sourceId().equals(sourceId)).findFirst();
    }
}
