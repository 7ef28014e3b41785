package ru.diarybridge.connector.asiou;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads one АСИОУ export file in diary-bridge's import contract 1.0 ({@code .xml} or {@code .csv}). The reader
 * is stateless and thread-safe; the same file always gives the same records.
 */
public final class AsiouExportReader {

    /**
     * @param schoolId the school the file is loaded for: it goes into every natural key and must equal the file's
     *                 {@code school}
     */
    public ReadResult read(Path file, String schoolId) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        try {
            if (!Files.isRegularFile(file)) {
                return ReadResult.invalid(List.of(new FileError(name, 0, "", "файл не найден или это не файл")));
            }
            if (lower.endsWith(".xml")) {
                List<FileError> schemaErrors = XmlExportParser.validate(file);
                if (!schemaErrors.isEmpty()) {
                    return ReadResult.invalid(schemaErrors);
                }
                return ExportAssembler.assemble(name, schoolId, XmlExportParser.records(file));
            }
            if (lower.endsWith(".csv")) {
                CsvExportParser.Parsed parsed = CsvExportParser.parse(file);
                // with a broken row the references of later rows would only repeat the same error, so stop here
                if (!parsed.errors().isEmpty()) {
                    return ReadResult.invalid(parsed.errors());
                }
                return ExportAssembler.assemble(name, schoolId, parsed.records());
            }
            return ReadResult.invalid(List.of(new FileError(name, 0, "",
                    "неизвестный формат файла: ожидается выгрузка .xml или .csv")));
        } catch (IOException e) {
            return ReadResult.invalid(List.of(new FileError(name, 0, "", "не удалось прочитать файл: " + e.getMessage())));
        }
    }
}
