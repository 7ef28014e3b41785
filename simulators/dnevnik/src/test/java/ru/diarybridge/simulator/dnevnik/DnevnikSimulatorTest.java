package ru.diarybridge.simulator.dnevnik;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class DnevnikSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DnevnikSimulator sim;
    private final HttpClient http = HttpClient.newHttpClient();

    private long school;
    private long group;
    private long subject;
    private long pupil;
    private long otherPupil;

    @BeforeAll
    static void startSim() {
        sim = DnevnikSimulator.start(0);
    }

    @AfterAll
    static void stopSim() {
        sim.stop();
    }

    @BeforeEach
    void seed() {
        sim.reset();
        sim.addClient("cid", "secret", "teacher", "pw");
        school = sim.addSchool("Школа 1");
        group = sim.addEduGroup(school, "5А", 5);
        subject = sim.addSubject(school, "Математика");
        pupil = sim.addPerson(school, group, "Иванов", "Иван", "Иванович", "112-233-445 95", LocalDate.of(2015, 3, 1));
        otherPupil = sim.addPerson(school, null, "Петров", "Пётр", null, "12345678964", null);
    }

    // ---------------------------------------------------------------- auth

    @Test
    void loginIssuesTokenAndDataCallsNeedIt() throws Exception {
        Resp noToken = call("GET", "/v2/schools/" + school + "/edu-groups", null, null);
        assertThat(noToken.status).isEqualTo(401);
        assertThat(noToken.json.get("type").asText()).isEqualTo("authorizationFailed");

        Resp login = call("POST", "/v2/authorizations/bycredentials", null,
                "{\"client_id\":\"cid\",\"client_secret\":\"secret\",\"username\":\"teacher\",\"password\":\"pw\","
                        + "\"scope\":\"EducationalInfo\"}");
        assertThat(login.status).isEqualTo(200);
        assertThat(login.json.get("expiresIn").asLong()).isEqualTo(3600);
        assertThat(login.json.get("user").asLong()).isPositive();
        String token = login.json.get("accessToken").asText();

        Resp groups = call("GET", "/v2/schools/" + school + "/edu-groups", token, null);
        assertThat(groups.status).isEqualTo(200);
        assertThat(groups.json.get(0).get("id").asLong()).isEqualTo(group);
        assertThat(groups.json.get(0).get("id_str").asText()).isEqualTo(String.valueOf(group));
        assertThat(groups.json.get(0).get("name").asText()).isEqualTo("5А");
        assertThat(groups.json.get(0).get("parallel").asInt()).isEqualTo(5);

        // query-parameter form and the /v2.0/ prefix work too
        Resp viaQuery = call("GET", "/v2.0/schools/" + school + "/subjects?access_token=" + token, null, null);
        assertThat(viaQuery.status).isEqualTo(200);
        assertThat(viaQuery.json.get(0).get("name").asText()).isEqualTo("Математика");
    }

    @Test
    void badCredentialsAreRefused() throws Exception {
        Resp r = call("POST", "/v2/authorizations/bycredentials", null,
                "{\"client_id\":\"cid\",\"client_secret\":\"secret\",\"username\":\"teacher\",\"password\":\"wrong\"}");
        assertThat(r.status).isEqualTo(401);
        assertThat(r.json.get("type").asText()).isEqualTo("authorizationFailed");
        Resp bogusToken = call("GET", "/v2/schools/" + school + "/subjects", "not-a-token", null);
        assertThat(bogusToken.status).isEqualTo(401);
    }

    @Test
    void expiredTokensAreRefused() throws Exception {
        String token = login();
        assertThat(call("GET", "/v2/lesson-log-entries/statuses", token, null).status).isEqualTo(200);
        sim.expireTokens();
        assertThat(call("GET", "/v2/lesson-log-entries/statuses", token, null).status).isEqualTo(401);

        sim.setTokenLifetime(Duration.ofMillis(1500));
        String shortLived = login();
        assertThat(call("GET", "/v2/lesson-log-entries/statuses", shortLived, null).status).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> call("GET", "/v2/lesson-log-entries/statuses", shortLived, null).status == 401);
    }

    // ---------------------------------------------------------------- reads

    @Test
    void searchesPersonsBySnilsDigits() throws Exception {
        String token = login();
        Resp found = call("GET", "/v2/persons/search?snils=11223344595", token, null);
        assertThat(found.status).isEqualTo(200);
        assertThat(found.json).hasSize(1);
        assertThat(found.json.get(0).get("id").asLong()).isEqualTo(pupil);
        assertThat(found.json.get(0).get("lastName").asText()).isEqualTo("Иванов");

        Resp formatted = call("GET", "/v2/person/search?snils=112-233-445%2095", token, null);
        assertThat(formatted.json).hasSize(1);

        Resp none = call("GET", "/v2/persons/search?snils=00000000000", token, null);
        assertThat(none.status).isEqualTo(200);
        assertThat(none.json).isEmpty();

        Resp members = call("GET", "/v2/edu-groups/" + group + "/persons", token, null);
        assertThat(members.json).hasSize(1);
        assertThat(call("GET", "/v2/lesson-log-entries/statuses", token, null).json.toString())
                .isEqualTo("[\"Attend\",\"Absent\",\"Ill\",\"Late\",\"Pass\"]");
    }

    // ---------------------------------------------------------------- writes

    @Test
    void createsLessonWorkAndMarkAndRefusesDuplicates() throws Exception {
        String token = login();
        String lessonBody = "{\"group\":" + group + ",\"subject\":" + subject
                + ",\"date\":\"2026-09-01\",\"number\":2,\"title\":\"Дроби\"}";
        Resp lesson = call("POST", "/v2/lessons", token, lessonBody);
        assertThat(lesson.status).isEqualTo(200);
        long lessonId = lesson.json.get("id").asLong();
        assertThat(lesson.json.get("subject").get("id").asLong()).isEqualTo(subject);

        Resp dup = call("POST", "/v2/lessons", token, lessonBody);
        assertThat(dup.status).isEqualTo(400);
        assertThat(dup.json.get("type").asText()).isEqualTo("parameterInvalid");
        assertThat(dup.json.get("description").asText()).isEqualTo("Урок уже существует");

        Resp listed = call("GET", "/v2/edu-groups/" + group + "/lessons/2026-09-01/2026-09-30", token, null);
        assertThat(listed.json).hasSize(1);
        assertThat(call("GET", "/v2/edu-groups/" + group + "/lessons/2026-10-01/2026-10-30", token, null).json).isEmpty();

        Resp work = call("POST", "/v2/works", token, "{\"lesson\":" + lessonId + ",\"eduGroup\":" + group
                + ",\"subjectId\":" + subject + ",\"type\":\"LessonTestWork\",\"text\":\"Контрольная\","
                + "\"markType\":\"mark5\",\"targetDate\":\"2026-09-01\"}");
        assertThat(work.status).isEqualTo(200);
        long workId = work.json.get("id").asLong();
        assertThat(call("GET", "/v2/works?lesson=" + lessonId, token, null).json).hasSize(1);
        assertThat(call("GET", "/v2/lessons/" + lessonId + "/works", token, null).json.get(0).get("id").asLong())
                .isEqualTo(workId);

        String markPath = "/v2/persons/" + pupil + "/works/" + workId + "/mark";
        Resp invalidValue = call("POST", markPath, token, "{\"value\":\"7\",\"mood\":\"Good\"}");
        assertThat(invalidValue.status).isEqualTo(400);
        Resp mark = call("POST", markPath, token, "{\"value\":\"5-\",\"mood\":\"Good\",\"date\":\"2026-09-01\"}");
        assertThat(mark.status).isEqualTo(200);
        long markId = mark.json.get("id").asLong();
        assertThat(mark.json.get("lesson").asLong()).isEqualTo(lessonId);
        assertThat(call("POST", markPath, token, "{\"value\":\"4\"}").status).isEqualTo(400);
        Resp notInGroup = call("POST", "/v2/persons/" + otherPupil + "/works/" + workId + "/mark", token,
                "{\"value\":\"4\"}");
        assertThat(notInGroup.status).isEqualTo(400);

        assertThat(sim.marks()).singleElement().satisfies(m -> {
            assertThat(m.snils()).isEqualTo("11223344595");
            assertThat(m.eduGroupName()).isEqualTo("5А");
            assertThat(m.subjectName()).isEqualTo("Математика");
            assertThat(m.lessonNumber()).isEqualTo(2);
            assertThat(m.value()).isEqualTo("5-");
            assertThat(m.workType()).isEqualTo("LessonTestWork");
        });

        Resp updated = call("PUT", "/v2/marks/" + markId, token, "{\"value\":\"4\",\"mood\":\"Average\"}");
        assertThat(updated.status).isEqualTo(200);
        assertThat(call("GET", "/v2/marks/" + markId, token, null).json.get("value").asText()).isEqualTo("4");
        assertThat(call("GET", "/v2/works/" + workId + "/marks", token, null).json).hasSize(1);
        assertThat(call("GET", "/v2/lessons/" + lessonId + "/marks", token, null).json).hasSize(1);

        assertThat(call("DELETE", "/v2/marks/" + markId, token, null).status).isEqualTo(204);
        assertThat(sim.marks()).isEmpty();
        assertThat(sim.lessons()).singleElement().extracting(SimLesson::title).isEqualTo("Дроби");
        assertThat(sim.works()).hasSize(1);
        // lesson, work, mark, put, delete
        assertThat(sim.writeCount()).isEqualTo(5);
    }

    @Test
    void logEntriesLifecycle() throws Exception {
        String token = login();
        long lessonId = call("POST", "/v2/lessons", token, "{\"group\":" + group + ",\"subject\":" + subject
                + ",\"date\":\"2026-09-02\",\"number\":1}").json.get("id").asLong();
        String path = "/v2/lessons/" + lessonId + "/log-entries";
        String body = "{\"person\":" + pupil + ",\"lesson\":" + lessonId + ",\"status\":\"Absent\",\"comment\":\"x\"}";
        assertThat(call("POST", path, token, body).status).isEqualTo(200);
        assertThat(call("POST", path, token, body).status).isEqualTo(400);
        assertThat(call("POST", path, token, body.replace("Absent", "Sleeping")).status).isEqualTo(400);
        assertThat(call("PUT", path, token, body.replace("Absent", "Ill")).status).isEqualTo(200);
        Resp listed = call("GET", path, token, null);
        assertThat(listed.json).hasSize(1);
        assertThat(listed.json.get(0).get("status").asText()).isEqualTo("Ill");
        assertThat(sim.logEntries()).containsExactly(new SimLogEntry(pupil, "11223344595", lessonId, "Ill", "x"));
        assertThat(call("DELETE", path + "?person=" + pupil, token, null).status).isEqualTo(204);
        assertThat(sim.logEntries()).isEmpty();
        assertThat(call("DELETE", path + "?person=" + pupil, token, null).status).isEqualTo(400);
    }

    // ---------------------------------------------------------------- faults and state

    @Test
    void injectsFaultsAndCountsRequests() throws Exception {
        String token = login();
        String path = "/v2/schools/" + school + "/subjects";

        sim.failNext(2, 503);
        Resp failed = call("GET", path, token, null);
        assertThat(failed.status).isEqualTo(503);
        assertThat(failed.json.get("type").asText()).isEqualTo("apiServerError");
        assertThat(call("GET", path, token, null).status).isEqualTo(503);
        assertThat(call("GET", path, token, null).status).isEqualTo(200);

        sim.rateLimitNext(1);
        HttpResponse<String> limited = raw("GET", path, token, null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("1");
        assertThat(call("GET", path, token, null).status).isEqualTo(200);

        sim.delayNext(1, Duration.ofMillis(400));
        long t0 = System.nanoTime();
        assertThat(call("GET", path, token, null).status).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(350));

        assertThat(sim.requestCount("GET", path)).isEqualTo(6);
        assertThat(sim.requestCount(null, "/v2/authorizations")).isEqualTo(1);

        Resp state = call("GET", "/sim/state", null, null);
        assertThat(state.status).isEqualTo(200);
        assertThat(state.json.get("persons").asInt()).isEqualTo(2);
        assertThat(state.json.get("writeCount").asInt()).isZero();

        sim.failNext(5, 500);
        sim.reset();
        sim.addClient("cid", "secret", "teacher", "pw");
        assertThat(call("GET", "/v2/lesson-log-entries/statuses", login(), null).status).isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    private record Resp(int status, JsonNode json) { }

    private String login() throws Exception {
        Resp r = call("POST", "/v2/authorizations/bycredentials", null,
                "{\"client_id\":\"cid\",\"client_secret\":\"secret\",\"username\":\"teacher\",\"password\":\"pw\"}");
        assertThat(r.status).isEqualTo(200);
        return r.json.get("accessToken").asText();
    }

    private Resp call(String method, String path, String token, String body) throws Exception {
        HttpResponse<String> r = raw(method, path, token, body);
        JsonNode json = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
        return new Resp(r.statusCode(), json);
    }

    private HttpResponse<String> raw(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Access-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
