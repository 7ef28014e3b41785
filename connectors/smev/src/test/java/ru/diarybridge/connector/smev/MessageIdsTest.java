package ru.diarybridge.connector.smev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void idsAreLowercaseTimeBasedAndUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = MessageIds.newMessageId();
            assertThat(id).isLowerCase().matches("[0-9a-f-]{36}");
            assertThat(UUID.fromString(id).version()).isEqualTo(1);
            assertThat(MessageIds.isValid(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
        assertThat(MessageIds.isValid(UUID.randomUUID().toString())).as("version 4").isFalse();
        assertThat(MessageIds.isValid(MessageIds.newMessageId().toUpperCase())).isFalse();
    }

    @Test
    void timestampIsRecoverable() {
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        assertThat(MessageIds.timestampOf(MessageIds.newMessageId(twoDaysAgo))).isEqualTo(twoDaysAgo.truncatedTo(
                java.time.temporal.ChronoUnit.MICROS).plusNanos(twoDaysAgo.getNano() % 1000 / 100 * 100));
    }
}
