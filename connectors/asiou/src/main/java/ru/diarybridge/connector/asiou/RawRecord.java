package ru.diarybridge.connector.asiou;

import java.util.Map;

/**
 * One record as read from the file, before typing: XML attributes or CSV cells by column name.
 * {@code csv} decides how a field is named in an error: {@code pupil/@snils} in XML, {@code snils} in CSV.
 */
record RawRecord(String type, int line, Map<String, String> fields, boolean csv) {

    String get(String field) {
        String v = fields.get(field);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    String where(String field) {
        return field == null ? type : csv ? field : type + "/@" + field;
    }
}
