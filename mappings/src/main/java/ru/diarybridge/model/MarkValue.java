package ru.diarybridge.model;

/** A value in a mark system; construction fails for a value the system does not have. */
public record MarkValue(MarkSystem system, String value) {
    public MarkValue {
        if (system == null) {
            throw new IllegalArgumentException("mark system is required");
        }
        if (!system.accepts(value)) {
            throw new IllegalArgumentException("'" + value + "' is not a value of mark system " + system.code());
        }
    }

    public static MarkValue five(String value) {
        return new MarkValue(MarkSystem.FIVE_POINT, value);
    }
}
