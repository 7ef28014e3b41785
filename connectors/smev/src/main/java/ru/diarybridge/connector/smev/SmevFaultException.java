package ru.diarybridge.connector.smev;

/** A SMEV call that did not succeed; {@link #code()} says which fault and {@link #faultClass()} what to do. */
public class SmevFaultException extends Exception {

    private final SmevFaultCode code;
    private final String smevCode;
    private final String description;

    public SmevFaultException(SmevFaultCode code, String smevCode, String description, Throwable cause) {
        super(code + (description == null ? "" : ": " + description), cause);
        this.code = code;
        this.smevCode = smevCode;
        this.description = description;
    }

    public SmevFaultCode code() {
        return code;
    }

    public FaultClass faultClass() {
        return code.faultClass();
    }

    /** SmevFault/Code as SMEV sent it (e.g. {@code SMEV-501}); may be null. */
    public String smevCode() {
        return smevCode;
    }

    /** SmevFault/Description as SMEV sent it; may be null. */
    public String description() {
        return description;
    }

    /** The operator's text: the class reason plus SMEV's own description. */
    public String reasonRu() {
        return code.reason() + (description == null || description.isBlank() ? "" : " (" + description + ")");
    }
}
