package ru.diarybridge.routes.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Consent;
import ru.diarybridge.model.Enrolment;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.MarkValue;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.model.Subject;
import ru.diarybridge.routes.store.JdbcJournalStore;

/** The journal store and the delivery outbox on H2 and on PostgreSQL 15, each in a fresh schema. */
class OutboxAndJournalStoreTest {

    private static final LocalDate MON = LocalDate.of(2026, 11, 16);

    private static NaturalKey key(String id) {
        return NaturalKey.of(SourceSystem.ASURSO, "s1", id);
    }

    private static final SchoolClass CLS = new SchoolClass(key("c5a"), "5а", 5, "а");
    private static final Subject MATH = new Subject(key("math"), "Математика", "мат");
    private static final Period Q2 = new Period(key("q2"), key("y"), PeriodType.QUARTER, 2, "2 четверть",
            LocalDate.of(2026, 11, 9), LocalDate.of(2026, 12, 28));

    private static Person pupil(String id, String snils) {
        return new Person(key(id), PersonRole.PUPIL, "Фамилия", "Имя", null, null, snils, CLS.key(), List.of(),
                Consent.givenOn(MON, "1"), Enrolment.enrolled(MON, "1"));
    }

    private static Lesson lesson(String id, LocalDate date) {
        return new Lesson(key(id), CLS.key(), null, MATH.key(), key("t1"), date, 1, "Дроби");
    }

    private static Mark mark(String id, String lesson, String pupil, String value) {
        return new Mark(key(id), key("w-" + lesson), key(lesson), key(pupil), MarkValue.five(value), 1, MON, null);
    }

