package ru.diarybridge.routes.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which changed records of a class are urgent for families (live queue) and which are history (backfill). */
class LiveBackfillSplitTest {

    private static final LocalDate LIVE_FROM = LocalDate.parse("2026-11-09"); // today 2026-11-23, look-back 14 days
    private static final Map<String, LocalDate> DATES = Map.of(
            "mark-old", LocalDate.parse("2026-09-14"),
            "lesson-old", LocalDate.parse("2026-09-14"),
            "mark-now", LocalDate.parse("2026-11-20"));

    @Test
    void aRegularReadIsAllLive() {
        SourceSync.Split s = SourceSync.split(List.of("pupil-1", "mark-old", "mark-now"), DATES, null);
        assertThat(s.live()).containsExactly("pupil-1", "mark-old", "mark-now");
        assertThat(s.backfill()).isEmpty();
    }

    @Test
    void aFullReadSendsHistoryToTheBackfillAndKeepsTheClassesCurrentChangesLive() {
        // 001 §3.2.4.5: a mark may still change for two weeks: those are the changes families wait for
        SourceSync.Split s = SourceSync.split(List.of("pupil-1", "mark-old", "mark-now"), DATES, LIVE_FROM);
        assertThat(s.live()).containsExactly("pupil-1", "mark-now");
        assertThat(s.backfill()).containsExactly("mark-old");
    }

    @Test
    void whenAllAClassChangedIsHistoryItsPupilsAndSubjectsGoWithIt() {
        SourceSync.Split s = SourceSync.split(List.of("pupil-1", "subject-1", "lesson-old", "mark-old"), DATES,
                LIVE_FROM);
        assertThat(s.live()).isEmpty();
        assertThat(s.backfill()).containsExactly("pupil-1", "subject-1", "lesson-old", "mark-old");
    }

    @Test
    void undatedChangesAloneStayLive() {
        SourceSync.Split s = SourceSync.split(List.of("pupil-1"), DATES, LIVE_FROM);
        assertThat(s.live()).containsExactly("pupil-1");
        assertThat(s.backfill()).isEmpty();
    }
}
