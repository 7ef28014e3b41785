package ru.diarybridge.routes;

import java.util.UUID;
import ru.diarybridge.routes.archive.ArchiveService;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * Flow «archival». Per school, the template {@code archive-schedule} fires on the school's Quartz cron (clustered
 * JDBC store) and hands over to {@code archive-scheduled}, which archives the periods due today (days 1–5 of the
 * holidays, 003 §4). A run by hand: send headers {@code schoolId} and optionally {@code archiveSchoolYear},
 * {@code archivePeriod} (q1..q4, h1, h2, year) to {@code direct:archive}; the body returned is the
 * {@link ArchiveService.RunResult}. The verification of the whole archive runs on its own cron.
 */
public class ArchiveRoute extends BaseRouteBuilder {

    public static final String ENDPOINT = "direct:archive";
    public static final String SCHOOL_YEAR = "archiveSchoolYear";
    public static final String PERIOD = "archivePeriod";
    static final String ANY_ENDED = "archiveAnyEnded";

    private final SchoolDirectory schools;
    private final ArchiveService service;
    private final String verificationCron;

    /** @param verificationCron Quartz cron of the verification job; null or blank for none */
    public ArchiveRoute(SchoolDirectory schools, ArchiveService service, String verificationCron) {
        this.schools = schools;
        this.service = service;
        this.verificationCron = verificationCron;
    }

    @Override
    protected void configureRoutes() {
        routeTemplate("archive-schedule")
                .templateParameter("schoolId")
                .templateParameter("cron")
                .templateParameter("anyEnded")
                .from("quartz:diary-bridge/archive-{{schoolId}}?cron={{cron}}&stateful=true")
                .setHeader(SyncHeaders.SCHOOL_ID, constant("{{schoolId}}"))
                .setHeader(SyncHeaders.TRIGGER, constant("schedule"))
                .setHeader(ANY_ENDED, constant("{{anyEnded}}"))
                .to("direct:archive-scheduled");

        for (SchoolSettings school : schools.schools()) {
            if (school.archive().enabled()) {
                templatedRoute("archive-schedule")
                        .routeId("archive-schedule-" + school.schoolId())
                        .parameter("schoolId", school.schoolId())
                        .parameter("cron", school.archive().effectiveCron().replace(' ', '+'))
                        .parameter("anyEnded", String.valueOf(school.archive().overridden()));
            }
        }

        from("direct:archive-scheduled").routeId("archive-scheduled")
                .process(ArchiveRoute::correlate)
                .process(BaseRouteBuilder::putMdc)
                .process(e -> e.getMessage().setBody(service.runScheduled(
                        e.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class),
                        Boolean.parseBoolean(e.getMessage().getHeader(ANY_ENDED, "false", String.class)))));

        from(ENDPOINT).routeId("archive-run")
                .process(ArchiveRoute::correlate)
                .process(BaseRouteBuilder::putMdc)
                .process(e -> e.getMessage().setBody(service.runByHand(
                        e.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class),
                        e.getMessage().getHeader(SCHOOL_YEAR, Integer.class),
                        e.getMessage().getHeader(PERIOD, String.class))));

        if (verificationCron != null && !verificationCron.isBlank()) {
            from("quartz:diary-bridge/archive-verification?cron=" + verificationCron.replace(' ', '+')
                    + "&stateful=true")
                    .routeId("archive-verification")
                    .process(e -> e.getMessage().setBody(service.verifyAll()));
        }
    }

    private static void correlate(org.apache.camel.Exchange e) {
        if (e.getMessage().getHeader(SyncHeaders.CORRELATION_ID) == null) {
            e.getMessage().setHeader(SyncHeaders.CORRELATION_ID, "archive-" + UUID.randomUUID());
        }
    }
}
