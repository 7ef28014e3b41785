package ru.diarybridge.routes.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import ru.diarybridge.model.Announcement;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.routes.ControlReportRoute;
import ru.diarybridge.routes.SyncHeaders;
import ru.diarybridge.routes.documents.PdfXlsxRenderer;
import ru.diarybridge.routes.school.ReportSettings;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.store.JournalStore;

/**
 * End to end through Camel: the planted school's classes go through {@code direct:regulation-checks} into the
 * finding store (H2, and the store alone also on PostgreSQL), then the monthly report is made, kept on disk and
 * in the database, and e-mailed to an in-process GreenMail SMTP server on a random port.
 */
class ControlReportRouteTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String PG_SCHEMA = "control_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path folder;

    private CamelContext camel;

    static JdbcTemplate database(String vendor) {
        DataSource ds;
        String[] schemas = {};
        if (vendor.equals("h2")) {
            ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        } else {
            ds = new DriverManagerDataSource(PG + "?currentSchema=" + PG_SCHEMA, "postgres", "");
            schemas = new String[] {PG_SCHEMA};
        }
        Flyway.configure().dataSource(ds).schemas(schemas)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor).load().migrate();
        return new JdbcTemplate(ds);
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
        }
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    /** The synced journal as the store would give it: the planted school's classes. */
    static final class PlantedStore implements JournalStore {
        final Map<NaturalKey, ClassJournal> journals = new HashMap<>();

        PlantedStore(PlantedSchool school) {
            school.journals.values().forEach(j -> journals.put(j.schoolClass().key(), j));
        }

        @Override
        public List<SchoolClass> classes(String schoolId) {
            return journals.values().stream().map(ClassJournal::schoolClass)
                    .sorted(java.util.Comparator.comparing(SchoolClass::grade)).toList();
        }

        @Override
        public List<Period> periods(String schoolId) {
            return PlantedSchool.PERIODS;
        }

        @Override
        public List<Announcement> announcements(String schoolId) {
            return List.of();
        }

        @Override
        public Optional<ClassJournal> classJournal(String schoolId, NaturalKey classKey, LocalDate from,
                                                   LocalDate to) {
            return Optional.ofNullable(journals.get(classKey));
        }

        @Override
        public Optional<Person> person(NaturalKey key) {
            return Optional.empty();
        }

        @Override
        public List<Person> personsBySnils(String snils) {
            return List.of();
        }

        @Override
        public List<Person> guardiansOf(NaturalKey pupilKey) {
            return List.of();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aResyncDoesNotDuplicateFindings(String vendor) {
        JdbcTemplate jdbc = database(vendor);
        PlantedSchool school = new PlantedSchool();
        RegulationCheckService service = new RegulationCheckService(new RegulationChecks(),
                new FindingRepository(jdbc), id -> PlantedSchool.PERIODS);
        for (int run = 0; run < 2; run++) {
            for (ClassJournal j : school.journals.values()) {
                service.onClassSynced(PlantedSchool.SCHOOL, j, null, PlantedSchool.SEEN_ON.plusDays(run));
            }
        }
        List<Finding> stored = new FindingRepository(jdbc).findings(PlantedSchool.SCHOOL);
        assertThat(stored).hasSize(school.planted.size());
        assertThat(stored).allSatisfy(f -> assertThat(f.firstSeen()).isEqualTo(PlantedSchool.SEEN_ON));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM control_finding WHERE last_seen = ?", Integer.class,
                java.sql.Date.valueOf(PlantedSchool.SEEN_ON.plusDays(1)))).isEqualTo(school.planted.size());
        Finding late = stored.stream().filter(f -> f.ruleCode().equals("LATE_MARK")).findFirst().orElseThrow();
        assertThat(late.lessonDate()).isEqualTo(PlantedSchool.d(10, 5));
        assertThat(late.teacherKey()).isEqualTo("asurso:school-1:t-мат");
    }

    @Test
    void checksRunThroughTheRouteAndTheMonthlyReportArrivesByMailWithPdfAndXlsx() throws Exception {
        JdbcTemplate jdbc = database("h2");
        PlantedSchool school = new PlantedSchool();
        PlantedStore store = new PlantedStore(school);
        FindingRepository findings = new FindingRepository(jdbc);
        ReportArchive archive = new ReportArchive(jdbc, folder, Clock.systemUTC());
        ControlReportService reports = new ControlReportService(store, findings, new PdfXlsxRenderer(), archive);
        RegulationCheckService checks = new RegulationCheckService(new RegulationChecks(), findings, store::periods);
        SchoolSettings settings = new SchoolSettings(PlantedSchool.SCHOOL, "МБОУ Школа № 1", ZoneId.of("Europe/Samara"),
                null, SourceSystem.ASURSO, null, null, null, null, null, 14, null, null, null, null, null,
                new ReportSettings(List.of("uvr@school-1.test", "director@school-1.test"),
                        Set.of(ReportKind.MONTHLY, ReportKind.WEEKLY), Map.of(ReportKind.WEEKLY, "0 0 7 ? * MON")));
        ReportMailSettings mail = new ReportMailSettings("127.0.0.1", smtp.getSmtp().getPort(), null, null,
                "diary-bridge@region.test", false);

        camel = new DefaultCamelContext();
        ControlReportRoute route = new ControlReportRoute(() -> List.of(settings), reports, checks, mail,
                Clock.systemUTC());
        camel.addRoutes(route);
        camel.addTemplatedRoutes(route);   // what Camel's Spring Boot route collector does
        camel.start();
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).contains("control-report-schedule-monthly-school-1");
        assertThat(camel.getRoute("control-report-schedule-weekly-school-1").getEndpoint().getEndpointUri())
                .contains("cron=0+0+7+?+*+MON");
        assertThat(camel.getRoute("control-report-schedule-period-school-1")).isNull();

        ProducerTemplate producer = camel.createProducerTemplate();
        for (ClassJournal j : school.journals.values()) {
            producer.sendBodyAndHeaders(ControlReportRoute.CHECKS_ENDPOINT, j, Map.of(SyncHeaders.SCHOOL_ID,
                    PlantedSchool.SCHOOL, ControlReportRoute.REPORT_DATE, PlantedSchool.SEEN_ON));
        }
        assertThat(findings.findings(PlantedSchool.SCHOOL)).hasSize(school.planted.size());

        producer.sendBodyAndHeaders(ControlReportRoute.ENDPOINT, null, Map.of(SyncHeaders.SCHOOL_ID,
                PlantedSchool.SCHOOL, ControlReportRoute.REPORT, "monthly", ControlReportRoute.REPORT_DATE,
                "2026-12-01"));

        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);   // one per recipient
        MimeMessage message = received[0];
        assertThat(message.getSubject()).isEqualTo("Ежемесячный отчёт о заполнении электронного журнала — МБОУ Школа № 1");
        assertThat(message.getAllRecipients()).extracting(Object::toString)
                .containsExactly("uvr@school-1.test", "director@school-1.test");

        Map<String, byte[]> attachments = new HashMap<>();
        List<String> texts = new ArrayList<>();
        Multipart multipart = (Multipart) message.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getFileName() != null) {
                attachments.put(part.getFileName(), part.getInputStream().readAllBytes());
            } else {
                texts.add(part.getContent().toString());
            }
        }
        assertThat(attachments).containsOnlyKeys("monthly-2026-11-01-2026-11-30.pdf",
                "monthly-2026-11-01-2026-11-30.xlsx");
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("Период: 01.11.2026 – 30.11.2026"));

        String pdf;
        try (var doc = Loader.loadPDF(attachments.get("monthly-2026-11-01-2026-11-30.pdf"))) {
            pdf = new PDFTextStripper().getText(doc);
        }
        assertThat(pdf).contains("Ежемесячный отчёт о заполнении электронного журнала", "МБОУ Школа № 1",
                "Заполнение журнала", "Итого", "Нарушения регламента", "LATE_CONTROL_MARK",
                "FORBIDDEN_ATTENDANCE_CODE", "003 §5.2 г");

        try (var xlsx = new XSSFWorkbook(new ByteArrayInputStream(
                attachments.get("monthly-2026-11-01-2026-11-30.xlsx")))) {
            List<String> sheets = new ArrayList<>();
            xlsx.sheetIterator().forEachRemaining(s -> sheets.add(s.getSheetName()));
            assertThat(sheets).containsExactly("Заполнение журнала", "Мало отметок (001 §4.5)",
                    "Нарушения регламента");
            var sheet = xlsx.getSheet("Нарушения регламента");
            // title, 3 preface lines, a blank row and the header come before the planted violations
            List<String> codes = new ArrayList<>();
            for (int r = 6; r <= sheet.getLastRowNum(); r++) {
                var row = sheet.getRow(r);
                if (row != null && row.getCell(2) != null && row.getCell(2).getStringCellValue().matches("[A-Z_]+")) {
                    codes.add(row.getCell(2).getStringCellValue());
                }
            }
            assertThat(codes).containsExactlyInAnyOrderElementsOf(school.planted.values());
            assertThat(sheet.getRow(5).getCell(2).getStringCellValue()).isEqualTo("Правило");
            var fill = xlsx.getSheet("Заполнение журнала");
            assertThat(fill.getRow(6).getCell(0).getStringCellValue()).isEqualTo("1а");
        }

        List<ReportArchive.StoredReport> kept = archive.reports(PlantedSchool.SCHOOL);
        assertThat(kept).singleElement().satisfies(r -> {
            assertThat(r.reportCode()).isEqualTo("monthly");
            assertThat(Files.readAllBytes(r.pdf())).isEqualTo(attachments.get("monthly-2026-11-01-2026-11-30.pdf"));
            assertThat(r.xlsx()).exists();
            assertThat(r.pdf().getParent()).isEqualTo(folder.resolve(PlantedSchool.SCHOOL));
        });
    }
}
