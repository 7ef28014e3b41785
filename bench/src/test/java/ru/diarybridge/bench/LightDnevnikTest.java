package ru.diarybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import ru.diarybridge.connector.dnevnik.DnevnikClient;
import ru.diarybridge.connector.dnevnik.DnevnikException;
import ru.diarybridge.connector.dnevnik.DnevnikLesson;
import ru.diarybridge.connector.dnevnik.DnevnikSettings;
import ru.diarybridge.connector.dnevnik.DnevnikWork;

/** The light simulator speaks what the real client expects, and refuses a duplicate mark as the diary does. */
class LightDnevnikTest {

    @Test
    void theClientWritesThroughItAndASecondMarkForThePersonAndWorkIsRefused() throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try (LightDnevnik sim = LightDnevnik.start(0)) {
            sim.addSchool(77, "Школа", 0);
            sim.addClient("c", "s", "u", "p", 77);
            long group = sim.addEduGroup(77, "5А", 5);
            sim.addSubject(77, "Математика");
            sim.addPerson(77, group, "Иванов", "Пётр", "112-500-001 95");
            DnevnikClient client = new DnevnikClient(new DnevnikSettings(URI.create(sim.apiUrl()), "c", "s", "u", "p",
                    "Marks", Duration.ofSeconds(5), 1000));

            assertThat(client.eduGroups(77)).singleElement().satisfies(g -> assertThat(g.name()).isEqualTo("5А"));
            long subject = client.subjects(77).get(0).id();
            long person = client.findPersonBySnils("11250000195").orElseThrow().id();
            DnevnikLesson lesson = client.createLesson(group, subject, LocalDate.parse("2026-11-16"), 2, "Дроби");
            assertThat(client.lessons(group, LocalDate.parse("2026-11-16"), LocalDate.parse("2026-11-22")))
                    .extracting(DnevnikLesson::id).containsExactly(lesson.id());
            DnevnikWork work = client.createWork(lesson.id(), group, subject, "LessonTest", "Работа", "mark5", null);
            client.createMark(person, work.id(), "5", null, LocalDate.parse("2026-11-16"));

            assertThatThrownBy(() -> client.createMark(person, work.id(), "4", null, null))
                    .isInstanceOfSatisfying(DnevnikException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.kind()).isEqualTo(DnevnikException.Kind.PERMANENT);
                    });
            assertThat(client.marks(work.id())).singleElement().satisfies(m -> assertThat(m.value()).isEqualTo("5"));
            LightDnevnik.Stats stats = sim.stats();
            assertThat(stats.duplicates()).isEqualTo(1);
            assertThat(stats.writes()).isEqualTo(3); // lesson, work, mark
            assertThat(stats.marks()).isEqualTo(1);
            assertThat(sim.writeSchools(0)).containsOnly(0);
        }
    }
}
