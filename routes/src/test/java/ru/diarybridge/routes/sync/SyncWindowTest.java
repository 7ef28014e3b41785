package ru.diarybridge.routes.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SyncWindowTest {

    private static final ZoneId SAMARA = ZoneId.of("Europe/Samara");

    private static SyncWindow at(String localDateTime) {
        Instant now = ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), SAMARA).toInstant();
        return new SyncWindow(Clock.fixed(now, SAMARA), null);
    }

    @Test
    void aRegularRunReadsTwoWeeksBackToTheEndOfTheWeek() { // 001 §3.2.4.5, 004 §7.4
        SyncWindow.Window w = at("2026-11-25T10:00").window(SAMARA, LocalDate.of(2026, 11, 25), 14, null, null);
        assertThat(w.from()).isEqualTo(LocalDate.of(2026, 11, 11));
        assertThat(w.to()).isEqualTo(LocalDate.of(2026, 11, 29));
        assertThat(w.today()).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(w.full()).isFalse();
    }

    @Test
    void aWeekTheAdapterWasDownIsReadAgain() {
        SyncWindow.Window w = at("2026-11-25T10:00").window(SAMARA, LocalDate.of(2026, 11, 10), 14, null, null);
        assertThat(w.from()).isEqualTo(LocalDate.of(2026, 10, 27));
    }

    @Test
    void theWindowNeverReachesBeforeTheSchoolYear() {
        SyncWindow.Window w = at("2026-09-03T10:00").window(SAMARA, null, 14, null, null);
        assertThat(w.from()).isEqualTo(LocalDate.of(2026, 8, 31)); // the Monday of the first week
    }

    @Test
    void oneFullPullOfTheYearInsideTheOffPeakWindowOnly() {
        SyncWindow.OffPeak night = SyncWindow.OffPeak.parse("22:00-06:00");
        LocalDate cursor = LocalDate.of(2026, 11, 24);
        assertThat(at("2026-11-25T10:00").window(SAMARA, cursor, 14, null, night).full()).isFalse();
        SyncWindow.Window full = at("2026-11-25T23:30").window(SAMARA, cursor, 14, null, night);
        assertThat(full.full()).isTrue();
        assertThat(full.from()).isEqualTo(LocalDate.of(2026, 9, 1));
        Instant tonight = ZonedDateTime.of(2026, 11, 25, 22, 5, 0, 0, SAMARA).toInstant();
        assertThat(at("2026-11-26T02:00").window(SAMARA, cursor, 14, tonight, night).full())
                .as("already pulled in this night's window").isFalse();
        assertThat(at("2026-11-26T23:00").window(SAMARA, cursor, 14, tonight, night).full()).isTrue();
    }

    @Test
    void offPeakWindowsParseAndWrapMidnight() {
        SyncWindow.OffPeak w = SyncWindow.OffPeak.parse("22:00 - 06:00");
        assertThat(w.contains(LocalTime.of(23, 0))).isTrue();
        assertThat(w.contains(LocalTime.of(5, 59))).isTrue();
        assertThat(w.contains(LocalTime.of(12, 0))).isFalse();
        assertThat(SyncWindow.OffPeak.parse("01:00-05:00").contains(LocalTime.of(0, 30))).isFalse();
        assertThatThrownBy(() -> SyncWindow.OffPeak.parse("ночью")).isInstanceOf(RuntimeException.class);
    }
}
