package ru.diarybridge.model;

import java.time.LocalDate;
import java.util.List;

/**
 * A pupil, guardian or member of staff. {@code snils} is the key to the person in the diary and on Gosuslugi;
 * it is personal data and is never logged: log {@link #key()} instead.
 *
 * @param classKey   the pupil's class; null for guardians and staff
 * @param guardianOf for a guardian, the keys of their children
 */
public record Person(NaturalKey key, PersonRole role, String lastName, String firstName, String middleName,
                     LocalDate birthDate, String snils, NaturalKey classKey, List<NaturalKey> guardianOf,
                     Consent consent, Enrolment enrolment) implements CanonicalRecord {

    public Person {
        guardianOf = guardianOf == null ? List.of() : List.copyOf(guardianOf);
        consent = consent == null ? Consent.NONE : consent;
        enrolment = enrolment == null ? Enrolment.NOT_APPLICABLE : enrolment;
    }

    @Override
    public EntityType entityType() {
        return EntityType.PERSON;
    }

    /** What may be sent to a family-facing target: enrolled, with consent (001 §3.1.2). */
    public boolean mayBeExported() {
        return consent.given() && enrolment.active();
    }

    @Override
    public String toString() {
        // never print names or СНИЛС
        return "Person[" + key + ", " + role + "]";
    }
}
