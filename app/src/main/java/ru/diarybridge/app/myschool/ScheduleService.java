package ru.diarybridge.app.myschool;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.connector.myschool.BellSchedule;
import ru.diarybridge.connector.myschool.OperationOutcome;
import ru.diarybridge.connector.myschool.Schedule;
import ru.diarybridge.connector.myschool.ScheduleBuilder;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.store.JournalStore;

/**
 * Answers one «Моя школа» call: checks the window, finds the pupil behind the ЕСИА id, reads the class journal from
 * the synced store and builds the Schedule. A pupil without consent or who left is answered exactly like an unknown
 * id (001 §3.1.2): the caller must not learn that such a pupil exists.
 */
public class ScheduleService {

    private final ObjectProvider<JournalStore> store;
    private final EsiaLinks links;
    private final SchoolDirectory schools;
    private final JdbcTemplate jdbc;
    private final MySchoolProperties props;
    private final LocalDate fixedDate;
    private final ScheduleBuilder builder;

    public ScheduleService(ObjectProvider<JournalStore> store, EsiaLinks links, SchoolDirectory schools,
                           JdbcTemplate jdbc, MySchoolProperties props, LocalDate fixedDate) {
        this.store = store;
        this.links = links;
        this.schools = schools;
        this.jdbc = jdbc;
        this.props = props;
        this.fixedDate = fixedDate;
        this.builder = new ScheduleBuilder(props.bellSchedule().isEmpty() ? BellSchedule.standard()
                : BellSchedule.parse(props.bellSchedule()), props.classroom());
    }

    public Schedule schedule(String esiaId, String startText, String endText) {
        LocalDate start = date("start", startText);
        LocalDate end = date("end", endText);
        if ((start == null) != (end == null)) {
            throw invalid("Параметры start и end задаются только вместе");
        }
        if (start != null) {
            checkWindow(start, end);
        }
        EsiaLinks.Link link = links.find(esiaId).orElseThrow(() -> MySchoolException.notFound("Ученик не найден"));
        JournalStore journalStore = store.getIfAvailable();
        if (journalStore == null) {
            throw new MySchoolException(HttpStatus.SERVICE_UNAVAILABLE, OperationOutcome.Code.TRANSIENT,
                    "Хранилище журнала недоступно");
        }
        Person pupil = pupil(journalStore, link);
        SchoolSettings school = schools.school(pupil.key().schoolId())
                .orElseThrow(() -> MySchoolException.notFound("Ученик не найден"));
        if (start == null) {
            // the documented default: the previous, the current and the next week
            LocalDate today = fixedDate != null ? fixedDate : LocalDate.now(school.zone());
            LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            start = monday.minusWeeks(1);
            end = monday.plusWeeks(2).minusDays(1);
        }
        ClassJournal journal = journalStore.classJournal(school.schoolId(), pupil.classKey(), start, end)
                .orElseThrow(() -> MySchoolException.notFound("Ученик не найден"));
        String url = props.publicBaseUrl() + "/Schedule/" + esiaId;
        ScheduleBuilder.SchoolInfo info = new ScheduleBuilder.SchoolInfo(school.schoolId(), school.name(),
                school.zone(), url, null);
        return builder.build(info, journal,
                new ScheduleBuilder.Request(esiaId, pupil, start, end, lastUpdated(school.schoolId())));
    }

    private Person pupil(JournalStore journalStore, EsiaLinks.Link link) {
        List<Person> candidates = link.personKey() != null
                ? journalStore.person(link.personKey()).stream().toList()
                : journalStore.personsBySnils(link.snils());
        Optional<Person> pupil = candidates.stream()
                .filter(p -> p.role() == PersonRole.PUPIL && p.classKey() != null && p.mayBeExported())
                // a pupil who moved may be known at two schools: the newest enrolment is the current one
                .max(Comparator.comparing(p -> p.enrolment().enrolledOn(),
                        Comparator.nullsFirst(Comparator.naturalOrder())));
        return pupil.orElseThrow(() -> MySchoolException.notFound("Ученик не найден"));
    }

    private Instant lastUpdated(String schoolId) {
        Timestamp last = jdbc.queryForObject(
                "SELECT MAX(finished_at) FROM sync_run WHERE school_id = ? AND status = 'COMPLETED'",
                Timestamp.class, schoolId);
        return last != null ? last.toInstant() : Instant.now();
    }

    private void checkWindow(LocalDate start, LocalDate end) {
        if (end.isBefore(start)) {
            throw invalid("Дата end раньше даты start");
        }
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        if (days > props.maxWindowDays()) {
            throw invalid("Период " + days + " дн. длиннее допустимого (" + props.maxWindowDays() + " дн.)");
        }
    }

    /** {@code 2026-11-16} or an ISO-8601 date-time with offset (its calendar date is taken). UNVERIFIED format. */
    static LocalDate date(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return t.length() <= 10 ? LocalDate.parse(t) : OffsetDateTime.parse(t).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new MySchoolException(HttpStatus.BAD_REQUEST, OperationOutcome.Code.STRUCTURE,
                    "Параметр " + name + ": не дата ГГГГ-ММ-ДД или дата-время ISO 8601 со смещением");
        }
    }

    private static MySchoolException invalid(String text) {
        return new MySchoolException(HttpStatus.BAD_REQUEST, OperationOutcome.Code.INVALID, text);
    }
}
