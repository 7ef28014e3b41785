package ru.diarybridge.connector.asiou;

import java.util.List;

/**
 * The outcome of reading one export file. A file with any error is invalid as a whole: {@code content} is then
 * null and the file goes to quarantine with its {@link QuarantineReport}.
 */
public record ReadResult(boolean valid, List<FileError> errors, ExportContent content) {

    public ReadResult {
        errors = List.copyOf(errors);
    }

    static ReadResult invalid(List<FileError> errors) {
        return new ReadResult(false, errors, null);
    }

    static ReadResult ok(ExportContent content) {
        return new ReadResult(true, List.of(), content);
    }
}
