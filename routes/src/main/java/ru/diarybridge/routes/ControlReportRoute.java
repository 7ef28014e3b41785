package ru.diarybridge.routes;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.routes.control.ControlReportService;
import ru.diarybridge.routes.control.ControlReports;
import ru.diarybridge.routes.control.RegulationCheckService;
import ru.diarybridge.routes.control.ReportKind;
import ru.diarybridge.routes.control.ReportMailSettings;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * Flow «control reports» (flow 5). Per school and enabled report, the template {@code control-report-schedule}
 * fires on the report's Quartz cron and hands over to {@code control-report}, which makes the reports due that day
 * (keeps PDF and XLSX for the console) and e-mails each to the school's recipients through
 * {@code control-report-mail}. Anyone may make a report by sending headers {@code schoolId}, {@code report}
 * (e.g. {@code monthly}) and optionally {@code reportDate} to {@code direct:control-report}.
 *
 * <p>{@code direct:regulation-checks} runs the regulation checks on a synced class: body a {@link ClassJournal},
 * headers {@code schoolId}, {@code changedKeys} (a collection; absent = check everything) and optionally
 * {@code reportDate} (the day the change was seen).
 */
public class ControlReportRoute extends BaseRouteBuilder {

    public static final String ENDPOINT = "direct:control-report";
    public static final String CHECKS_ENDPOINT = "direct:regulation-checks";
    public static final String REPORT = "report";
    public static final String REPORT_DATE = "reportDate";
    public static final String CHANGED_KEYS = "changedKeys";

    private final SchoolDirectory schools;
    private final ControlReportService reports;
    private final RegulationCheckService checks;
    private final ReportMailSettings mail;
    private final Clock clock;
    private final boolean schedule;

    public ControlReportRoute(SchoolDirectory schools, ControlReportService reports, RegulationCheckService checks,
                              ReportMailSettings mail, Clock clock) {
        this(schools, reports, checks, mail, clock, true);
    }

    /** @param schedule whether the Quartz schedules run (off in {@code --once} mode) */
    public ControlReportRoute(SchoolDirectory schools, ControlReportService reports, RegulationCheckService checks,
                              ReportMailSettings mail, Clock clock, boolean schedule) {
        this.schedule = schedule;
        this.schools = schools;
        this.reports = reports;
        this.checks = checks;
        this.mail = mail;
        this.clock = clock;
    }

    @Override
    protected void configureRoutes() {
        routeTemplate("control-report-schedule")
                .templateParameter("schoolId")
                .templateParameter("report")
                .templateParameter("cron")
                .from("quartz:diary-bridge/control-{{report}}-{{schoolId}}?cron={{cron}}&stateful=true")
                .setHeader(SyncHeaders.SCHOOL_ID, constant("{{schoolId}}"))
                .setHeader(REPORT, constant("{{report}}"))
                .setHeader(SyncHeaders.TRIGGER, constant("schedule"))
                .to(ENDPOINT);

        for (SchoolSettings school : schedule ? schools.schools() : List.<SchoolSettings>of()) {
            for (ReportKind kind : ReportKind.values()) {
                if (school.reports().enabled().contains(kind)) {
                    templatedRoute("control-report-schedule")
                            .routeId("control-report-schedule-" + kind.code() + "-" + school.schoolId())
                            .parameter("schoolId", school.schoolId())
                            .parameter("report", kind.code())
                            .parameter("cron", school.reports().cronOf(kind).replace(' ', '+'));
                }
            }
        }

        from(ENDPOINT).routeId("control-report")
                .process(BaseRouteBuilder::putMdc)
                .process(this::make)
                .split(body())
                    .to("direct:control-report-mail")
                .end();

        from("direct:control-report-mail").routeId("control-report-mail")
                .process(this::letter)
                .filter(header("To").isNotNull())
                    .to(mail.enabled() ? mail.endpointUri() : "log:control-report-mail-off?level=DEBUG")
                .end();

        from(CHECKS_ENDPOINT).routeId("regulation-checks")
                .process(BaseRouteBuilder::putMdc)
                .process(this::check);
    }

    private void make(Exchange exchange) {
        String schoolId = exchange.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class);
        String code = exchange.getMessage().getHeader(REPORT, String.class);
        SchoolSettings school = schools.require(schoolId);
        ReportKind kind = ReportKind.fromCode(code)
                .orElseThrow(() -> new IllegalArgumentException("неизвестный отчёт: " + code));
        LocalDate day = day(exchange, school);
        exchange.getMessage().setBody(reports.produce(new ControlReports.School(school.schoolId(),
                school.name() == null ? school.schoolId() : school.name(), sourceName(school.sourceSystem())), kind,
                day));
    }

    private void letter(Exchange exchange) {
        ControlReportService.Made made = exchange.getMessage().getBody(ControlReportService.Made.class);
        SchoolSettings school = schools.require(made.stored().schoolId());
        List<String> to = school.reports().recipients();
        String base = made.kind().code() + "-" + made.stored().from() + "-" + made.stored().to();
        AttachmentMessage message = exchange.getMessage(AttachmentMessage.class);
        message.addAttachment(base + ".pdf", new DataHandler(new ByteArrayDataSource(made.pdf(), "application/pdf")));
        message.addAttachment(base + ".xlsx", new DataHandler(new ByteArrayDataSource(made.xlsx(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")));
        message.setHeader("Subject", made.document().title() + " — " + school.name());
        message.setBody(made.document().title() + "\n" + String.join("\n", made.document().preface())
                + "\n\nОтчёт во вложении: PDF для печати и XLSX для работы с таблицами.\n"
                + "Письмо сформировано diary-bridge автоматически.\n");
        if (to.isEmpty()) {
            message.removeHeader("To");
        } else {
            message.setHeader("To", String.join(",", to));
        }
    }

    @SuppressWarnings("unchecked")
    private void check(Exchange exchange) {
        String schoolId = exchange.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class);
        ClassJournal journal = exchange.getMessage().getBody(ClassJournal.class);
        Collection<String> changed = exchange.getMessage().getHeader(CHANGED_KEYS, Collection.class);
        LocalDate seenOn = day(exchange, schools.require(schoolId));
        exchange.getMessage().setBody(checks.onClassSynced(schoolId, journal, changed, seenOn));
    }

    private LocalDate day(Exchange exchange, SchoolSettings school) {
        Object date = exchange.getMessage().getHeader(REPORT_DATE);
        if (date instanceof LocalDate d) {
            return d;
        }
        if (date != null && !date.toString().isBlank()) {
            return LocalDate.parse(date.toString().strip());
        }
        return LocalDate.now(clock.withZone(school.zone()));
    }

    static String sourceName(SourceSystem system) {
        return switch (system) {
            case ASURSO -> "АСУ РСО";
            case ASIOU -> "АСИОУ";
            case ELJUR -> "ЭлЖур";
        };
    }
}
