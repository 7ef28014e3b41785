package ru.diarybridge.routes.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import ru.diarybridge.model.Announcement;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.SchoolClass;

/**
 * The synced journal of every school in canonical form, as the last source sync saw it. Source sync writes it
 * in the same transaction as change detection; the archive, the control reports, SMEV answers and the «Моя
 * школа» endpoint read it, so none of them calls a source system.
 *
 * <p>Records deleted at the source are not returned. Pupils who left or withdrew consent are returned (the
 * archive and the reports need them); callers that export to families must check {@link Person#mayBeExported()}.
 */
public interface JournalStore {

    /** The classes of a school, ordered by grade and letter. */
    List<SchoolClass> classes(String schoolId);

    /** Terms, half-years and vacations of a school, ordered by start date. */
    List<Period> periods(String schoolId);

    /** Announcements of a school, newest first. */
    List<Announcement> announcements(String schoolId);

    /**
     * One class's journal for [from, to]: lessons (by lesson date) with their works, homework, marks and
     * attendance; all pupils of the class (also those who left); the subjects taught; the period marks of the
     * class's pupils whose period overlaps the window. Empty when the class is unknown.
     */
    Optional<ClassJournal> classJournal(String schoolId, NaturalKey classKey, LocalDate from, LocalDate to);

    /** A person (pupil, guardian or staff) by natural key. */
    Optional<Person> person(NaturalKey key);

    /** People whose СНИЛС is this one (normalised to 11 digits), across schools. */
    List<Person> personsBySnils(String snils);

    /** Guardians known for a pupil (persons of role GUARDIAN whose guardianOf contains the pupil's key). */
    List<Person> guardiansOf(NaturalKey pupilKey);
}
