package ru.diarybridge.connector.myschool;

import java.util.List;

/**
 * The error answer of the «Моя школа» contract (target-systems §4):
 * {@code {resourceType:"OperationOutcome", issue:[{severity, code, details}]}}. {@code details} follows FHIR's
 * CodeableConcept ({@code {"text": …}}); the facts name the field but not its inner shape (UNVERIFIED).
 */
public record OperationOutcome(String resourceType, List<Issue> issue) {

    public static final String RESOURCE_TYPE = "OperationOutcome";

    public enum Severity {
        fatal, error, warning, information
    }

    /**
     * FHIR issue-type codes. The facts document {@code not-found}, {@code structure} and {@code expired}; the others
     * are FHIR's codes for the cases the facts are silent on (UNVERIFIED).
     */
    public enum Code {
        NOT_FOUND("not-found"), STRUCTURE("structure"), EXPIRED("expired"), INVALID("invalid"),
        SECURITY("security"), LOGIN("login"), EXCEPTION("exception"), TRANSIENT("transient");

        private final String wire;

        Code(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public record Issue(Severity severity, String code, Details details) {
    }

    public record Details(String text) {
    }

    public static OperationOutcome error(Code code, String text) {
        return new OperationOutcome(RESOURCE_TYPE, List.of(new Issue(Severity.error, code.wire(), new Details(text))));
    }
}
