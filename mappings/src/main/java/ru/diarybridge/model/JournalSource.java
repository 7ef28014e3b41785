package ru.diarybridge.model;

import java.time.LocalDate;
import java.util.List;

/**
 * The port every source connector implements: one school's journal, read as canonical records.
 * Implementations hold a session with the source and must be closed (NetSchool: always log out).
 */
public interface JournalSource extends AutoCloseable {

    /** Version and capabilities of the source server, probed before anything else. */
    SourceInfo probe();

    List<SchoolClass> classes();

    /** The school year's reporting periods (quarters, half-years, year), when the source gives them. */
    default List<Period> periods() {
        return List.of();
    }

    /** The school's announcements, when the source gives them. */
    default List<Announcement> announcements() {
        return List.of();
    }

    /**
     * The guardians of one class's pupils (role GUARDIAN, {@code guardianOf} = the children's keys), when the
     * source gives them. Kept apart from {@link ClassJournal#pupils()}, which holds pupils only.
     */
    default List<Person> guardians(SchoolClass schoolClass) {
        return List.of();
    }

    /** The journal of one class for an inclusive date range. */
    ClassJournal readClass(SchoolClass schoolClass, LocalDate from, LocalDate to);

    @Override
    void close();

    record SourceInfo(SourceSystem system, String product, String version) {
    }
}
