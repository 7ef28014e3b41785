package ru.diarybridge.connector.asiou;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.CanonicalRecord;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.EnrolmentStatus;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.model.WorkForm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleFilesTest {

    private final AsiouExportReader reader = new AsiouExportReader();

    @TempDir
    Path dir;

    @Test
    void xmlExampleReadsIntoOneClassJournal() throws Exception {
        ReadResult result = reader.read(Examples.copy(dir, "school-export.xml"), Examples.SCHOOL);

        assertThat(result.errors()).isEmpty();
        assertThat(result.valid()).isTrue();
        ExportContent content = result.content();
        assertThat(content.from()).isEqualTo(LocalDate.of(2026, 1, 12));
        assertThat(content.to()).isEqualTo(LocalDate.of(2026, 1, 18));
        assertThat(content.journals()).hasSize(1);
        ClassJournal j = content.journal("5a").orElseThrow();
        assertThat(j.schoolClass().key()).isEqualTo(NaturalKey.of(SourceSystem.ASIOU, Examples.SCHOOL, "class-5a"));
        assertThat(j.schoolClass().grade()).isEqualTo(5);
        assertThat(j.pupils()).hasSize(3);
        assertThat(j.pupils().get(0).snils()).isEqualTo("11234567828");
        assertThat(j.pupils().get(0).mayBeExported()).isTrue();
        assertThat(j.pupils().get(1).mayBeExported()).isFalse(); // no consent
        assertThat(j.pupils().get(2).enrolment().status()).isEqualTo(EnrolmentStatus.LEFT);
        assertThat(j.subjects()).hasSize(2);
        assertThat(j.lessons()).hasSize(2);
        assertThat(j.works()).extracting(w -> w.form()).containsExactly(WorkForm.TEST, WorkForm.ANSWER_IN_CLASS);
        assertThat(j.marks()).hasSize(4);
        Mark m2 = j.marks().get(1);
        assertThat(m2.value().value()).isEqualTo("4-");
        assertThat(m2.weight()).isEqualTo(40);
        assertThat(m2.lessonKey().sourceId()).isEqualTo("lesson-L1");
        assertThat(m2.dateCorrected()).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(j.attendance()).extracting(a -> a.code()).containsExactly(AttendanceCode.ILL, AttendanceCode.LATE);
        assertThat(j.attendance().get(0).comment()).isEqualTo("Справка; поликлиника № 2");
        assertThat(j.homework()).hasSize(2);
        assertThat(j.homework().get(1).text()).isEqualTo("Упр. 120 \"списать\"");
        assertThat(j.homework().get(1).individual()).isTrue();
        assertThat(content.periodMarks()).singleElement().satisfies(p -> {
            assertThat(p.periodType()).isEqualTo(PeriodType.HALF_YEAR);
            assertThat(p.key().sourceId()).isEqualTo("periodMark-1001-math-half1");
        });
    }

    @Test
    void xmlAndCsvExamplesGiveTheSameRecords() throws Exception {
        ReadResult xml = reader.read(Examples.copy(dir, "school-export.xml"), Examples.SCHOOL);
        ReadResult csv = reader.read(Examples.copy(dir, "school-export.csv"), Examples.SCHOOL);

        assertThat(csv.errors()).isEmpty();
        assertThat(hashes(csv.content())).isEqualTo(hashes(xml.content())).hasSize(1 + 2 + 3 + 2 + 2 + 2 + 4 + 2 + 1);
        assertThat(csv.content().journals()).isEqualTo(xml.content().journals());
    }

    @Test
    void csvWithoutBomIsAcceptedToo() throws Exception {
        Path file = dir.resolve("no-bom.csv");
        Files.writeString(file, Examples.text("school-export.csv").replace("\uFEFF", "").replace("\n", "\r\n"),
                StandardCharsets.UTF_8);
        ReadResult withBom = reader.read(Examples.copy(dir, "school-export.csv"), Examples.SCHOOL);
        ReadResult without = reader.read(file, Examples.SCHOOL);
        assertThat(Examples.text("school-export.csv")).startsWith("\uFEFF");
        assertThat(without.errors()).isEmpty();
        assertThat(hashes(without.content())).isEqualTo(hashes(withBom.content()));
    }

    @Test
    void readingTheSameFileTwiceGivesIdenticalRecords() throws Exception {
        Path file = Examples.copy(dir, "school-export.xml");
        ExportContent first = reader.read(file, Examples.SCHOOL).content();
        ExportContent second = reader.read(file, Examples.SCHOOL).content();
        assertThat(second).isEqualTo(first);
        assertThat(hashes(second)).isEqualTo(hashes(first));
    }

    static Map<NaturalKey, String> hashes(ExportContent content) {
        Map<NaturalKey, String> out = new LinkedHashMap<>();
        for (ClassJournal j : content.journals()) {
            for (CanonicalRecord r : j.records()) {
                out.put(r.key(), r.contentHash());
            }
        }
        content.periodMarks().forEach(p -> out.put(p.key(), p.contentHash()));
        return out;
    }
}
