package ru.diarybridge.model;

/** A class such as «5а»: grade 1–11 and a letter. */
public record SchoolClass(NaturalKey key, String name, int grade, String letter) implements CanonicalRecord {
    public SchoolClass {
        if (grade < 1 || grade > 11) {
            throw new IllegalArgumentException("grade must be 1..11, was " + grade + " for class " + name);
        }
    }

    @Override
    public EntityType entityType() {
        return EntityType.SCHOOL_CLASS;
    }
}
