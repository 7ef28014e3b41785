package ru.diarybridge.connector.smev;

/** One RequestRejected entry: the code and a reason (≤ 4000 characters) the requester sees. */
public record Rejection(RejectionCode code, String description) {
}
