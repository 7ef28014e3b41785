package ru.diarybridge.app.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** How the console pages write times, durations and shares (Russian). */
@Component("consoleFormat")
public class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    public String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    public String duration(Long seconds) {
        if (seconds == null) {
            return "—";
        }
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + " с";
        }
        if (s < 3600) {
            return s / 60 + " мин";
        }
        if (s < 86_400) {
            return s / 3600 + " ч " + s % 3600 / 60 + " мин";
        }
        return s / 86_400 + " дн " + s % 86_400 / 3600 + " ч";
    }

    public String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    public String status(String runStatus) {
        if (runStatus == null) {
            return "—";
        }
        return switch (runStatus) {
            case "READING" -> "чтение";
            case "DELIVERING" -> "доставка";
            case "COMPLETED" -> "завершён";
            case "FAILED" -> "ошибка";
            default -> runStatus;
        };
    }
}
