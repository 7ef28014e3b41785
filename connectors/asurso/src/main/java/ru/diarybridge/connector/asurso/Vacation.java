package ru.diarybridge.connector.asurso;

import java.time.LocalDate;

/**
 * School holidays as АСУ РСО gives them ({@code GET /webapi/calendar/vacations}, facts §1.9), inclusive dates.
 * Used for the calendar only: the canonical model has no holiday record.
 */
public record Vacation(String name, LocalDate start, LocalDate end) {
}
