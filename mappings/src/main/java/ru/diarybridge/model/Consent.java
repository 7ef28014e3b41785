package ru.diarybridge.model;

import java.time.LocalDate;

/**
 * Written consent to publish personal data in the diary (001 §3.1.2). Without it nothing about the pupil
 * leaves the school.
 */
public record Consent(boolean given, LocalDate date, String documentRef) {
    public static final Consent NONE = new Consent(false, null, null);

    public static Consent givenOn(LocalDate date, String documentRef) {
        return new Consent(true, date, documentRef);
    }
}
