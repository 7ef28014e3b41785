package ru.diarybridge.routes.school;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The schools as configured right now: the good ones, which run, and the misconfigured ones, each with the messages
 * that say why (file, key, reason). The configuration reload replaces one school at a time; readers see either the
 * old or the new settings of a school, never a mix.
 */
public class SchoolRegistry implements SchoolDirectory {

    /** A school file that cannot be used. {@code schoolId} is taken from the file name. */
    public record Misconfigured(String schoolId, Path file, List<String> problems, Instant since) {
        public Misconfigured {
            problems = List.copyOf(problems);
        }
    }

    private final Map<String, SchoolSettings> good = new ConcurrentSkipListMap<>();
    private final Map<String, Misconfigured> bad = new ConcurrentSkipListMap<>();

    public SchoolRegistry(Collection<SchoolSettings> schools) {
        schools.forEach(s -> good.put(s.schoolId(), s));
    }

    @Override
    public List<SchoolSettings> schools() {
        return new ArrayList<>(good.values());
    }

    @Override
    public Optional<SchoolSettings> school(String schoolId) {
        return Optional.ofNullable(schoolId == null ? null : good.get(schoolId));
    }

    public void put(SchoolSettings school) {
        good.put(school.schoolId(), school);
        bad.remove(school.schoolId());
    }

    public void remove(String schoolId) {
        good.remove(schoolId);
        bad.remove(schoolId);
    }

    /** Marks the school's file as bad; a previous good configuration of the school, if any, stays in force. */
    public void misconfigured(Misconfigured m) {
        bad.put(m.schoolId(), m);
    }

    public List<Misconfigured> misconfigured() {
        return new ArrayList<>(bad.values());
    }

    public Optional<Misconfigured> misconfigured(String schoolId) {
        return Optional.ofNullable(bad.get(schoolId));
    }
}
