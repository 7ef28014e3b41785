package ru.diarybridge.connector.myschool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Consent;
import ru.diarybridge.model.Enrolment;
import ru.diarybridge.model.EnrolmentStatus;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.MarkValue;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.model.WorkForm;

class ScheduleBuilderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId SAMARA = ZoneId.of("Europe/Samara");

    static JsonSchema schema(String name) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = ScheduleBuilderTest.class.getResourceAsStream("/myschool/" + name)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final JsonSchema SCHEDULE = schema("schedule.schema.json");
    static final JsonSchema OUTCOME = schema("operation-outcome.schema.json");

    static NaturalKey key(String id) {
        return NaturalKey.of(SourceSystem.ASURSO, "s1", id);
    }

    static Person pupil(String id, Consent consent, Enrolment enrolment) {
        return new Person(key(id), PersonRole.PUPIL, "Иванов", "Иван", null, LocalDate.of(2013, 3, 1),
                "11223344595", key("class-8b"), null, consent, enrolment);
    }

    static final Person IVAN = pupil("p1", Consent.givenOn(LocalDate.of(2026, 9, 1), "№ 1"),
            Enrolment.enrolled(LocalDate.of(2019, 9, 1), "приказ 1"));
    static final Person PETR = pupil("p2", Consent.givenOn(LocalDate.of(2026, 9, 1), "№ 2"),
            Enrolment.enrolled(LocalDate.of(2019, 9, 1), "приказ 1"));

    static ClassJournal journal() {
        SchoolClass cls = new SchoolClass(key("class-8b"), "8б", 8, "б");
        Subject math = new Subject(key("subj-math"), "Алгебра", "Алг");
        Subject rus = new Subject(key("subj-rus"), "Русский язык", "Рус");
        Lesson l1 = new Lesson(key("les-1"), cls.key(), null, math.key(), key("t1"), LocalDate.of(2026, 11, 16), 2,
                "Квадратные уравнения");
        Lesson l2 = new Lesson(key("les-2"), cls.key(), null, rus.key(), key("t2"), LocalDate.of(2026, 11, 16), 1, "");
        Lesson outside = new Lesson(key("les-3"), cls.key(), null, rus.key(), key("t2"), LocalDate.of(2026, 11, 30), 1,
                "Вне окна");
        Work test = new Work(key("w1"), l1.key(), WorkForm.TEST, "Контрольная работа № 2", 2);
        Work answer = new Work(key("w2"), l1.key(), WorkForm.ANSWER_IN_CLASS, "Ответ", 1);
        List<Mark> marks = List.of(
                new Mark(key("m1"), test.key(), l1.key(), IVAN.key(), MarkValue.five("5"), 2, l1.date(), null),
                new Mark(key("m2"), answer.key(), l1.key(), IVAN.key(), MarkValue.five("4-"), 1, l1.date(), null),
                new Mark(key("m3"), test.key(), l1.key(), PETR.key(), MarkValue.five("3"), 2, l1.date(), null),
                new Mark(key("m4"), answer.key(), l1.key(), IVAN.key(), MarkValue.five(MarkSystem.DUTY), 1, l1.date(),
                        null));
        List<AttendanceEntry> attendance = List.of(
                new AttendanceEntry(key("a1"), l2.key(), IVAN.key(), AttendanceCode.ABSENT_LOWER, null),
                new AttendanceEntry(key("a2"), l1.key(), PETR.key(), AttendanceCode.ILL, null));
        List<Homework> homework = List.of(
                new Homework(key("h1"), l1.key(), null, "№ 245, 246", LocalDate.of(2026, 11, 18), false),
                new Homework(key("h2"), l1.key(), null, "Только для Пети", LocalDate.of(2026, 11, 18), true));
        return new ClassJournal(cls, LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 30), List.of(IVAN, PETR),
                List.of(math, rus), List.of(l1, l2, outside), List.of(test, answer), marks, attendance, homework,
                List.of());
    }

    static final ScheduleBuilder.SchoolInfo SCHOOL = new ScheduleBuilder.SchoolInfo("s1", "Школа № 1", SAMARA,
            "https://bridge.example/Schedule/1000123", null);

    static ScheduleBuilder.Request request(Person pupil) {
        return new ScheduleBuilder.Request("1000123", pupil, LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 22),
                Instant.parse("2026-11-20T10:15:30Z"));
    }

    static Set<ValidationMessage> validate(JsonSchema schema, Object answer) {
        return schema.validate(JSON.valueToTree(answer));
    }

    @Test
    void buildsThePupilsLessonsWithTopicHomeworkAttendanceAndScores() {
        Schedule schedule = new ScheduleBuilder().build(SCHOOL, journal(), request(IVAN));

        assertThat(validate(SCHEDULE, schedule)).isEmpty();
        JsonNode json = JSON.valueToTree(schedule);
        assertThat(json.path("resourceType").asText()).isEqualTo("Schedule");
        assertThat(json.path("id").asText()).isEqualTo("1000123");
        assertThat(json.path("meta").path("lastUpdated").asText()).isEqualTo("2026-11-20T14:15:30+04:00");
        JsonNode school = json.path("school").get(0);
        assertThat(school.path("academYear").asText()).isEqualTo("2026/27");
        assertThat(school.path("period").path("start").asText()).isEqualTo("2026-11-16T00:00:00+04:00");
        assertThat(school.path("period").path("end").asText()).isEqualTo("2026-11-22T23:59:59+04:00");
        assertThat(school.has("distantUrl")).isFalse();
        JsonNode cls = school.path("class").get(0);
        assertThat(cls.path("class").asText()).isEqualTo("8б");
        assertThat(cls.path("grade").asText()).isEqualTo("8");
        JsonNode lessons = cls.path("lesson");
        // the lesson of 30 November is outside [start, end]; lesson 1 comes before lesson 2
        assertThat(lessons).hasSize(2);
        JsonNode russian = lessons.get(0);
        assertThat(russian.path("subject").asText()).isEqualTo("Русский язык");
        assertThat(russian.has("topic")).isFalse();
        assertThat(russian.path("attendance").path("code").asText()).isEqualTo("н");
        assertThat(russian.path("period").path("start").asText()).isEqualTo("2026-11-16T08:30:00+04:00");
        assertThat(russian.has("score")).isFalse();
        JsonNode algebra = lessons.get(1);
        assertThat(algebra.path("topic").asText()).isEqualTo("Квадратные уравнения");
        // the individual homework of another pupil is not shown
        assertThat(algebra.path("homework").asText()).isEqualTo("№ 245, 246");
        // only Ivan's marks, and no «точка»; Petr's illness is not Ivan's attendance
        assertThat(algebra.has("attendance")).isFalse();
        assertThat(algebra.path("score")).hasSize(2);
        assertThat(algebra.path("score").get(0).path("code").asText()).isEqualTo("Контрольная работа");
        assertThat(algebra.path("score").get(0).path("score").asText()).isEqualTo("5");
        assertThat(algebra.path("score").get(0).path("weight").asInt()).isEqualTo(2);
        assertThat(algebra.path("score").get(0).path("scoreSystem").asText()).isEqualTo("mark5");
        assertThat(algebra.path("score").get(1).path("score").asText()).isEqualTo("4-");
        assertThat(algebra.path("id").asText()).isEqualTo(ScheduleBuilder.uuid("lesson", key("les-1")));
    }

    @Test
    void theSameInputGivesTheSameIds() {
        Schedule a = new ScheduleBuilder().build(SCHOOL, journal(), request(IVAN));
        Schedule b = new ScheduleBuilder().build(SCHOOL, journal(), request(IVAN));
        assertThat((JsonNode) JSON.valueToTree(a)).isEqualTo(JSON.valueToTree(b));
    }

    @Test
    void refusesAPupilWithoutConsentOrWhoLeft() { // 001 §3.1.2
        Person noConsent = pupil("p3", Consent.NONE, Enrolment.enrolled(LocalDate.of(2019, 9, 1), "приказ 1"));
        Person left = pupil("p4", Consent.givenOn(LocalDate.of(2026, 9, 1), "№ 4"),
                new Enrolment(EnrolmentStatus.LEFT, LocalDate.of(2019, 9, 1), LocalDate.of(2026, 10, 1), "приказ 9"));
        assertThatThrownBy(() -> new ScheduleBuilder().build(SCHOOL, journal(), request(noConsent)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScheduleBuilder().build(SCHOOL, journal(), request(left)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lessonTimesComeFromTheBellSchedule() {
        BellSchedule bells = BellSchedule.parse(List.of("09:00-09:40", "09:50-10:30"));
        assertThat(bells.slot(2)).isEqualTo(BellSchedule.Slot.parse("09:50-10:30"));
        assertThat(bells.slot(3)).isEqualTo(BellSchedule.Slot.parse("10:40-11:20"));
        assertThat(bells.slot(0)).isEqualTo(BellSchedule.Slot.parse("08:10-08:50"));
        assertThatThrownBy(() -> BellSchedule.parse(List.of("10:00-09:00"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ScheduleBuilder.academicYear(LocalDate.of(2027, 8, 31))).isEqualTo("2026/27");
        assertThat(ScheduleBuilder.academicYear(LocalDate.of(2099, 9, 1))).isEqualTo("2099/00");
    }

    @Test
    void operationOutcomeMatchesItsSchema() {
        for (OperationOutcome.Code code : OperationOutcome.Code.values()) {
            assertThat(validate(OUTCOME, OperationOutcome.error(code, "Ученик не найден"))).as(code.wire()).isEmpty();
        }
    }

    @Test
    void theSchemasRejectWhatDeviatesFromTheDocumentedShape() {
        JsonNode good = JSON.valueToTree(new ScheduleBuilder().build(SCHOOL, journal(), request(IVAN)));
        var noClassroom = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) noClassroom.path("school").get(0).path("class").get(0)
                .path("lesson").get(0)).remove("classroom");
        assertThat(SCHEDULE.validate(noClassroom)).isNotEmpty();
        var localTime = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) localTime.path("meta")).put("lastUpdated",
                "2026-11-20T14:15:30");
        assertThat(SCHEDULE.validate(localTime)).isNotEmpty();
        var renamed = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) renamed.path("school").get(0)).set("classes",
                renamed.path("school").get(0).path("class"));
        assertThat(SCHEDULE.validate(renamed)).isNotEmpty();
        assertThat(OUTCOME.validate(JSON.valueToTree(new OperationOutcome("OperationOutcome", List.of()))))
                .isNotEmpty();
        assertThat(SCHEDULE.validate(JSON.valueToTree(OperationOutcome.error(OperationOutcome.Code.NOT_FOUND, "x"))))
                .isNotEmpty();
    }
}
