package ru.diarybridge.simulator.dnevnik;

/** An attendance (lesson log) entry as stored by the simulator. */
public record SimLogEntry(long personId, String snils, long lessonId, String status, String comment) {
}
