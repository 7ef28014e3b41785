package ru.diarybridge.model;

import java.util.List;
import java.util.Set;

/**
 * Mark systems. Values are strings because sources send «5-», «зач», «н/а» (ЭлЖур marks are strings, facts §3.2).
 * Codes follow Dnevnik.ru's {@code marks/values} names where one exists.
 */
public enum MarkSystem {
    FIVE_POINT("mark5", List.of("1", "2", "3", "4", "5", "1-", "1+", "2-", "2+", "3-", "3+", "4-", "4+", "5-", "5+")),
    TEN_POINT("mark10", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10")),
    PASS_FAIL("markpass", List.of("зач", "незач"));

    /** Not certified: allowed only under 001 §4.3. */
    public static final String NOT_CERTIFIED = "н/а";
    /** Released from the subject. */
    public static final String RELEASED = "осв";
    /** «Точка»: owed work, no mark yet (NetSchool dutyMark). */
    public static final String DUTY = "точка";

    private static final Set<String> SPECIAL = Set.of(NOT_CERTIFIED, RELEASED, DUTY);

    private final String code;
    private final List<String> scale;

    MarkSystem(String code, List<String> values) {
        this.code = code;
        this.scale = values;
    }

    public String code() {
        return code;
    }

    public List<String> scale() {
        return scale;
    }

    public boolean accepts(String value) {
        return value != null && (scale.contains(value) || SPECIAL.contains(value));
    }

    /** The numeric part of a value («4-» → 4), or -1 for non-numeric values. */
    public static int numeric(String value) {
        if (value == null || value.isEmpty() || !Character.isDigit(value.charAt(0))) {
            return -1;
        }
        int end = 0;
        while (end < value.length() && Character.isDigit(value.charAt(end))) {
            end++;
        }
        return Integer.parseInt(value.substring(0, end));
    }

    /** Unsatisfactory on the five-point scale: 1 or 2 (001 §4.1 re-test rule). */
    public boolean unsatisfactory(String value) {
        int n = numeric(value);
        return this == FIVE_POINT ? n >= 1 && n <= 2 : this == TEN_POINT ? n >= 1 && n <= 3 : "незач".equals(value);
    }
}
