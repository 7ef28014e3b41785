package ru.diarybridge.routes.smev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import ru.diarybridge.connector.smev.RejectionCode;
import ru.diarybridge.connector.smev.content.DiaryRequest;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.routes.store.JdbcJournalStore;

/** The decision against the JDBC journal store: pupils saved with their class, guardians as school records. */
class DiaryRequestDeciderJdbcTest {

    @Test
    void guardiansStoredBySyncAreFoundBySnils() {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load().migrate();
        JdbcJournalStore store = new JdbcJournalStore(new JdbcTemplate(ds));
        InMemoryJournalStore source = SmevProviderTest.journal();
        store.saveClass("school-1", source.journals.get(0));
        store.saveSchoolRecords("school-1", source.persons.stream().filter(p -> p.role() == PersonRole.GUARDIAN).toList());

        DiaryRequestDecider decider = new DiaryRequestDecider(store);
        DiaryRequest request = new DiaryRequest(SmevProviderTest.PARENT, SmevProviderTest.PUPIL,
                SmevProviderTest.DAY.minusDays(1), SmevProviderTest.DAY.plusDays(1));
        DiaryDecision decision = decider.decide("school-1", request);
        assertThat(decision).isInstanceOfSatisfying(DiaryDecision.Answer.class, a -> {
            assertThat(a.diary().lessons()).singleElement().satisfies(l -> {
                assertThat(l.topic()).isEqualTo("Обыкновенные дроби");
                assertThat(l.marks()).extracting(m -> m.value()).containsExactly("5");
            });
        });
        assertThat(decider.decide("school-2", request)).isInstanceOfSatisfying(DiaryDecision.Reject.class,
                r -> assertThat(r.code()).isEqualTo(RejectionCode.NO_DATA));
        assertThat(decider.decide("school-1", new DiaryRequest("98765432100", SmevProviderTest.PUPIL,
                request.from(), request.to()))).isInstanceOfSatisfying(DiaryDecision.Reject.class,
                r -> assertThat(r.code()).isEqualTo(RejectionCode.ACCESS_DENIED));
    }
}
