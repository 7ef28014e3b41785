package ru.diarybridge.connector.asiou;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A plain-text report, in Russian, of why an export file was refused; it lies next to the file in quarantine. */
public final class QuarantineReport {

    public static final String SUFFIX = ".ошибки.txt";

    private QuarantineReport() {
    }

    public static String render(String fileName, List<FileError> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append("Файл выгрузки АСИОУ «").append(fileName).append("» не принят.\n");
        sb.append("Данные из него не загружены: исправьте ошибки и выгрузите файл заново.\n");
        sb.append("Формат файла: контракт diary-bridge «asiou-export» версии ").append(ExportFormat.VERSION)
                .append(".\n\n");
        sb.append("Найдено ошибок: ").append(errors.size()).append("\n\n");
        int i = 1;
        for (FileError e : errors) {
            sb.append(i++).append(". ");
            sb.append(e.line() > 0 ? "строка " + e.line() : "файл в целом");
            if (e.element() != null && !e.element().isEmpty()) {
                sb.append(", элемент «").append(e.element()).append("»");
            }
            sb.append(": ").append(e.reason()).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@code <file name>.ошибки.txt} into {@code directory} (UTF-8) and returns its path. */
    public static Path write(Path directory, String fileName, List<FileError> errors) throws IOException {
        Files.createDirectories(directory);
        Path report = directory.resolve(fileName + SUFFIX);
        Files.writeString(report, render(fileName, errors), StandardCharsets.UTF_8);
        return report;
    }
}
