package ru.diarybridge.routes.school;

import ru.diarybridge.connector.asurso.AsursoJournalSource;
import ru.diarybridge.model.JournalSource;

/** Opens a school's journal source; one session per sync. */
public class JournalSources {

    public JournalSource open(SchoolSettings school) {
        return switch (school.sourceSystem()) {
            case ASURSO -> new AsursoJournalSource(school.asurso());
            case ASIOU, ELJUR -> throw new UnsupportedOperationException(
                    "источник " + school.sourceSystem().code() + " ещё не подключён (школа " + school.schoolId() + ")");
        };
    }
}
