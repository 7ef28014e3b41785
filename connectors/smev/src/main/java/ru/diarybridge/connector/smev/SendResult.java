package ru.diarybridge.connector.smev;

import java.time.Instant;

/**
 * A message SMEV accepted. {@code alreadySent} when SMEV answered MessageIsAlreadySent (the first attempt got
 * through, facts §2.3). {@code smevSignatureProblem} is null when the SMEVSignature over MessageMetadata checked.
 */
public record SendResult(String messageId, boolean alreadySent, Instant sendingTimestamp, String smevSignatureProblem) {
}
