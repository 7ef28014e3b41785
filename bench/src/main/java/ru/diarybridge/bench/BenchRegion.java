package ru.diarybridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ru.diarybridge.simulator.asiou.AsiouExportWriter;
import ru.diarybridge.simulator.school.GeneratedSchool;

/**
 * The generated region shared by {@link RegionBench} and {@link ChaosRun}: N schools from {@link GeneratedSchool}
 * (seeds 7000…, one week), seeded into the light Dnevnik.ru as the real diary has them before any sync (school,
 * classes, subjects, pupils by СНИЛС), one school YAML each (source АСИОУ, target the light Dnevnik.ru) and one
 * АСИОУ export each in {@code work/staging}.
 */
final class BenchRegion {

    /** One school of the region: its bench index, adapter id, id in the light Dnevnik.ru and generated content. */
    record School(int index, String id, long dnevnikSchoolId, GeneratedSchool generated) { }

    private BenchRegion() {
    }

    /**
     * @param timeoutSeconds the per-request timeout of the adapter's Dnevnik.ru client (school file)
     */
    static List<School> seed(int schools, LocalDate week, Path work, LightDnevnik dnevnik, int timeoutSeconds)
            throws IOException {
        return seed(schools, week, null, work, dnevnik, timeoutSeconds);
    }

    /** @param day when not null, each export holds that school day only (the region day), not the whole week */
    static List<School> seed(int schools, LocalDate week, LocalDate day, Path work, LightDnevnik dnevnik,
                             int timeoutSeconds) throws IOException {
        Path schoolsDir = Files.createDirectories(work.resolve("schools"));
        Path staging = Files.createDirectories(work.resolve("staging"));
        List<School> out = new ArrayList<>();
        for (int i = 0; i < schools; i++) {
            GeneratedSchool s = GeneratedSchool.generate(7_000 + i, week);
            String id = "bench-" + i;
            long dSchool = 3_000_000L + i;
            dnevnik.addSchool(dSchool, "Школа " + i, i);
            dnevnik.addClient("bench-client-" + i, "secret", "integration", "password", dSchool);
            Map<Long, Long> groups = new LinkedHashMap<>();
            for (GeneratedSchool.SchoolClassG c : s.classes()) {
                groups.put(c.id(), dnevnik.addEduGroup(dSchool, c.name().toUpperCase(), c.grade()));
            }
            s.subjects().forEach(x -> dnevnik.addSubject(dSchool, x.name()));
            for (GeneratedSchool.Pupil p : s.pupils()) {
                dnevnik.addPerson(dSchool, groups.get(p.classId()), p.lastName(), p.firstName(), p.snils());
            }
            Files.writeString(schoolsDir.resolve(id + ".yml"), schoolYaml(id, i, work, dnevnik, dSchool,
                    timeoutSeconds));
            if (day == null) {
                AsiouExportWriter.writeXml(s, id, staging.resolve(id + ".xml"));
            } else {
                AsiouExportWriter.writeXmlOfDay(s, id, day, staging.resolve(id + ".xml"));
            }
            out.add(new School(i, id, dSchool, s));
        }
        return out;
    }

    static String schoolYaml(String id, int i, Path work, LightDnevnik dnevnik, long dSchool, int timeoutSeconds) {
        return "school:\n  id: " + id + "\n  name: \"Школа " + i + " (бенчмарк)\"\n  zone: Europe/Moscow\n"
                + "source:\n  system: asiou\n"
                + "  inbox: " + work.resolve("inbox/" + id) + "\n"
                + "  archive: " + work.resolve("archive/" + id) + "\n"
                + "  quarantine: " + work.resolve("quarantine/" + id) + "\n"
                + "targets:\n  dnevnik:\n    base-url: " + dnevnik.apiUrl() + "\n"
                + "    school-id: " + dSchool + "\n    client-id: bench-client-" + i + "\n    client-secret: secret\n"
                + "    username: integration\n    password: password\n"
                + "    scope: \"CommonInfo,EducationalInfo,EduWorks,Marks,Lessons\"\n"
                + "    max-requests-per-second: 100000\n    timeout-seconds: " + timeoutSeconds + "\n";
    }
}
