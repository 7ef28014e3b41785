package ru.diarybridge.connector.smev;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * SMEV MessageIDs: RFC 4122 version 1 (time based) UUIDs, lowercase (facts §2.3). The node is random with the
 * multicast bit set (RFC 4122 §4.5) instead of a MAC address; timestamps are strictly increasing in the process.
 */
public final class MessageIds {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** 100-ns intervals between 1582-10-15 and 1970-01-01. */
    private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long NODE = (RANDOM.nextLong() & 0xFFFFFFFFFFFFL) | 0x010000000000L;
    private static final int CLOCK_SEQ = RANDOM.nextInt(0x4000);
    private static long lastTimestamp;

    private MessageIds() {
    }

    public static String newMessageId() {
        return newMessageId(Instant.now());
    }

    /** A version 1 id for {@code time} (tests make stale ids with a time in the past). */
    public static synchronized String newMessageId(Instant time) {
        long ts = time.getEpochSecond() * 10_000_000L + time.getNano() / 100 + GREGORIAN_OFFSET;
        if (ts <= lastTimestamp && time.isAfter(Instant.now().minusSeconds(1))) {
            ts = lastTimestamp + 1;
        }
        lastTimestamp = Math.max(lastTimestamp, ts);
        long msb = ((ts & 0xFFFFFFFFL) << 32) | (((ts >>> 32) & 0xFFFFL) << 16) | 0x1000L | ((ts >>> 48) & 0x0FFFL);
        long lsb = (0x8000L | CLOCK_SEQ) << 48 | NODE;
        return new UUID(msb, lsb).toString();
    }

    /** Lowercase, canonical form, version 1, RFC 4122 variant. */
    public static boolean isValid(String id) {
        if (id == null || !FORMAT.matcher(id).matches()) {
            return false;
        }
        UUID uuid = UUID.fromString(id);
        return uuid.version() == 1 && uuid.variant() == 2;
    }

    /** When a version 1 id was made. */
    public static Instant timestampOf(String id) {
        long ts = UUID.fromString(id).timestamp() - GREGORIAN_OFFSET;
        return Instant.ofEpochSecond(ts / 10_000_000L, (ts % 10_000_000L) * 100);
    }
}
