package ru.diarybridge.routes.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The hold decision on H2 and PostgreSQL: too many updates or deletions of delivered records stop the school. */
class HoldPolicyTest {

    static Map<String, TargetRecordRepository.Known> known(int n) {
        Map<String, TargetRecordRepository.Known> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, new TargetRecordRepository.Known((long) i, "h" + i));
        }
        return m;
    }

    static ChangeDetector.Changes changes(List<String> changed, List<String> deleted) {
        return new ChangeDetector.Changes(changed, deleted, List.of(), 0, changed.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRunThatWouldDeleteMoreThanTheShareHoldsTheSchoolUntilApproved(String vendor) {
        JdbcTemplate jdbc = SyncStatePersistenceTest.database(vendor);
        SyncRunRepository runs = new SyncRunRepository(jdbc);
        HoldPolicy policy = new HoldPolicy(jdbc, 0.3, 100);
        Map<String, TargetRecordRepository.Known> known = known(1000);
        String run1 = runs.start("s1", "test", LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 22),
                Duration.ofHours(1)).orElseThrow();

        // new records never count: a first sync or a full pull adds many
        List<String> fresh = java.util.stream.IntStream.range(0, 5000).mapToObj(i -> "new" + i).toList();
        assertThat(policy.allows("s1", run1, changes(fresh, List.of()), known)).isTrue();
        // 200 deletions: 20 % of 1000, allowed; the next class brings it to 35 %: held
        List<String> del1 = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "k" + i).toList();
        List<String> del2 = java.util.stream.IntStream.range(200, 350).mapToObj(i -> "k" + i).toList();
        assertThat(policy.allows("s1", run1, changes(List.of(), del1), known)).isTrue();
        assertThat(policy.allows("s1", run1, changes(List.of(), del2), known)).isFalse();
        assertThat(jdbc.queryForObject("SELECT changes FROM school_hold WHERE school_id = 's1'", Integer.class))
                .isEqualTo(350);
        // on hold: nothing more of this school goes, not even small changes, in this run or the next
        assertThat(policy.allows("s1", run1, changes(List.of("k900"), List.of()), known)).isFalse();
        runs.fail(run1, "test");
        String run2 = runs.start("s1", "test", LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 22),
                Duration.ofHours(1)).orElseThrow();
        assertThat(policy.allows("s1", run2, changes(List.of("k900"), List.of()), known)).isFalse();
        // another school is not affected
        assertThat(policy.allows("s2", run2, changes(List.of("k900"), List.of()), known)).isTrue();

        assertThat(policy.approve("s1", "operator")).isEqualTo(1);
        runs.fail(run2, "test");
        String run3 = runs.start("s1", "test", LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 22),
                Duration.ofHours(1)).orElseThrow();
        // the approval lets the next run through whole, once
        assertThat(policy.allows("s1", run3, changes(List.of(), del1), known)).isTrue();
        assertThat(policy.allows("s1", run3, changes(List.of(), del2), known)).isTrue();
        String run4 = "run-4";
        assertThat(policy.allows("s1", run4, changes(List.of(), del1), known)).isTrue();
        assertThat(policy.allows("s1", run4, changes(List.of(), del2), known)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void aSmallSchoolIsNeverHeld(String vendor) {
        JdbcTemplate jdbc = SyncStatePersistenceTest.database(vendor);
        HoldPolicy policy = new HoldPolicy(jdbc, 0.3, 100);
        Map<String, TargetRecordRepository.Known> known = known(50);
        assertThat(policy.allows("s1", "r1", changes(List.of(), List.of("k1", "k2", "k3", "k4", "k5", "k6", "k7",
                "k8", "k9", "k10", "k11", "k12", "k13", "k14", "k15", "k16")), known)).isTrue();
        assertThat(HoldPolicy.NEVER.allows("s1", "r1", 1_000_000, 10)).isTrue();
    }
}
