package ru.diarybridge.connector.dnevnik;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.diarybridge.connector.dnevnik.DnevnikException.Kind;
import ru.diarybridge.simulator.dnevnik.DnevnikSimulator;
import ru.diarybridge.simulator.dnevnik.SimLogEntry;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DnevnikClientTest {

    private static final LocalDate DAY = LocalDate.of(2026, 9, 1);
    private static DnevnikSimulator sim;

    private DnevnikClient client;
    private long school;
    private long group;
    private long subject;
    private long pupil;

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
        pupil = sim.addPerson(school, group, "Иванов", "Иван", "Иванович", "11223344595", LocalDate.of(2015, 3, 1));
        client = new DnevnikClient(settings("pw", Duration.ofSeconds(5), 100));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private static DnevnikSettings settings(String password, Duration timeout, int rps) {
        return new DnevnikSettings(URI.create(sim.baseUrl() + "/v2"), "cid", "secret", "teacher", password,
                "CommonInfo,EducationalInfo", timeout, rps);
    }

    @Test
    void fullCreateAndReadCycle() {
        assertThat(client.eduGroups(school)).containsExactly(new DnevnikEduGroup(group, "5А"));
        assertThat(client.subjects(school)).containsExactly(new DnevnikSubject(subject, "Математика"));

        DnevnikPerson person = client.findPersonBySnils("112-233-445 95").orElseThrow();
        assertThat(person.id()).isEqualTo(pupil);
        assertThat(person.lastName()).isEqualTo("Иванов");
        assertThat(person.toString()).doesNotContain("Иванов");
        assertThat(client.findPersonBySnils("000-000-000 00")).isEmpty();

        assertThat(client.lessons(group, DAY, DAY.plusDays(30))).isEmpty();
        DnevnikLesson lesson = client.createLesson(group, subject, DAY, 2, "Дроби");
        assertThat(lesson).isEqualTo(new DnevnikLesson(lesson.id(), group, subject, DAY, 2, "Дроби"));
        assertThat(client.lessons(group, DAY, DAY.plusDays(30))).containsExactly(lesson);

        DnevnikWork work = client.createWork(lesson.id(), group, subject, "LessonTestWork", "Контрольная", "mark5", DAY);
        assertThat(work.lessonId()).isEqualTo(lesson.id());
        assertThat(client.works(lesson.id())).containsExactly(work);

        DnevnikMark mark = client.createMark(pupil, work.id(), "5", "Good", DAY);
        assertThat(mark).isEqualTo(new DnevnikMark(mark.id(), pupil, work.id(), "5", "Good"));
        assertThat(client.marks(work.id())).containsExactly(mark);
        assertThat(sim.marks()).singleElement().satisfies(m -> {
            assertThat(m.snils()).isEqualTo("11223344595");
            assertThat(m.subjectName()).isEqualTo("Математика");
            assertThat(m.date()).isEqualTo(DAY);
        });

        DnevnikMark updated = client.updateMark(mark.id(), "4", null);
        assertThat(updated.value()).isEqualTo("4");
        assertThat(updated.mood()).isEqualTo("NotSet");
        client.deleteMark(mark.id());
        assertThat(client.marks(work.id())).isEmpty();

        client.createLogEntry(lesson.id(), pupil, "Absent", null);
        client.updateLogEntry(lesson.id(), pupil, "Ill", "справка");
        assertThat(client.logEntries(lesson.id()))
                .containsExactly(new DnevnikLogEntry(pupil, lesson.id(), "Ill", "справка"));
        assertThat(sim.logEntries()).containsExactly(new SimLogEntry(pupil, "11223344595", lesson.id(), "Ill", "справка"));
        client.deleteLogEntry(lesson.id(), pupil);
        assertThat(client.logEntries(lesson.id())).isEmpty();

        // lesson, work, mark, update, delete, 3 log-entry writes
        assertThat(sim.writeCount()).isEqualTo(8);
        assertThat(sim.requestCount("POST", "/v2/authorizations/bycredentials")).isEqualTo(1);
    }

    @Test
    void logsInAgainAfterTokensExpire() {
        client.subjects(school);
        sim.expireTokens();
        assertThat(client.subjects(school)).hasSize(1);
        assertThat(sim.requestCount("POST", "/v2/authorizations/bycredentials")).isEqualTo(2);
        // the 401 call and its retry
        assertThat(sim.requestCount("GET", "/v2/schools/" + school + "/subjects")).isEqualTo(3);
    }

    @Test
    void badCredentialsGiveAuth() {
        try (DnevnikClient wrong = new DnevnikClient(settings("wrong", Duration.ofSeconds(5), 100))) {
            DnevnikException e = catchThrowableOfType(DnevnikException.class, () -> wrong.subjects(school));
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.errorType()).isEqualTo("authorizationFailed");
            assertThat(e.getMessage()).contains("authorizations/bycredentials").doesNotContain("wrong");
        }
    }

    @Test
    void serverErrorsAreRetryable() {
        client.subjects(school);
        sim.failNext(1, 503);
        DnevnikException e = catchThrowableOfType(DnevnikException.class, () -> client.subjects(school));
        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.errorType()).isEqualTo("apiServerError");
        assertThat(e.getMessage()).contains("GET", "schools/" + school + "/subjects", "Simulated failure");
        assertThat(client.subjects(school)).hasSize(1);
    }

    @Test
    void timeoutsAreRetryable() {
        try (DnevnikClient impatient = new DnevnikClient(settings("pw", Duration.ofMillis(500), 100))) {
            impatient.subjects(school);
            sim.delayNext(1, Duration.ofSeconds(2));
            DnevnikException e = catchThrowableOfType(DnevnikException.class, () -> impatient.subjects(school));
            assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
            assertThat(e.httpStatus()).isZero();
            assertThat(e.getMessage()).contains("timed out");
        }
    }

    @Test
    void duplicatesArePermanent() {
        client.createLesson(group, subject, DAY, 1, "Тема");
        DnevnikException e = catchThrowableOfType(DnevnikException.class,
                () -> client.createLesson(group, subject, DAY, 1, "Тема"));
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.errorType()).isEqualTo("parameterInvalid");
        assertThat(e.getMessage()).contains("POST lessons", "Урок уже существует");

        DnevnikLesson lesson = client.lessons(group, DAY, DAY).get(0);
        DnevnikWork work = client.createWork(lesson.id(), group, subject, "LessonTestWork", null, "mark5", null);
        client.createMark(pupil, work.id(), "5", "Good", DAY);
        assertThatThrownBy(() -> client.createMark(pupil, work.id(), "4", "Good", DAY))
                .isInstanceOfSatisfying(DnevnikException.class, x -> assertThat(x.kind()).isEqualTo(Kind.PERMANENT));
    }

    @Test
    void waitsOnceOn429ThenGivesUp() {
        client.subjects(school);
        sim.rateLimitNext(1);
        long t0 = System.nanoTime();
        assertThat(client.subjects(school)).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

        sim.rateLimitNext(2);
        DnevnikException e = catchThrowableOfType(DnevnikException.class, () -> client.subjects(school));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.httpStatus()).isEqualTo(429);
        // 1 + (429, retry) + (429, 429)
        assertThat(sim.requestCount("GET", "/v2/schools/" + school + "/subjects")).isEqualTo(5);
    }

    @Test
    void throttlesAcrossThreadsAndLogsInOnce() throws Exception {
        try (DnevnikClient slow = new DnevnikClient(settings("pw", Duration.ofSeconds(5), 5))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            long t0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                futures.add(pool.submit(() -> slow.subjects(school)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            // 13 requests (login + 12) at 5 per second need at least 12 intervals of 200 ms
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(2200));
            assertThat(sim.requestCount("POST", "/v2/authorizations")).isEqualTo(1);
            assertThat(sim.requestCount("GET", "/v2/schools/")).isEqualTo(12);
        }
    }

    @Test
    void closedClientRefusesCalls() {
        client.close();
        assertThatThrownBy(() -> client.subjects(school)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void extractsHtmlErrorDescription() {
        String html = "<html><body><div class=\"error__description\">\n  <p>Доступ <b>запрещён</b></p></div></body></html>";
        assertThat(DnevnikClient.htmlErrorDescription(html)).isEqualTo("Доступ запрещён");
        assertThat(DnevnikClient.htmlErrorDescription("<html>oops</html>")).isNull();
    }

    @Test
    void settingsAreValidatedAndHideSecrets() {
        DnevnikSettings s = settings("pw-secret", Duration.ofSeconds(1), 1);
        assertThat(s.baseUrl().toString()).endsWith("/v2/");
        assertThat(s.toString()).doesNotContain("pw-secret").doesNotContain("secret,");
        assertThatThrownBy(() -> settings("pw", Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings("pw", Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(null, Duration.ofSeconds(1), 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DnevnikSettings(URI.create("/relative"), "c", "s", "u", "p", "", Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.findPersonBySnils("123")).isInstanceOf(IllegalArgumentException.class);
    }
}
