package ru.diarybridge.connector.asiou;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of error is reported with its line, element (XML) or column (CSV) and a Russian reason. */
class ErrorReportingTest {

    private static final String XML = "school-export.xml";
    private static final String CSV = "school-export.csv";

    private final AsiouExportReader reader = new AsiouExportReader();

    @TempDir
    Path dir;

    private ReadResult read(Path file) {
        ReadResult r = reader.read(file, Examples.SCHOOL);
        assertThat(r.valid()).isFalse();
        assertThat(r.content()).isNull();
        return r;
    }

    @Test
    void malformedXml() throws Exception {
        Examples.Damaged d = Examples.damage(dir, XML, "<lesson id=\"L2\"", l -> l.replace("/>", ">"));
        ReadResult r = read(d.file());
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo(XML);
            assertThat(e.line()).isEqualTo(d.line() + 1); // the parser notices at the next closing tag
            assertThat(e.reason()).startsWith("файл не является правильным XML");
        });
    }

    @Test
    void unescapedLessThanInAttributeIsReportedOnItsLine() throws Exception {
        Examples.Damaged d = Examples.damage(dir, XML, "<lesson id=\"L1\"", l -> l.replace("topic=\"", "topic=\"<"));
        assertThat(read(d.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(d.line());
            assertThat(e.element()).isEqualTo("lessons");
        });
    }

    @Test
    void xsdViolationNamesElementAndAttribute() throws Exception {
        Examples.Damaged d = Examples.damage(dir, XML, "<lesson id=\"L1\"", l -> l.replace("number=\"2\"", "number=\"13\""));
        assertThat(read(d.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(d.line());
            assertThat(e.element()).isEqualTo("lesson/@number");
            assertThat(e.reason()).isEqualTo("значение «13» больше допустимого максимума 12");
        });
    }

    @Test
    void aMegabyteValueIsRefusedBeforeTheSchemaSeesIt() throws Exception {
        // a pattern facet on a value of megabytes would keep the validator busy for minutes (bad-input suite)
        String huge = "а".repeat(3_000_000);
        Examples.Damaged d = Examples.damage(dir, XML, "<lesson id=\"L1\"", l -> l.replace("topic=\"", "topic=\"" + huge));
        assertThat(read(d.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(d.line());
            assertThat(e.element()).isEqualTo("lesson/@topic");
            assertThat(e.reason()).startsWith("значение длиной 3000").endsWith("не бывает длиннее 2000 символов");
        });
    }

    @Test
    void missingRequiredAttributeAndUnknownElement() throws Exception {
        Examples.Damaged d = Examples.damage(dir, XML, "<work id=\"W2\"", l -> l.replace(" weight=\"10\"", "")
                + "\n    <grade id=\"X\"/>");
        ReadResult r = read(d.file());
        assertThat(r.errors()).extracting(FileError::line, FileError::element).containsExactly(
                org.assertj.core.groups.Tuple.tuple(d.line(), "work/@weight"),
                org.assertj.core.groups.Tuple.tuple(d.line() + 1, "grade"));
        assertThat(r.errors().get(0).reason()).isEqualTo("не указан обязательный атрибут «weight»");
        assertThat(r.errors().get(1).reason()).startsWith("элемент «grade» здесь не допускается");
    }

    @Test
    void badSnilsFormatInXmlDoesNotRepeatTheNumber() throws Exception {
        Examples.Damaged d = Examples.damage(dir, XML, "id=\"1002\"", l -> l.replace("12345678964", "1234567896"));
        assertThat(read(d.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(d.line());
            assertThat(e.element()).isEqualTo("pupil/@snils");
            assertThat(e.reason()).isEqualTo("неверный формат СНИЛС: ожидается 123-456-789 01 или 11 цифр")
                    .doesNotContain("1234567896");
        });
    }

    @Test
    void badSnilsChecksum() throws Exception {
        Examples.Damaged d = Examples.damage(dir, XML, "id=\"1002\"", l -> l.replace("12345678964", "12345678965"));
        assertThat(read(d.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(d.line());
            assertThat(e.element()).isEqualTo("pupil/@snils");
            assertThat(e.reason()).isEqualTo("неверная контрольная сумма СНИЛС");
        });
        Examples.Damaged c = Examples.damage(dir, CSV, "pupil;1002", l -> l.replace("12345678964", "12345678965"));
        assertThat(read(c.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(c.line());
            assertThat(e.element()).isEqualTo("snils");
        });
    }

    @Test
    void markOfUnknownPupil() throws Exception {
        Examples.Damaged d = Examples.damage(dir, XML, "id=\"M4\"", l -> l.replace("pupil=\"1002\"", "pupil=\"2002\""));
        assertThat(read(d.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(d.line());
            assertThat(e.element()).isEqualTo("mark/@pupil");
            assertThat(e.reason()).isEqualTo("ссылка на неизвестный ученик «2002»: такой записи в файле нет");
        });
        Examples.Damaged c = Examples.damage(dir, CSV, "mark;M4", l -> l.replace(";1002;", ";2002;"));
        assertThat(read(c.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(c.line());
            assertThat(e.element()).isEqualTo("pupil");
        });
    }

    @Test
    void markValueNotInItsSystem() throws Exception {
        Examples.Damaged d = Examples.damage(dir, XML, "id=\"M1\"", l -> l.replace("value=\"5\"", "value=\"зач\""));
        assertThat(read(d.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(d.line());
            assertThat(e.element()).isEqualTo("mark/@value");
            assertThat(e.reason()).startsWith("отметка «зач» недопустима в системе «mark5»");
        });
        Examples.Damaged c = Examples.damage(dir, CSV, "mark;M1", l -> l.replace(";5;mark5", ";6;mark5"));
        assertThat(read(c.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(c.line());
            assertThat(e.element()).isEqualTo("value");
        });
    }

    @Test
    void releasedAttendanceCodeIsForbidden() throws Exception {
        Examples.Damaged d = Examples.damage(dir, XML, "pupil=\"1003\" code=", l -> l.replace("code=\"О\"", "code=\"осв\""));
        assertThat(read(d.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(d.line());
            assertThat(e.element()).isEqualTo("attendance/@code");
            assertThat(e.reason()).contains("«осв»", "запрещена регламентом (004)");
        });
        Examples.Damaged c = Examples.damage(dir, CSV, "attendance;L2;1003", l -> l.replace(";О;", ";осв;"));
        assertThat(read(c.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(c.line());
            assertThat(e.element()).isEqualTo("code");
        });
    }

    @Test
    void csvRowWithWrongColumnCount() throws Exception {
        Examples.Damaged c = Examples.damage(dir, CSV, "lesson;L2", l -> l.substring(0, l.lastIndexOf(';')));
        assertThat(read(c.file()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(c.line());
            assertThat(e.element()).isEqualTo("lesson");
            assertThat(e.reason()).isEqualTo("для записи «lesson» нужно 8 столбцов "
                    + "(record;id;class;subject;date;number;teacher;topic), а в строке 7");
        });
    }

    @Test
    void csvWithoutHeader() throws Exception {
        Path file = dir.resolve(CSV);
        String text = Examples.text(CSV).replace("\uFEFFrecord;school;from;to;generated;version\n", "\uFEFF");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertThat(read(file).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.element()).isEqualTo("record");
            assertThat(e.reason()).startsWith("нет строки заголовка");
        });
    }

    @Test
    void csvQuotedCellSpanningLinesKeepsLineNumbers() throws Exception {
        Examples.Damaged c = Examples.damage(dir, CSV, "homework;H1", l -> l.replace("; повторить", ";\nповторить"));
        Path file = c.file();
        String text = Files.readString(file) + "mark;M5;W9;1001;5;mark5;2026-01-14;\n";
        Files.writeString(file, text);
        int markLine = (int) text.lines().count();
        assertThat(read(file).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(markLine);
            assertThat(e.element()).isEqualTo("work");
        });
    }

    @Test
    void fileOfAnotherSchool() throws Exception {
        ReadResult r = reader.read(Examples.copy(dir, XML), "yar-school-43");
        assertThat(r.valid()).isFalse();
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.element()).isEqualTo("export/@school");
        });
    }

    @Test
    void severalErrorsAreAllReportedInLineOrder() throws Exception {
        Path file = dir.resolve(CSV);
        String text = Examples.text(CSV)
                .replace("mark;M1;W1;1001;5;", "mark;M1;W1;1001;7;")
                .replace("lesson;L1;5a;math;2026-01-12;", "lesson;L1;5a;math;2026-02-12;")
                .replace("attendance;L2;1003;О;", "attendance;L2;1003;осв;");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        ReadResult r = read(file);
        assertThat(r.errors()).extracting(FileError::element).containsExactly("date", "value", "code");
        assertThat(r.errors()).isSortedAccordingTo(java.util.Comparator.comparingInt(FileError::line));
    }
}
