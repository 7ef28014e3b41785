package ru.diarybridge.routes.smev;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ru.diarybridge.model.Announcement;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.routes.store.JournalStore;

/** Test-only JournalStore over a few records, for the SMEV decision logic (the JDBC one is on main). */
class InMemoryJournalStore implements JournalStore {

    final List<Person> persons = new ArrayList<>();
    final List<ClassJournal> journals = new ArrayList<>();

    @Override
    public List<SchoolClass> classes(String schoolId) {
        return journals.stream().map(ClassJournal::schoolClass).filter(c -> c.key().schoolId().equals(schoolId)).toList();
    }

    @Override
    public List<Period> periods(String schoolId) {
        return List.of();
    }

    @Override
    public List<Announcement> announcements(String schoolId) {
        return List.of();
    }

    @Override
    public Optional<ClassJournal> classJournal(String schoolId, NaturalKey classKey, LocalDate from, LocalDate to) {
        return journals.stream().filter(j -> j.schoolClass().key().equals(classKey)).findFirst();
    }

    @Override
    public Optional<Person> person(NaturalKey key) {
        return persons.stream().filter(p -> p.key().equals(key)).findFirst();
    }

    @Override
    public List<Person> personsBySnils(String snils) {
        return persons.stream().filter(p -> snils.equals(p.snils())).toList();
    }

    @Override
    public List<Person> guardiansOf(NaturalKey pupilKey) {
        return persons.stream().filter(p -> p.role() == PersonRole.GUARDIAN && p.guardianOf().contains(pupilKey)).toList();
    }
}
