package ru.diarybridge.app;

import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.routes.ControlReportRoute;
import ru.diarybridge.routes.control.ControlReportService;
import ru.diarybridge.routes.control.FindingRepository;
import ru.diarybridge.routes.control.RegulationCheckService;
import ru.diarybridge.routes.control.RegulationChecks;
import ru.diarybridge.routes.control.ReportArchive;
import ru.diarybridge.routes.control.ReportMailSettings;
import ru.diarybridge.routes.documents.DocumentRenderer;
import ru.diarybridge.routes.documents.PdfXlsxRenderer;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.store.JournalStore;

/** Flow 5: regulation checks on synced data and the scheduled control reports. */
@Configuration(proxyBeanMethods = false)
public class ControlReportConfiguration {

    @Bean
    FindingRepository findingRepository(JdbcTemplate jdbc) {
        return new FindingRepository(jdbc);
    }

    /** Periods come from the synced journal store; without one (yet) the period rules have nothing to check. */
    @Bean
    RegulationCheckService regulationCheckService(FindingRepository findings, ObjectProvider<JournalStore> store) {
        return new RegulationCheckService(new RegulationChecks(), findings, schoolId -> {
            JournalStore s = store.getIfAvailable();
            return s == null ? List.of() : s.periods(schoolId);
        });
    }

    @Bean
    @ConditionalOnMissingBean(DocumentRenderer.class)
    DocumentRenderer documentRenderer() {
        return new PdfXlsxRenderer();
    }

    @Bean
    ReportArchive reportArchive(JdbcTemplate jdbc, ReportsProperties props) {
        return new ReportArchive(jdbc, props.folder(), Clock.systemUTC());
    }

    @Bean
    ControlReportService controlReportService(ObjectProvider<JournalStore> store, FindingRepository findings,
                                              DocumentRenderer renderer, ReportArchive archive) {
        return new ControlReportService(store::getObject, findings, renderer, archive);
    }

    @Bean
    ControlReportRoute controlReportRoute(SchoolDirectory schools, ControlReportService reports,
                                          RegulationCheckService checks, ReportsProperties props,
                                          DiaryBridgeProperties app) {
        ReportMailSettings mail = new ReportMailSettings(props.smtpHost(), props.smtpPort(), props.smtpUsername(),
                props.smtpPassword(), props.from(), props.smtpStarttls());
        return new ControlReportRoute(schools, reports, checks, mail, Clock.systemDefaultZone(),
                app.scheduleEnabled());
    }
}
