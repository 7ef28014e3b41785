package ru.diarybridge.app.demo;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.simulator.asurso.AsursoSimulator;
import ru.diarybridge.simulator.dnevnik.DnevnikSimulator;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * The external world of the demo, in-process: АСУ РСО serving the generated school, and Dnevnik.ru knowing the
 * same school, classes, subjects and pupils (by СНИЛС) but no lessons or marks yet. Credentials are taken from
 * the demo school's configuration, so the file the user reads is the one that works.
 */
@Component
@Profile("demo")
public class DemoWorld implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWorld.class);

    private final GeneratedSchool school;
    private final AsursoSimulator asurso;
    private final DnevnikSimulator dnevnik;

    public DemoWorld(SchoolDirectory schools, @Value("${demo.school-id:demo-107}") String schoolId,
                     @Value("${demo.seed:42}") long seed, @Value("${demo.asurso-port:18081}") int asursoPort,
                     @Value("${demo.dnevnik-port:18082}") int dnevnikPort,
                     @Value("${diary-bridge.fixed-date:#{null}}") LocalDate fixedDate) {
        SchoolSettings settings = schools.require(schoolId);
        this.school = GeneratedSchool.generate(seed, fixedDate != null ? fixedDate : LocalDate.now(settings.zone()));
        this.asurso = AsursoSimulator.startWithHash(asursoPort, school, settings.asurso().login(),
                settings.asurso().passwordMd5());
        this.dnevnik = DnevnikSimulator.start(dnevnikPort);
        var d = settings.dnevnik();
        dnevnik.addClient(d.clientId(), d.clientSecret(), d.username(), d.password());
        long dSchool = dnevnik.addSchool(settings.dnevnikSchoolId(), GeneratedSchool.SCHOOL_NAME);
        Map<Long, Long> groups = new HashMap<>();
        for (GeneratedSchool.SchoolClassG c : school.classes()) {
            // Dnevnik.ru spells classes «5А»: the adapter matches names regardless of case
            groups.put(c.id(), dnevnik.addEduGroup(dSchool, c.name().toUpperCase(), c.grade()));
        }
        school.subjects().forEach(s -> dnevnik.addSubject(dSchool, s.name()));
        for (GeneratedSchool.Pupil p : school.pupils()) {
            String snils = p.snils().substring(0, 3) + "-" + p.snils().substring(3, 6) + "-" + p.snils().substring(6, 9)
                    + " " + p.snils().substring(9);
            dnevnik.addPerson(dSchool, groups.get(p.classId()), p.lastName(), p.firstName(), p.middleName(), snils,
                    p.birthDate());
        }
        LOG.info("Демо: АСУ РСО на {}, Дневник.ру на {}; школа {} — классов {}, учеников {}, оценок {} за неделю с {}",
                asurso.baseUrl(), dnevnik.baseUrl(), schoolId, school.classes().size(), school.pupils().size(),
                school.results().size(), school.weekStart());
    }

    public GeneratedSchool school() {
        return school;
    }

    public AsursoSimulator asurso() {
        return asurso;
    }

    public DnevnikSimulator dnevnik() {
        return dnevnik;
    }

    @Override
    public void close() {
        asurso.stop();
        dnevnik.stop();
    }
}