    private static ClassJournal journal(List<Lesson> lessons, List<Mark> marks, List<PeriodMark> periodMarks) {
        return new ClassJournal(CLS, MON, MON.plusDays(6), List.of(pupil("p1", "112-233-445 95")), List.of(MATH),
                lessons, List.of(), marks, List.of(), List.of(), periodMarks, List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theStoreGivesBackWhatWasSyncedAndForgetsWhatTheSourceDeleted(String vendor) {
        JdbcJournalStore store = new JdbcJournalStore(SyncStatePersistenceTest.database(vendor));
        store.saveSchoolRecords("s1", List.of(Q2));
        PeriodMark q2 = new PeriodMark(key("pm1"), key("p1"), MATH.key(), Q2.key(), PeriodType.QUARTER,
                MarkValue.five("4"), LocalDate.of(2026, 12, 25));
        ClassJournal week = journal(List.of(lesson("l1", MON), lesson("l2", MON.plusDays(2))),
                List.of(mark("m1", "l1", "p1", "5"), mark("m2", "l2", "p1", "3")), List.of(q2));

        JdbcJournalStore.Saved first = store.saveClass("s1", week);
        assertThat(first.written()).isEqualTo(week.records().size());
        assertThat(store.saveClass("s1", week).written()).as("an unchanged class writes nothing").isZero();

        ClassJournal back = store.classJournal("s1", CLS.key(), MON, MON.plusDays(6)).orElseThrow();
        assertThat(back.marks()).containsExactlyInAnyOrderElementsOf(week.marks());
        assertThat(back.lessons()).containsExactlyElementsOf(week.lessons());
        assertThat(back.subjects()).containsExactly(MATH);
        assertThat(back.periodMarks()).containsExactly(q2);
        assertThat(store.classJournal("s1", CLS.key(), MON.plusDays(1), MON.plusDays(1)).orElseThrow().marks())
                .as("the window is by lesson date").isEmpty();
        assertThat(store.personsBySnils("11223344595")).extracting(Person::key).containsExactly(key("p1"));
        assertThat(store.periods("s1")).containsExactly(Q2);
        assertThat(store.classes("s1")).containsExactly(CLS);

        // m2 deleted at the source, m1 corrected
        ClassJournal later = journal(week.lessons(), List.of(mark("m1", "l1", "p1", "4")), List.of(q2));
        JdbcJournalStore.Saved second = store.saveClass("s1", later);
        assertThat(second.written()).isEqualTo(1);
        assertThat(second.deleted()).isEqualTo(1);
        assertThat(store.classJournal("s1", CLS.key(), MON, MON.plusDays(6)).orElseThrow().marks())
                .containsExactly(mark("m1", "l1", "p1", "4"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anOutboxRowStaysPendingUntilClosedAndKeepsItsFirstDetectionTime(String vendor) {
        JdbcTemplate jdbc = SyncStatePersistenceTest.database(vendor);
        Outbox outbox = new Outbox(jdbc);
        outbox.enqueue("dnevnik", "s1", "r1", List.of(
                new Outbox.Entry("k1", "MARK", "h1", Outbox.Op.UPSERT, Outbox.Priority.LIVE),
                new Outbox.Entry("k2", "MARK", "h2", Outbox.Op.UPSERT, Outbox.Priority.BACKFILL)));
        java.sql.Timestamp first = jdbc.queryForObject("SELECT detected_at FROM outbox WHERE source_key = 'k1'",
                java.sql.Timestamp.class);
        // detected again before delivery (a newer version): one row, first detection time kept
        outbox.enqueue("dnevnik", "s1", "r2", List.of(
                new Outbox.Entry("k1", "MARK", "h1b", Outbox.Op.UPSERT, Outbox.Priority.LIVE)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT detected_at FROM outbox WHERE source_key = 'k1'",
                java.sql.Timestamp.class)).isEqualTo(first);
        assertThat(outbox.familyLag("dnevnik")).containsOnlyKeys("s1");

        outbox.attempt("dnevnik", "s1", List.of("k1")); // a first attempt failed and left k1 open
        outbox.closeAttempted("dnevnik", "s1", List.of(new Outbox.Closed("k1", Outbox.State.DONE, 77L, null),
                new Outbox.Closed("k2", Outbox.State.DEAD, null, "parameterInvalid: плохо")));
        assertThat(outbox.familyLag("dnevnik")).as("nothing live is owed").isEmpty();
        assertThat(outbox.counts("dnevnik", "s1")).isEqualTo(Map.of(Outbox.State.DONE, 1, Outbox.State.DEAD, 1));
        assertThat(outbox.refused("dnevnik", "s1")).isEqualTo(Map.of("k2", "h2"));
        assertThat(jdbc.queryForObject("SELECT remote_id FROM outbox WHERE source_key = 'k1'", Long.class))
                .isEqualTo(77L);
        assertThat(jdbc.queryForObject("SELECT attempts FROM outbox WHERE source_key = 'k1'", Integer.class))
                .as("the failed attempt and the one that delivered").isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT attempts FROM outbox WHERE source_key = 'k2'", Integer.class))
                .isEqualTo(1);
        outbox.enqueue("dnevnik", "s1", "r2", List.of(
                new Outbox.Entry("k3", "MARK", "h3", Outbox.Op.UPSERT, Outbox.Priority.LIVE)));
        outbox.close("dnevnik", "s1", List.of(new Outbox.Closed("k3", Outbox.State.REPORTED, null, "001 §3.2.4.11")));
        assertThat(jdbc.queryForObject("SELECT attempts FROM outbox WHERE source_key = 'k3'", Integer.class))
                .as("reported instead of sent: never attempted").isZero();

        outbox.revive("dnevnik", "s1", List.of("k2"));
        assertThat(outbox.refused("dnevnik", "s1")).containsOnlyKeys("k3");
        assertThat(outbox.counts("dnevnik", "s1")).containsEntry(Outbox.State.PENDING, 1);
    }

    @AfterAll
    static void dropSchemas() throws java.sql.SQLException {
        SyncStatePersistenceTest.dropSchemas();
    }
}
