package ru.diarybridge.connector.myschool;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When lesson number n starts and ends. The canonical journal knows a lesson's date and number but not its
 * clock time, while the contract wants {@code period{start,end}}; the times therefore come from configuration
 * (UNVERIFIED: a school's real bells may differ). Numbers past the list continue with the last slot's length and
 * a 10-minute break; lesson 0 (a «нулевой урок») comes one slot before the first.
 */
public record BellSchedule(List<Slot> slots) {

    public record Slot(LocalTime start, LocalTime end) {
        public Slot {
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("a lesson must end after it starts: " + start + "-" + end);
            }
        }

        /** {@code 08:30-09:15} */
        public static Slot parse(String text) {
            String[] parts = text.strip().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("not a lesson time HH:mm-HH:mm: " + text);
            }
            return new Slot(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
        }
    }

    private static final Duration BREAK = Duration.ofMinutes(10);

    public BellSchedule {
        if (slots == null || slots.isEmpty()) {
            throw new IllegalArgumentException("the bell schedule needs at least one lesson");
        }
        slots = List.copyOf(slots);
    }

    /** A common bell schedule: 45-minute lessons from 08:30 (UNVERIFIED default). */
    public static BellSchedule standard() {
        return parse(List.of("08:30-09:15", "09:25-10:10", "10:30-11:15", "11:35-12:20", "12:30-13:15",
                "13:25-14:10", "14:20-15:05", "15:15-16:00"));
    }

    public static BellSchedule parse(List<String> texts) {
        List<Slot> slots = new ArrayList<>();
        for (String t : texts) {
            slots.add(Slot.parse(t));
        }
        return new BellSchedule(slots);
    }

    /** The slot of lesson {@code number} (1-based). */
    public Slot slot(int number) {
        if (number >= 1 && number <= slots.size()) {
            return slots.get(number - 1);
        }
        Slot edge = number < 1 ? slots.get(0) : slots.get(slots.size() - 1);
        Duration length = Duration.between(edge.start(), edge.end());
        Duration step = length.plus(BREAK);
        long offset = number < 1 ? number - 1L : number - (long) slots.size();
        LocalTime start = edge.start().plus(step.multipliedBy(offset));
        return new Slot(start, start.plus(length));
    }
}
