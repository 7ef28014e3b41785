package ru.diarybridge.simulator.asiou;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.diarybridge.simulator.school.GeneratedSchool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsiouExportWriterTest {

    private static final GeneratedSchool SCHOOL = GeneratedSchool.generate(42, LocalDate.of(2026, 1, 14));

    @TempDir
    Path dir;

    @Test
    void sameSchoolGivesSameBytes() throws Exception {
        AsiouExportWriter.writeXml(SCHOOL, "school-107", dir.resolve("a.xml"));
        AsiouExportWriter.writeXml(SCHOOL, "school-107", dir.resolve("b.xml"));
        AsiouExportWriter.writeCsv(SCHOOL, "school-107", dir.resolve("a.csv"));
        AsiouExportWriter.writeCsv(SCHOOL, "school-107", dir.resolve("b.csv"));
        assertThat(Files.readAllBytes(dir.resolve("a.xml"))).isEqualTo(Files.readAllBytes(dir.resolve("b.xml")));
        assertThat(Files.readAllBytes(dir.resolve("a.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("b.csv")));
    }

    @Test
    void xmlHasOneElementPerRecord() throws Exception {
        Path file = dir.resolve("export.xml");
        AsiouExportWriter.writeXml(SCHOOL, "school-107", file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(1)).startsWith("<export xmlns=\"urn:diary-bridge:asiou-export:1.0\"")
                .contains("school=\"school-107\"", "from=\"2026-01-12\"", "to=\"2026-01-18\"");
        assertThat(lines.stream().filter(l -> l.startsWith("    <pupil ")).count()).isEqualTo(SCHOOL.pupils().size());
        assertThat(lines.stream().filter(l -> l.startsWith("    <lesson ")).count()).isEqualTo(SCHOOL.lessons().size());
        assertThat(lines.stream().filter(l -> l.startsWith("    <mark ")).count()).isEqualTo(SCHOOL.results().size());
    }

    @Test
    void csvStartsWithBomAndHeader() throws Exception {
        Path file = dir.resolve("export.csv");
        AsiouExportWriter.writeCsv(SCHOOL, "school-107", file);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFrecord;school;from;to;generated;version\r\nexport;school-107;2026-01-12;");
    }

    @Test
    void defectLineIsTheDamagedRecord() throws Exception {
        Path xml = dir.resolve("bad.xml");
        int line = AsiouExportWriter.writeXmlWithDefect(SCHOOL, "school-107", xml, AsiouExportWriter.Defect.BAD_MARK_VALUE);
        assertThat(Files.readAllLines(xml).get(line - 1)).startsWith("    <mark ").contains("value=\"6\"");

        line = AsiouExportWriter.writeXmlWithDefect(SCHOOL, "school-107", xml, AsiouExportWriter.Defect.RELEASED_ATTENDANCE);
        assertThat(Files.readAllLines(xml).get(line - 1)).contains("code=\"осв\"");

        line = AsiouExportWriter.writeXmlWithDefect(SCHOOL, "school-107", xml, AsiouExportWriter.Defect.MALFORMED_XML);
        assertThat(Files.readAllLines(xml).get(line - 1)).contains("topic=\"<");

        Path csv = dir.resolve("bad.csv");
        line = AsiouExportWriter.writeCsvWithDefect(SCHOOL, "school-107", csv, AsiouExportWriter.Defect.UNKNOWN_PUPIL);
        assertThat(Files.readAllLines(csv).get(line - 1)).startsWith("mark;").contains(";999999999;");

        assertThatThrownBy(() -> AsiouExportWriter.writeXmlWithDefect(SCHOOL, "s", xml,
                AsiouExportWriter.Defect.WRONG_COLUMN_COUNT)).isInstanceOf(IllegalArgumentException.class);
    }
}
