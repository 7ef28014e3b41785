package ru.diarybridge.app.console;

import java.time.Instant;
import java.util.Map;

/**
 * The family-visible lag of each school: the time of the oldest source change that has not reached the target yet
 * (the lag shown is now minus that time). A school missing from the map has nothing waiting.
 */
@FunctionalInterface
public interface FamilyLagProvider {

    Map<String, Instant> oldestUndelivered();
}
