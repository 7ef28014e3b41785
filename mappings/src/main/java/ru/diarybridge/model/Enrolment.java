package ru.diarybridge.model;

import java.time.LocalDate;

public record Enrolment(EnrolmentStatus status, LocalDate enrolledOn, LocalDate leftOn, String orderRef) {
    public static final Enrolment NOT_APPLICABLE = new Enrolment(EnrolmentStatus.NOT_APPLICABLE, null, null, null);

    public static Enrolment enrolled(LocalDate on, String orderRef) {
        return new Enrolment(EnrolmentStatus.ENROLLED, on, null, orderRef);
    }

    public boolean active() {
        return status != EnrolmentStatus.LEFT;
    }
}
