package ru.diarybridge.model;

/**
 * A source item that could not be turned into a canonical record, with what a school IT specialist needs to find
 * and fix it: where it came from, which record and field, and why (in Russian: it is shown to school staff).
 *
 * @param location the source document or call, e.g. {@code GET /webapi/grade/journal/edit?cmid=224102627}
 * @param recordId the source id of the bad record, e.g. {@code assignment 228719822 / student 592640}
 * @param field    the offending field
 * @param reason   why it was refused
 */
public record SourceProblem(String location, String recordId, String field, String value, String reason) {
    @Override
    public String toString() {
        return location + ": запись " + recordId + ", поле «" + field + "»: " + reason;
    }
}
