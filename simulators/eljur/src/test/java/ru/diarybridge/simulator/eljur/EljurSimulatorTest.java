package ru.diarybridge.simulator.eljur;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.diarybridge.simulator.school.GeneratedSchool;

/** The simulator's envelope and auth rules, over plain HTTP. */
class EljurSimulatorTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 11, 16);
    private static EljurSimulator sim;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        sim = EljurSimulator.start(0, GeneratedSchool.generate(7, WEEK), "school3", "key", "admin", "Пароль");
    }

    @AfterAll
    static void stop() {
        sim.stop();
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).path("response");
    }

    @Test
    void authThenDiaryByClass() throws Exception {
        JsonNode auth = get("/api/auth?login=admin&password=" + URLEncoder.encode("Пароль", StandardCharsets.UTF_8)
                + "&vendor=school3&devkey=key&out_format=json");
        assertThat(auth.path("state").asInt()).isEqualTo(200);
        assertThat(auth.path("result").path("expires").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        String token = auth.path("result").path("token").asText();
        JsonNode diary = get("/apiv3/getdiary?devkey=key&vendor=school3&out_format=json&auth_token=" + token
                + "&class=" + URLEncoder.encode("5а", StandardCharsets.UTF_8) + "&days=20261116-20261122");
        assertThat(diary.path("state").asInt()).isEqualTo(200);
        assertThat(diary.path("result").path("days").size()).isEqualTo(5);
    }

    @Test
    void wrongDevkeyAndUnknownTokenAreEnvelopeErrorsUnderHttp200() throws Exception {
        JsonNode dev = get("/apiv3/auth?login=admin&password=x&vendor=school3&devkey=bad");
        assertThat(dev.path("state").asInt()).isEqualTo(400);
        assertThat(dev.path("error").asText()).isEqualTo(EljurSimulator.DEVKEY_ERROR);
        JsonNode token = get("/apiv3/getrules?devkey=key&vendor=school3&auth_token=nope");
        assertThat(token.path("state").asInt()).isEqualTo(401);
        assertThat(token.path("error").asText()).isEqualTo(EljurSimulator.TOKEN_ERROR);
    }

    @Test
    void periodsFinalAssessmentsAndNoticesComeFromTheGeneratedSchool() throws Exception {
        JsonNode auth = get("/api/auth?login=admin&password=" + URLEncoder.encode("Пароль", StandardCharsets.UTF_8)
                + "&vendor=school3&devkey=key&out_format=json");
        String base = "/apiv3/%s?devkey=key&vendor=school3&out_format=json&auth_token="
                + auth.path("result").path("token").asText();
        JsonNode periods = get(base.formatted("getperiods")).path("result").path("periods");
        assertThat(periods.size()).isEqualTo(sim.school().terms().size());
        assertThat(periods.get(0).path("start").asText()).isEqualTo("20260901");
        assertThat(periods.get(4).path("name").asText()).isEqualTo("1 полугодие");

        GeneratedSchool.SchoolClassG cls = sim.school().classes().stream().filter(c -> c.name().equals("5а"))
                .findFirst().orElseThrow();
        JsonNode finals = get(base.formatted("getfinalassessments") + "&class="
                + URLEncoder.encode("5а", StandardCharsets.UTF_8)).path("result").path("students");
        int count = 0;
        for (JsonNode student : finals) {
            for (JsonNode item : student.path("items")) {
                for (JsonNode a : item.path("assessments")) {
                    assertThat(a.path("period").asText()).isEqualTo("1 четверть");
                    count++;
                }
            }
        }
        assertThat(count).isEqualTo(sim.school().periodMarks(cls.id()).size());

        JsonNode notices = get(base.formatted("getboardnotices")).path("result").path("notices");
        assertThat(notices.size()).isEqualTo(3);
        assertThat(notices.get(0).path("title").asText()).isEqualTo(sim.school().announcements().get(0).title());
    }

    @Test
    void marksCarryWeightAndSetDateAndScheduleTheTimetable() throws Exception {
        JsonNode auth = get("/api/auth?login=admin&password=" + URLEncoder.encode("Пароль", StandardCharsets.UTF_8)
                + "&vendor=school3&devkey=key&out_format=json");
        String base = "/apiv3/%s?devkey=key&vendor=school3&out_format=json&auth_token="
                + auth.path("result").path("token").asText() + "&class=" + URLEncoder.encode("5а", StandardCharsets.UTF_8)
                + "&days=20261116-20261122";
        GeneratedSchool school = sim.school();
        GeneratedSchool.SchoolClassG cls = school.classes().stream().filter(c -> c.name().equals("5а"))
                .findFirst().orElseThrow();
        JsonNode students = get(base.replace("%s", "getmarks")).path("result").path("students");
        assertThat(students.size()).isEqualTo(cls.pupils().size());
        int count = 0;
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = students.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            long pupil = Long.parseLong(e.getKey());
            for (JsonNode lesson : e.getValue().path("lessons")) {
                for (JsonNode m : lesson.path("marks")) {
                    long lessonId = m.path("lesson_id").asLong();
                    assertThat(m.path("value").asText()).isEqualTo(sim.mark(lessonId, pupil));
                    assertThat(m.path("date").asText()).isEqualTo(sim.markDate(lessonId, pupil).toString());
                    assertThat(m.path("weight").asInt()).isPositive();
                    assertThat(m.path("mtype").path("id").asText()).isNotEmpty();
                    count++;
                }
            }
        }
        long expected = school.results().stream().filter(r -> r.mark() != null
                && school.lesson(school.assignment(r.assignmentId()).lessonId()).classId() == cls.id()).count();
        assertThat(count).isEqualTo((int) expected);

        JsonNode days = get(base.replace("%s", "getschedule")).path("result").path("days");
        int lessons = 0;
        for (JsonNode day : days) {
            for (JsonNode item : day.path("items")) {
                assertThat(item.path("lesson_id").asText()).isNotEmpty();
                assertThat(item.path("name").asText()).isNotEmpty();
                assertThat(item.path("starttime").asText()).isNotEmpty();
                assertThat(item.path("endtime").asText()).isNotEmpty();
                assertThat(item.path("teacher").asText()).isNotEmpty();
                assertThat(item.has("assessments")).isFalse();
                lessons++;
            }
        }
        assertThat(lessons).isEqualTo((int) school.lessons().stream().filter(l -> l.classId() == cls.id()).count());
    }
}
