package ru.diarybridge.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.simulator.asiou.AsiouExportWriter;
import ru.diarybridge.simulator.asurso.AsursoSimulator;
import ru.diarybridge.simulator.dnevnik.DnevnikSimulator;
import ru.diarybridge.simulator.eljur.EljurSimulator;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * The external world of the demo, in-process. Every configured demo school gets a generated school (its own seed)
 * served by a simulator of its source system on the port its configuration names; Dnevnik.ru knows every school,
 * its classes, subjects and pupils (by СНИЛС) but no lessons or marks yet. Credentials come from the schools'
 * files, so the files the user reads are the ones that work.
 */
@Component
@Profile("demo")
public class DemoWorld implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWorld.class);

    /** One demo school: its generated data and where it lives on both sides. */
    public record DemoSchool(String schoolId, SourceSystem system, GeneratedSchool school, long dnevnikSchoolId,
                             Set<Long> eduGroupIds, AsursoSimulator asurso, EljurSimulator eljur) {
    }

    private final DnevnikSimulator dnevnik;
    private final Map<String, DemoSchool> schools = new LinkedHashMap<>();
    private final List<AutoCloseable> running = new ArrayList<>();

    public DemoWorld(SchoolDirectory directory, JdbcTemplate jdbc, @Value("${demo.seed:42}") long seed,
                     @Value("${demo.dnevnik-port:18082}") int dnevnikPort,
                     @Value("${diary-bridge.fixed-date:#{null}}") LocalDate fixedDate) {
        forgetThePreviousWorld(directory, jdbc);
        this.dnevnik = DnevnikSimulator.start(dnevnikPort);
        running.add(dnevnik::stop);
        Set<String> clients = new HashSet<>();
        long n = 0;
        for (SchoolSettings settings : directory.schools()) {
            GeneratedSchool school = GeneratedSchool.generate(seed + n++,
                    fixedDate != null ? fixedDate : LocalDate.now(settings.zone()));
            AsursoSimulator asurso = null;
            EljurSimulator eljur = null;
            if (settings.sourceSystem() == SourceSystem.ASURSO) {
                asurso = AsursoSimulator.startWithHash(settings.asurso().baseUrl().getPort(), school,
                        settings.asurso().login(), settings.asurso().passwordMd5());
                running.add(asurso);
            } else if (settings.sourceSystem() == SourceSystem.ASIOU) {
                // the school's export job: this week's file lands in the inbox, the asiou-inbox route picks it up
                Path file = settings.asiou().inbox().resolve("export-" + school.weekStart() + ".xml");
                try {
                    AsiouExportWriter.writeXml(school, settings.schoolId(), file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (settings.sourceSystem() == SourceSystem.ELJUR) {
                var e = settings.eljur();
                eljur = EljurSimulator.start(e.baseUrl().getPort(), school, e.vendor(), e.devkey(), e.login(),
                        e.password());
                running.add(eljur);
            }
            Set<Long> groups = settings.deliversToDnevnik() ? seedDnevnik(settings, school, clients) : Set.of();
            schools.put(settings.schoolId(), new DemoSchool(settings.schoolId(), settings.sourceSystem(), school,
                    settings.deliversToDnevnik() ? settings.dnevnikSchoolId() : 0, groups, asurso, eljur));
            LOG.info("Демо: школа {} ({}) — классов {}, учеников {}, оценок {} за неделю с {}", settings.schoolId(),
                    settings.sourceSystem().code(), school.classes().size(), school.pupils().size(),
                    school.results().size(), school.weekStart());
        }
        LOG.info("Демо: Дневник.ру на {}", dnevnik.baseUrl());
    }

    /**
     * The simulated diary starts empty on every start while ./data keeps what was delivered to the previous one:
     * forget that id map, and close the runs a stopped demo left open, so the new world is synced in full.
     */
    private static void forgetThePreviousWorld(SchoolDirectory directory, JdbcTemplate jdbc) {
        for (SchoolSettings s : directory.schools()) {
            int forgotten = jdbc.update("DELETE FROM target_record WHERE school_id = ?", s.schoolId());
            jdbc.update("UPDATE sync_run SET status = 'FAILED', error = ? WHERE school_id = ? "
                    + "AND status IN ('READING','DELIVERING')", "прервано остановкой демо", s.schoolId());
            if (forgotten > 0) {
                LOG.info("Демо: школа {} — забыты {} записей, доставленных в прежний имитатор Дневник.ру",
                        s.schoolId(), forgotten);
            }
        }
    }

    private Set<Long> seedDnevnik(SchoolSettings settings, GeneratedSchool school, Set<String> clients) {
        return seedDnevnik(dnevnik, settings, school, clients);
    }

    /** Gives the simulated diary what the real one has before any sync: the school, its classes, subjects, pupils. */
    public static Set<Long> seedDnevnik(DnevnikSimulator dnevnik, SchoolSettings settings, GeneratedSchool school,
                                        Set<String> clients) {
        var d = settings.dnevnik();
        if (clients.add(d.clientId() + "/" + d.username())) {
            dnevnik.addClient(d.clientId(), d.clientSecret(), d.username(), d.password());
        }
        long dSchool = dnevnik.addSchool(settings.dnevnikSchoolId(), settings.name());
        Map<Long, Long> groups = new LinkedHashMap<>();
        for (GeneratedSchool.SchoolClassG c : school.classes()) {
            // Dnevnik.ru spells classes «5А»: the adapter matches names regardless of case
            groups.put(c.id(), dnevnik.addEduGroup(dSchool, c.name().toUpperCase(), c.grade()));
        }
        school.subjects().forEach(s -> dnevnik.addSubject(dSchool, s.name()));
        for (GeneratedSchool.Pupil p : school.pupils()) {
            String snils = p.snils().substring(0, 3) + "-" + p.snils().substring(3, 6) + "-"
                    + p.snils().substring(6, 9) + " " + p.snils().substring(9);
            dnevnik.addPerson(dSchool, groups.get(p.classId()), p.lastName(), p.firstName(), p.middleName(), snils,
                    p.birthDate());
        }
        return Set.copyOf(groups.values());
    }

    public DemoSchool school(String schoolId) {
        DemoSchool s = schools.get(schoolId);
        if (s == null) {
            throw new IllegalArgumentException("no demo school " + schoolId);
        }
        return s;
    }

    public List<DemoSchool> schools() {
        return List.copyOf(schools.values());
    }

    public DnevnikSimulator dnevnik() {
        return dnevnik;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }
}
