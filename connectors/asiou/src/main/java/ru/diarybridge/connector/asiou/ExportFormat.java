package ru.diarybridge.connector.asiou;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record types of contract 1.0 and their fields, in CSV column order. XML attributes have the same names.
 * CSV and XML readers both check fields against this, so a CSV file meets the same rules the XSD enforces.
 */
public final class ExportFormat {

    public static final String NAMESPACE = "urn:diary-bridge:asiou-export:1.0";
    public static final String VERSION = "1.0";
    public static final String XSD_RESOURCE = "/ru/diarybridge/connector/asiou/asiou-export-1.0.xsd";
    public static final char CSV_SEPARATOR = ';';

    enum Type { ID, TEXT, DATE, DATETIME, SNILS, GRADE, LESSON_NUMBER, WEIGHT, BOOLEAN, STATUS, FORM, SYSTEM,
        MARK_VALUE, ATTENDANCE_CODE, PERIOD, VERSION }

    record Field(String name, Type type, boolean required) {
    }

    static final Map<String, List<Field>> RECORDS = new LinkedHashMap<>();

    static {
        RECORDS.put("export", List.of(req("school", Type.ID), req("from", Type.DATE), req("to", Type.DATE),
                req("generated", Type.DATETIME), opt("version", Type.VERSION)));
        RECORDS.put("class", List.of(req("id", Type.ID), req("name", Type.TEXT), req("grade", Type.GRADE),
                req("letter", Type.TEXT)));
        RECORDS.put("subject", List.of(req("id", Type.ID), req("name", Type.TEXT), opt("shortName", Type.TEXT)));
        RECORDS.put("pupil", List.of(req("id", Type.ID), req("class", Type.ID), req("lastName", Type.TEXT),
                req("firstName", Type.TEXT), opt("middleName", Type.TEXT), req("birthDate", Type.DATE),
                opt("snils", Type.SNILS), req("consentGiven", Type.BOOLEAN), opt("consentDate", Type.DATE),
                opt("consentDocument", Type.TEXT), req("status", Type.STATUS), req("enrolledOn", Type.DATE),
                opt("leftOn", Type.DATE), opt("order", Type.TEXT)));
        RECORDS.put("lesson", List.of(req("id", Type.ID), req("class", Type.ID), req("subject", Type.ID),
                req("date", Type.DATE), req("number", Type.LESSON_NUMBER), req("teacher", Type.ID),
                opt("topic", Type.TEXT)));
        RECORDS.put("work", List.of(req("id", Type.ID), req("lesson", Type.ID), req("form", Type.FORM),
                req("title", Type.TEXT), req("weight", Type.WEIGHT)));
        RECORDS.put("mark", List.of(req("id", Type.ID), req("work", Type.ID), req("pupil", Type.ID),
                req("value", Type.MARK_VALUE), req("system", Type.SYSTEM), req("dateSet", Type.DATE),
                opt("dateCorrected", Type.DATE)));
        RECORDS.put("attendance", List.of(req("lesson", Type.ID), req("pupil", Type.ID),
                req("code", Type.ATTENDANCE_CODE), opt("comment", Type.TEXT)));
        RECORDS.put("homework", List.of(req("id", Type.ID), req("lesson", Type.ID), opt("work", Type.ID),
                req("dueDate", Type.DATE), opt("individual", Type.BOOLEAN), req("text", Type.TEXT)));
        RECORDS.put("periodMark", List.of(req("pupil", Type.ID), req("subject", Type.ID), req("period", Type.PERIOD),
                req("value", Type.MARK_VALUE), req("system", Type.SYSTEM), opt("date", Type.DATE)));
    }

    private ExportFormat() {
    }

    /** Column names of a record type after the {@code record} column, e.g. {@code id, work, pupil, …} for mark. */
    public static List<String> columns(String recordType) {
        List<Field> fields = RECORDS.get(recordType);
        if (fields == null) {
            throw new IllegalArgumentException("unknown record type " + recordType);
        }
        return fields.stream().map(Field::name).toList();
    }

    /** The required first line of a CSV export: it names the columns of the {@code export} record. */
    public static String csvHeader() {
        return "record;" + String.join(";", columns("export"));
    }

    private static Field req(String name, Type type) {
        return new Field(name, type, true);
    }

    private static Field opt(String name, Type type) {
        return new Field(name, type, false);
    }
}
