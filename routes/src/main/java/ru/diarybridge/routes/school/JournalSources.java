package ru.diarybridge.routes.school;

import ru.diarybridge.connector.asurso.AsursoJournalSource;
import ru.diarybridge.connector.eljur.EljurJournalSource;
import ru.diarybridge.model.JournalSource;

/** Opens a school's journal source; one session per sync. */
public class JournalSources {

    public JournalSource open(SchoolSettings school) {
        return switch (school.sourceSystem()) {
            case ASURSO -> new AsursoJournalSource(school.asurso());
            case ELJUR -> new EljurJournalSource(school.eljur());
            case ASIOU -> throw new UnsupportedOperationException(
                    "источник " + school.sourceSystem().code() + " не опрашивается: его выгрузки принимает папка входящих файлов (школа " + school.schoolId() + ")");
        };
    }
}
