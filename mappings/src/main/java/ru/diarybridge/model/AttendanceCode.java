package ru.diarybridge.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every attendance code the seeds use. The same letter means different things in different regulations,
 * so each constant keeps the exact code as written and the clause it comes from.
 */
public enum AttendanceCode {
    /** «н» absent (001 §3.2.4.9). */
    ABSENT_LOWER("н", Kind.ABSENT, true),
    /** «Б» ill (003 §5.2). */
    ILL("Б", Kind.ILL, true),
    /** «У» excused (003 §5.2). */
    EXCUSED("У", Kind.EXCUSED, true),
    /** «Н» absent / unexcused (003 §5.2, 004). */
    ABSENT("Н", Kind.ABSENT, true),
    /** «О» late (003 §5.2, 004). */
    LATE("О", Kind.LATE, true),
    /** «УП» excused absence (004). */
    EXCUSED_ABSENCE("УП", Kind.EXCUSED, true),
    /** «НП» unexcused absence (004). */
    UNEXCUSED_ABSENCE("НП", Kind.ABSENT, true),
    /** «ОТ» was absent (NetSchool reports). */
    WAS_ABSENT("ОТ", Kind.ABSENT, true),
    /** «ОП» late (NetSchool reports). */
    LATE_OP("ОП", Kind.LATE, true),
    /** «осв» released: 004 says it is not to be used; kept so that a check can flag it. */
    RELEASED("осв", Kind.EXCUSED, false);

    /** What a family-facing target can show. */
    public enum Kind { ABSENT, ILL, EXCUSED, LATE }

    private final String code;
    private final Kind kind;
    private final boolean allowed;

    AttendanceCode(String code, Kind kind, boolean allowed) {
        this.code = code;
        this.kind = kind;
        this.allowed = allowed;
    }

    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    /** False for codes a regulation forbids (004: «осв»). */
    public boolean allowed() {
        return allowed;
    }

    /** Exact code first (case matters: «н» and «Н» differ), then case-insensitive. */
    public static Optional<AttendanceCode> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.strip();
        return Arrays.stream(values()).filter(v -> v.code.equals(c)).findFirst()
                .or(() -> Arrays.stream(values()).filter(v -> v.code.equalsIgnoreCase(c)).findFirst());
    }
}
