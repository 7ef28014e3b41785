package ru.diarybridge.connector.asiou;

/**
 * One error in an export file.
 *
 * @param file    the file name
 * @param line    1-based line of the record (0 when the error concerns the file as a whole)
 * @param element XML element or {@code element/@attribute}; in CSV the record type or column name
 * @param reason  why, in Russian: school staff read it in the quarantine report
 */
public record FileError(String file, int line, String element, String reason) {
}
