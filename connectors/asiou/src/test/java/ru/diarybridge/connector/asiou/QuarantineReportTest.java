package ru.diarybridge.connector.asiou;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuarantineReportTest {

    @TempDir
    Path dir;

    @Test
    void listsEveryErrorWithFileLineElementAndReason() throws Exception {
        List<FileError> errors = List.of(
                new FileError("export.xml", 12, "mark/@pupil", "ссылка на неизвестный ученик «2002»"),
                new FileError("export.xml", 0, "export", "нет записи «export»"));
        String text = QuarantineReport.render("export.xml", errors);
        assertThat(text).contains("Файл выгрузки АСИОУ «export.xml» не принят.", "Найдено ошибок: 2",
                "1. строка 12, элемент «mark/@pupil»: ссылка на неизвестный ученик «2002»",
                "2. файл в целом, элемент «export»: нет записи «export»");

        Path report = QuarantineReport.write(dir.resolve("quarantine"), "export.xml", errors);
        assertThat(report.getFileName().toString()).isEqualTo("export.xml.ошибки.txt");
        assertThat(Files.readString(report)).isEqualTo(text);
    }
}
