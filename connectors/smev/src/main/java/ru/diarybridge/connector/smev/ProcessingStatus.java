package ru.diarybridge.connector.smev;

/** GetStatus: the asynchronous processing status of one of our messages (InteractionStatusType, facts §2.2). */
public record ProcessingStatus(String originalMessageId, String category, String details) {
}
