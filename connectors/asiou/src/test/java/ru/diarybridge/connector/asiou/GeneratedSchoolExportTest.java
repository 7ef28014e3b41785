package ru.diarybridge.connector.asiou;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Person;
import ru.diarybridge.simulator.asiou.AsiouExportWriter;
import ru.diarybridge.simulator.asiou.AsiouExportWriter.Defect;
import ru.diarybridge.simulator.school.GeneratedSchool;

import javax.xml.transform.stream.StreamSource;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The simulator's export of the deterministic test school against the contract and the reader. */
class GeneratedSchoolExportTest {

    private static final String SCHOOL_ID = "school-107";
    private static final GeneratedSchool SCHOOL = GeneratedSchool.generate(7, LocalDate.of(2026, 1, 14));

    private final AsiouExportReader reader = new AsiouExportReader();

    @TempDir
    Path dir;

    @Test
    void writtenXmlValidatesAgainstTheXsd() throws Exception {
        Path file = dir.resolve("export.xml");
        AsiouExportWriter.writeXml(SCHOOL, SCHOOL_ID, file);
        assertThatCode(() -> XmlExportParser.schema().newValidator().validate(new StreamSource(file.toFile())))
                .doesNotThrowAnyException();
    }

    @Test
    void aDaysExportHoldsThatDaysLessonsAndMarksAndEveryPupil() throws Exception {
        // the benchmark's region day (bench --day): one school day of changes per school
        LocalDate day = SCHOOL.weekStart().plusDays(2);
        Path xml = dir.resolve("day.xml");
        AsiouExportWriter.writeXmlOfDay(SCHOOL, SCHOOL_ID, day, xml);

        ReadResult result = reader.read(xml, SCHOOL_ID);
        assertThat(result.errors()).isEmpty();
        ExportContent content = result.content();
        assertThat(content.journals().stream().flatMap(j -> j.pupils().stream())).hasSize(SCHOOL.pupils().size());
        Set<String> lessons = content.journals().stream().flatMap(j -> j.lessons().stream()).map(Lesson::key)
                .map(NaturalKey::sourceId).collect(Collectors.toSet());
        Set<Long> dayLessons = SCHOOL.lessons().stream().filter(l -> l.date().equals(day))
                .map(GeneratedSchool.LessonG::id).collect(Collectors.toSet());
        assertThat(dayLessons).isNotEmpty().hasSizeLessThan(SCHOOL.lessons().size());
        assertThat(lessons).isEqualTo(dayLessons.stream().map(id -> "lesson-" + id).collect(Collectors.toSet()));
        Set<Long> dayWorks = SCHOOL.assignments().stream().filter(a -> dayLessons.contains(a.lessonId()))
                .map(GeneratedSchool.AssignmentG::id).collect(Collectors.toSet());
        long dayMarks = SCHOOL.results().stream().filter(r -> dayWorks.contains(r.assignmentId())).count();
        assertThat(dayMarks).isPositive();
        assertThat(content.journals().stream().flatMap(j -> j.marks().stream())).hasSize((int) dayMarks);
    }

    @Test
    void readerFindsExactlyTheSchoolsPupilsLessonsAndMarks() throws Exception {
        Path xml = dir.resolve("export.xml");
        Path csv = dir.resolve("export.csv");
        AsiouExportWriter.writeXml(SCHOOL, SCHOOL_ID, xml);
        AsiouExportWriter.writeCsv(SCHOOL, SCHOOL_ID, csv);

        ReadResult result = reader.read(xml, SCHOOL_ID);
        assertThat(result.errors()).isEmpty();
        ExportContent content = result.content();
        assertThat(content.journals()).hasSize(SCHOOL.classes().size());

        Set<String> pupils = content.journals().stream().flatMap(j -> j.pupils().stream()).map(Person::key)
                .map(NaturalKey::sourceId).collect(Collectors.toSet());
        assertThat(pupils).isEqualTo(SCHOOL.pupils().stream().map(p -> "pupil-" + p.id()).collect(Collectors.toSet()));

        Set<String> lessons = content.journals().stream().flatMap(j -> j.lessons().stream()).map(Lesson::key)
                .map(NaturalKey::sourceId).collect(Collectors.toSet());
        assertThat(lessons).isEqualTo(SCHOOL.lessons().stream().map(l -> "lesson-" + l.id()).collect(Collectors.toSet()));

        Set<String> marks = content.journals().stream().flatMap(j -> j.marks().stream())
                .map(m -> m.pupilKey().sourceId() + "/" + m.workKey().sourceId() + "=" + m.value().value())
                .collect(Collectors.toSet());
        assertThat(marks).hasSize(SCHOOL.results().size()).isEqualTo(SCHOOL.results().stream()
                .map(r -> "pupil-" + r.studentId() + "/work-" + r.assignmentId() + "="
                        + (r.mark() == null ? "точка" : r.mark().toString()))
                .collect(Collectors.toSet()));

        // each pupil's journal is their class's
        for (ClassJournal j : content.journals()) {
            assertThat(j.pupils()).allMatch(p -> p.classKey().equals(j.schoolClass().key()));
            assertThat(j.marks()).extracting(Mark::pupilKey)
                    .allMatch(k -> j.pupils().stream().anyMatch(p -> p.key().equals(k)));
        }
        long withoutConsent = SCHOOL.pupils().stream().filter(p -> !p.consent()).count();
        assertThat(content.journals().stream().flatMap(j -> j.pupils().stream()).filter(p -> !p.mayBeExported()))
                .hasSize((int) withoutConsent);

        ReadResult fromCsv = reader.read(csv, SCHOOL_ID);
        assertThat(fromCsv.errors()).isEmpty();
        assertThat(ExampleFilesTest.hashes(fromCsv.content())).isEqualTo(ExampleFilesTest.hashes(content));
    }

    @Test
    void plantedDefectsAreFoundOnTheirLine() throws Exception {
        check(Defect.MALFORMED_XML, "x.xml", "lessons");
        check(Defect.SCHEMA_VIOLATION, "x.xml", "lesson/@number");
        check(Defect.BAD_SNILS, "x.xml", "pupil/@snils");
        check(Defect.UNKNOWN_PUPIL, "x.xml", "mark/@pupil");
        check(Defect.BAD_MARK_VALUE, "x.xml", "mark/@value");
        check(Defect.RELEASED_ATTENDANCE, "x.xml", "attendance/@code");
        check(Defect.SCHEMA_VIOLATION, "x.csv", "number");
        check(Defect.BAD_SNILS, "x.csv", "snils");
        check(Defect.UNKNOWN_PUPIL, "x.csv", "pupil");
        check(Defect.BAD_MARK_VALUE, "x.csv", "value");
        check(Defect.RELEASED_ATTENDANCE, "x.csv", "code");
        check(Defect.WRONG_COLUMN_COUNT, "x.csv", "mark");
        check(Defect.MISSING_HEADER, "x.csv", "record");
    }

    private void check(Defect defect, String name, String element) throws Exception {
        Path file = dir.resolve(defect + "-" + name);
        int line = name.endsWith(".xml") ? AsiouExportWriter.writeXmlWithDefect(SCHOOL, SCHOOL_ID, file, defect)
                : AsiouExportWriter.writeCsvWithDefect(SCHOOL, SCHOOL_ID, file, defect);
        ReadResult r = reader.read(file, SCHOOL_ID);
        assertThat(r.valid()).as(defect + " in " + name).isFalse();
        assertThat(r.errors()).as(defect + " in " + name).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.element()).isEqualTo(element);
        });
    }
}
