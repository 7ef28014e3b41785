package ru.diarybridge.connector.smev.content;

import java.time.LocalDate;

/** A guardian asks for a child's diary for [from, to]. СНИЛС are personal data: never log them. */
public record DiaryRequest(String requesterSnils, String pupilSnils, LocalDate from, LocalDate to) {
    @Override
    public String toString() {
        return "DiaryRequest[" + from + ".." + to + "]";
    }
}
