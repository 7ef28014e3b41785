package ru.diarybridge.routes.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.model.Announcement;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.CanonicalRecord;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.EntityType;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SchoolYear;
import ru.diarybridge.model.Subgroup;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;

/**
 * {@link JournalStore} on the {@code journal_record} table (H2 or PostgreSQL). Writes only what changed (one
 * hash query per class, then batched upserts), so an unchanged re-sync costs one read per class.
 */
public class JdbcJournalStore implements JournalStore {

    private static final Map<EntityType, Class<? extends CanonicalRecord>> TYPES = new EnumMap<>(EntityType.class);
    /** Dated entries of a class that disappear from the store when the source no longer has them. */
    private static final Set<String> DATED = Set.of("LESSON", "WORK", "HOMEWORK", "MARK", "ATTENDANCE");

    static {
        TYPES.put(EntityType.SCHOOL_YEAR, SchoolYear.class);
        TYPES.put(EntityType.PERIOD, Period.class);
        TYPES.put(EntityType.SUBJECT, Subject.class);
        TYPES.put(EntityType.SCHOOL_CLASS, SchoolClass.class);
        TYPES.put(EntityType.SUBGROUP, Subgroup.class);
        TYPES.put(EntityType.PERSON, Person.class);
        TYPES.put(EntityType.LESSON, Lesson.class);
        TYPES.put(EntityType.WORK, Work.class);
        TYPES.put(EntityType.HOMEWORK, Homework.class);
        TYPES.put(EntityType.MARK, Mark.class);
        TYPES.put(EntityType.ATTENDANCE, AttendanceEntry.class);
        TYPES.put(EntityType.PERIOD_MARK, PeriodMark.class);
        TYPES.put(EntityType.ANNOUNCEMENT, Announcement.class);
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final String upsertSql;

    public JdbcJournalStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.upsertSql = vendor(jdbc.getDataSource()).contains("h2")
                ? "MERGE INTO journal_record (school_id, source_key, entity_type, class_key, record_date, snils, "
                + "content_hash, content, deleted, updated_at) KEY (school_id, source_key) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)"
                : "INSERT INTO journal_record (school_id, source_key, entity_type, class_key, record_date, snils, "
                + "content_hash, content, deleted, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?) "
                + "ON CONFLICT (school_id, source_key) DO UPDATE SET entity_type = EXCLUDED.entity_type, "
                + "class_key = EXCLUDED.class_key, record_date = EXCLUDED.record_date, snils = EXCLUDED.snils, "
                + "content_hash = EXCLUDED.content_hash, content = EXCLUDED.content, deleted = FALSE, "
                + "updated_at = EXCLUDED.updated_at";
    }

