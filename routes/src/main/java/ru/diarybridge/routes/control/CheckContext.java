package ru.diarybridge.routes.control;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;

/**
 * What the rules look at: one class's journal, the school's periods, the keys that changed in this sync and the
 * day the change was seen. Indexes the journal once for all rules.
 */
public final class CheckContext {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private final String schoolId;
    private final ClassJournal journal;
    private final List<Period> periods;
    private final Set<String> changedKeys;
    private final LocalDate seenOn;
    private final Map<NaturalKey, Lesson> lessons = new HashMap<>();
    private final Map<NaturalKey, Work> works = new HashMap<>();
    private final Map<NaturalKey, Subject> subjects = new HashMap<>();

    /** @param changedKeys keys (NaturalKey.asString) of records changed in this sync; null means check everything */
    public CheckContext(String schoolId, ClassJournal journal, List<Period> periods, Collection<String> changedKeys,
                        LocalDate seenOn) {
        this.schoolId = schoolId;
        this.journal = journal;
        this.periods = periods == null ? List.of() : List.copyOf(periods);
        this.changedKeys = changedKeys == null ? null : new HashSet<>(changedKeys);
        this.seenOn = seenOn;
        journal.lessons().forEach(l -> lessons.put(l.key(), l));
        journal.works().forEach(w -> works.put(w.key(), w));
        journal.subjects().forEach(s -> subjects.put(s.key(), s));
    }

    public ClassJournal journal() {
        return journal;
    }

    public LocalDate seenOn() {
        return seenOn;
    }

    public int grade() {
        return journal.schoolClass().grade();
    }

    /** Whether a record is part of this sync's change (always true for a full check). */
    public boolean changed(NaturalKey... keys) {
        if (changedKeys == null) {
            return true;
        }
        for (NaturalKey k : keys) {
            if (k != null && changedKeys.contains(k.asString())) {
                return true;
            }
        }
        return false;
    }

    public Optional<Lesson> lesson(NaturalKey key) {
        return Optional.ofNullable(key == null ? null : lessons.get(key));
    }

    public Optional<Work> work(NaturalKey key) {
        return Optional.ofNullable(key == null ? null : works.get(key));
    }

    public String subjectName(NaturalKey key) {
        Subject s = key == null ? null : subjects.get(key);
        return s == null ? (key == null ? "—" : key.asString()) : s.name();
    }

    /** The reporting period (quarter for grades 1–9, half-year for 10–11) a date falls in. */
    public Optional<Period> termOf(LocalDate date) {
        PeriodType wanted = grade() >= 10 ? PeriodType.HALF_YEAR : PeriodType.QUARTER;
        return periods.stream().filter(p -> p.type() == wanted && p.contains(date)).findFirst()
                .or(() -> periods.stream().filter(p -> (p.type() == PeriodType.QUARTER
                        || p.type() == PeriodType.HALF_YEAR) && p.contains(date)).findFirst());
    }

    public Optional<Period> period(NaturalKey key) {
        return periods.stream().filter(p -> p.key().equals(key)).findFirst();
    }

    /** The teacher who teaches a subject in this class (first lesson found), for records without a lesson. */
    public NaturalKey teacherOf(NaturalKey subjectKey) {
        return journal.lessons().stream().filter(l -> subjectKey != null && subjectKey.equals(l.subjectKey())
                        && l.teacherKey() != null).map(Lesson::teacherKey).findFirst().orElse(null);
    }

    /** A finding about something on a lesson; the text starts with where it is, by ids only. */
    public Finding finding(Rule rule, Lesson lesson, NaturalKey pupilKey, NaturalKey recordKey, String what) {
        return finding(rule, lesson.subjectKey(), lesson.teacherKey(), lesson.key(), lesson.date(), pupilKey,
                recordKey, what);
    }

    public Finding finding(Rule rule, NaturalKey subjectKey, NaturalKey teacherKey, NaturalKey lessonKey,
                           LocalDate date, NaturalKey pupilKey, NaturalKey recordKey, String what) {
        StringBuilder text = new StringBuilder()
                .append("Класс ").append(journal.schoolClass().name())
                .append(", предмет «").append(subjectName(subjectKey)).append('»');
        if (date != null) {
            text.append(lessonKey != null ? ", урок " : ", дата ").append(DATE.format(date));
        }
        text.append(", учитель ").append(teacherKey == null ? "не известен" : teacherKey.asString());
        if (pupilKey != null) {
            text.append(", ученик ").append(pupilKey.asString());
        }
        text.append(": ").append(what).append(" (").append(rule.clause()).append(')');
        return new Finding(schoolId, journal.schoolClass().key().asString(), journal.schoolClass().name(),
                str(subjectKey), str(teacherKey), str(lessonKey), date, str(pupilKey), recordKey.asString(),
                rule.code(), rule.clause(), text.toString(), seenOn);
    }

    static String date(LocalDate d) {
        return DATE.format(d);
    }

    private static String str(NaturalKey k) {
        return k == null ? null : k.asString();
    }
}
