package ru.diarybridge.model;

import java.util.Objects;

/**
 * The stable identity of a record: the system it came from, the school it belongs to and the id the
 * source system gives it. Two reads of the same source object always give the same key, so change
 * detection and the target id map can be keyed by it.
 */
public record NaturalKey(SourceSystem system, String schoolId, String sourceId) {

    public NaturalKey {
        Objects.requireNonNull(system, "system");
        requireText(schoolId, "schoolId");
        requireText(sourceId, "sourceId");
    }

    public static NaturalKey of(SourceSystem system, String schoolId, String sourceId) {
        return new NaturalKey(system, schoolId, sourceId);
    }

    /** {@code asurso:school-107:cm-224102627} */
    public String asString() {
        return system.code() + ":" + schoolId + ":" + sourceId;
    }

    public static NaturalKey parse(String text) {
        int first = text.indexOf(':');
        int second = first < 0 ? -1 : text.indexOf(':', first + 1);
        if (first < 0 || second < 0) {
            throw new IllegalArgumentException("not a natural key (system:school:id): " + text);
        }
        return new NaturalKey(SourceSystem.fromCode(text.substring(0, first)),
                text.substring(first + 1, second), text.substring(second + 1));
    }

    @Override
    public String toString() {
        return asString();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
