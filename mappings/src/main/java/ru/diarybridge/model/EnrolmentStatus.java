package ru.diarybridge.model;

public enum EnrolmentStatus {
    /** Enrolled by the director's order (001 §3.1.2). */
    ENROLLED,
    /** Left the school: export of this pupil's data stops (001 §3.1.2). */
    LEFT,
    /** Staff and guardians are not enrolled. */
    NOT_APPLICABLE
}