    private static String vendor(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database product name", e);
        }
    }

    // ---- writing (source sync) ----

    /** What a class save changed: counts for the run's log. */
    public record Saved(int written, int deleted) {
    }

    /**
     * Saves one class's journal as read for its window: new and changed records are written, dated entries of the
     * class inside the window that the source no longer has are marked deleted.
     */
    public Saved saveClass(String schoolId, ClassJournal journal) {
        return saveClass(schoolId, journal, CanonicalRecord::contentHash);
    }

    /** As above; {@code hashes} gives each record's content hash (computed once by the caller). */
    public Saved saveClass(String schoolId, ClassJournal journal,
                           java.util.function.Function<CanonicalRecord, String> hashes) {
        String classKey = journal.schoolClass().key().asString();
        Map<String, String> stored = new HashMap<>();
        Map<String, String> storedDated = new HashMap<>();
        jdbc.query("SELECT source_key, content_hash, entity_type, record_date, deleted FROM journal_record "
                        + "WHERE school_id = ? AND (class_key = ? OR class_key IS NULL)",
                rs -> {
                    String key = rs.getString(1);
                    if (!rs.getBoolean(5)) {
                        stored.put(key, rs.getString(2));
                        java.sql.Date d = rs.getDate(4);
                        if (d != null && DATED.contains(rs.getString(3)) && !d.toLocalDate().isBefore(journal.from())
                                && !d.toLocalDate().isAfter(journal.to())) {
                            storedDated.put(key, rs.getString(3));
                        }
                    }
                }, schoolId, classKey);
        Map<NaturalKey, LocalDate> lessonDates = new HashMap<>();
        journal.lessons().forEach(l -> lessonDates.put(l.key(), l.date()));
        Map<NaturalKey, String> pupilClass = new HashMap<>();
        journal.pupils().forEach(p -> pupilClass.put(p.key(), classKey));
        List<CanonicalRecord> all = journal.records();
        List<Object[]> rows = new ArrayList<>();
        Set<String> present = new HashSet<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (CanonicalRecord r : all) {
            String key = r.key().asString();
            if (!present.add(key)) {
                continue;
            }
            String hash = hashes.apply(r);
            if (hash.equals(stored.get(key))) {
                continue;
            }
            String owner = r instanceof Subject ? null : classKey;
            rows.add(row(schoolId, r, owner, dateOf(r, lessonDates), hash, now));
        }
        List<Object[]> gone = new ArrayList<>();
        // as in change detection: with a record that could not be read, a missing entry is not a deleted one
        storedDated.keySet().stream().filter(k -> journal.problems().isEmpty() && !present.contains(k)).sorted()
                .forEach(k -> gone.add(new Object[] {now, schoolId, k}));
        write(rows);
        if (!gone.isEmpty()) {
            jdbc.batchUpdate("UPDATE journal_record SET deleted = TRUE, updated_at = ? WHERE school_id = ? "
                    + "AND source_key = ?", gone);
        }
        return new Saved(rows.size(), gone.size());
    }

    /** Saves school-wide records: periods, announcements, guardians. Unchanged ones are not written. */
    public int saveSchoolRecords(String schoolId, Collection<? extends CanonicalRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        Map<String, String> stored = new HashMap<>();
        jdbc.query("SELECT source_key, content_hash FROM journal_record WHERE school_id = ? AND class_key IS NULL "
                + "AND deleted = FALSE", rs -> {
                    stored.put(rs.getString(1), rs.getString(2));
                }, schoolId);
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> rows = new ArrayList<>();
        for (CanonicalRecord r : records) {
            String hash = r.contentHash();
            if (!hash.equals(stored.get(r.key().asString()))) {
                LocalDate date = r instanceof Period p ? p.start() : r instanceof Announcement a
                        && a.publishedAt() != null ? a.publishedAt().toLocalDate() : null;
                rows.add(row(schoolId, r, null, date, hash, now));
            }
        }
        write(rows);
        return rows.size();
    }

    private Object[] row(String schoolId, CanonicalRecord r, String classKey, LocalDate date, String hash,
                         Timestamp now) {
        String snils = r instanceof Person p ? normaliseSnils(p.snils()) : null;
        try {
            return new Object[] {schoolId, r.key().asString(), r.entityType().name(), classKey,
                date == null ? null : java.sql.Date.valueOf(date), snils, hash, json.writeValueAsString(r), now};
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + r.entityType() + " " + r.key(), e);
        }
    }

    private void write(List<Object[]> rows) {
        for (int i = 0; i < rows.size(); i += 500) {
            jdbc.batchUpdate(upsertSql, rows.subList(i, Math.min(rows.size(), i + 500)));
        }
    }

    private static LocalDate dateOf(CanonicalRecord r, Map<NaturalKey, LocalDate> lessonDates) {
        if (r instanceof Lesson l) {
            return l.date();
        }
        if (r instanceof Mark m) {
            return lessonDates.getOrDefault(m.lessonKey(), m.dateSet());
        }
        if (r instanceof AttendanceEntry a) {
            return lessonDates.get(a.lessonKey());
        }
        if (r instanceof Work w) {
            return lessonDates.get(w.lessonKey());
        }
        if (r instanceof Homework h) {
            return lessonDates.get(h.lessonKey());
        }
        if (r instanceof PeriodMark pm) {
            return pm.dateSet();
        }
        return null;
    }

    static String normaliseSnils(String snils) {
        if (snils == null) {
            return null;
        }
        String digits = snils.replaceAll("\\D", "");
        return digits.length() == 11 ? digits : null;
    }

    // ---- reading ----

    @Override
    public List<SchoolClass> classes(String schoolId) {
        return ofType(schoolId, EntityType.SCHOOL_CLASS, SchoolClass.class).stream()
                .sorted(Comparator.comparingInt(SchoolClass::grade).thenComparing(SchoolClass::name)).toList();
    }

    @Override
    public List<Period> periods(String schoolId) {
        return ofType(schoolId, EntityType.PERIOD, Period.class).stream()
                .sorted(Comparator.comparing(Period::start).thenComparing(p -> p.type().ordinal())).toList();
    }

    @Override
    public List<Announcement> announcements(String schoolId) {
        return ofType(schoolId, EntityType.ANNOUNCEMENT, Announcement.class).stream()
                .sorted(Comparator.comparing(Announcement::publishedAt,
                        Comparator.nullsLast(Comparator.reverseOrder()))).toList();
    }

    @Override
    public Optional<ClassJournal> classJournal(String schoolId, NaturalKey classKey, LocalDate from, LocalDate to) {
        Map<EntityType, List<CanonicalRecord>> byType = new EnumMap<>(EntityType.class);
        jdbc.query("SELECT entity_type, content FROM journal_record WHERE school_id = ? AND class_key = ? "
                        + "AND deleted = FALSE AND (record_date IS NULL OR entity_type IN ('PERSON', 'SCHOOL_CLASS', "
                        + "'PERIOD_MARK') OR record_date BETWEEN ? AND ?)",
                rs -> {
                    EntityType type = EntityType.valueOf(rs.getString(1));
                    byType.computeIfAbsent(type, t -> new ArrayList<>()).add(read(type, rs.getString(2)));
                }, schoolId, classKey.asString(), java.sql.Date.valueOf(from), java.sql.Date.valueOf(to));
        List<SchoolClass> cls = list(byType, EntityType.SCHOOL_CLASS, SchoolClass.class);
        if (cls.isEmpty()) {
            return Optional.empty();
        }
        List<Lesson> lessons = list(byType, EntityType.LESSON, Lesson.class).stream()
                .sorted(Comparator.comparing(Lesson::date).thenComparingInt(Lesson::number)).toList();
        Set<NaturalKey> subjectKeys = new HashSet<>();
        lessons.forEach(l -> subjectKeys.add(l.subjectKey()));
        Map<String, Period> periods = new HashMap<>();
        periods(schoolId).forEach(p -> periods.put(p.key().asString(), p));
        List<PeriodMark> periodMarks = new ArrayList<>();
        for (PeriodMark pm : list(byType, EntityType.PERIOD_MARK, PeriodMark.class)) {
            Period p = pm.periodKey() == null ? null : periods.get(pm.periodKey().asString());
            boolean overlaps = p == null ? !pm.dateSet().isBefore(from) && !pm.dateSet().isAfter(to)
                    : !p.end().isBefore(from) && !p.start().isAfter(to);
            if (overlaps) {
                periodMarks.add(pm);
                subjectKeys.add(pm.subjectKey());
            }
        }
        List<Subject> subjects = ofType(schoolId, EntityType.SUBJECT, Subject.class).stream()
                .filter(s -> subjectKeys.contains(s.key())).sorted(Comparator.comparing(Subject::name)).toList();
        List<Person> pupils = list(byType, EntityType.PERSON, Person.class).stream()
                .filter(p -> p.role() == PersonRole.PUPIL)
                .sorted(Comparator.comparing(Person::lastName, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Person::firstName, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
        return Optional.of(new ClassJournal(cls.get(0), from, to, pupils, subjects, lessons,
                list(byType, EntityType.WORK, Work.class), list(byType, EntityType.MARK, Mark.class),
                list(byType, EntityType.ATTENDANCE, AttendanceEntry.class),
                list(byType, EntityType.HOMEWORK, Homework.class), periodMarks, List.of()));
    }

    @Override
    public Optional<Person> person(NaturalKey key) {
        List<Person> found = jdbc.query("SELECT content FROM journal_record WHERE school_id = ? AND source_key = ? "
                        + "AND entity_type = 'PERSON' AND deleted = FALSE",
                (rs, n) -> (Person) read(EntityType.PERSON, rs.getString(1)), key.schoolId(), key.asString());
        return found.stream().findFirst();
    }

    @Override
    public List<Person> personsBySnils(String snils) {
        String normal = normaliseSnils(snils);
        if (normal == null) {
            return List.of();
        }
        return jdbc.query("SELECT content FROM journal_record WHERE snils = ? AND entity_type = 'PERSON' "
                + "AND deleted = FALSE", (rs, n) -> (Person) read(EntityType.PERSON, rs.getString(1)), normal);
    }

    @Override
    public List<Person> guardiansOf(NaturalKey pupilKey) {
        return ofType(pupilKey.schoolId(), EntityType.PERSON, Person.class).stream()
                .filter(p -> p.role() == PersonRole.GUARDIAN && p.guardianOf().contains(pupilKey)).toList();
    }

    /** Records of a school still present, for the half-year export: type, then key. */
    public void forEachRecord(String schoolId, java.util.function.Consumer<CanonicalRecord> consumer) {
        jdbc.query("SELECT entity_type, content FROM journal_record WHERE school_id = ? AND deleted = FALSE "
                        + "ORDER BY entity_type, source_key",
                rs -> {
                    consumer.accept(read(EntityType.valueOf(rs.getString(1)), rs.getString(2)));
                }, schoolId);
    }

    private <T extends CanonicalRecord> List<T> ofType(String schoolId, EntityType type, Class<T> cls) {
        return jdbc.query("SELECT content FROM journal_record WHERE school_id = ? AND entity_type = ? "
                + "AND deleted = FALSE", (rs, n) -> cls.cast(read(type, rs.getString(1))), schoolId, type.name());
    }

    private static <T> List<T> list(Map<EntityType, List<CanonicalRecord>> byType, EntityType type, Class<T> cls) {
        return byType.getOrDefault(type, List.of()).stream().map(cls::cast).toList();
    }

    private CanonicalRecord read(EntityType type, String content) {
        try {
            return json.readValue(content, TYPES.get(type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type + " is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
