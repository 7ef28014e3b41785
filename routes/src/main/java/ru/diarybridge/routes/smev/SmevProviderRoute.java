package ru.diarybridge.routes.smev;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.connector.smev.FaultClass;
import ru.diarybridge.connector.smev.SmevFaultException;
import ru.diarybridge.routes.BaseRouteBuilder;
import ru.diarybridge.routes.SyncHeaders;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * Flow «Госуслуги → дневник» (SMEV 3 provider role): per school with {@code targets.smev.enabled}, the template
 * {@code smev-provider} polls the school's SMEV queue on a fixed period and answers parents' diary requests
 * ({@link SmevProvider}). A poll that fails (SMEV unreachable, a fault on GetRequest or Ack) is logged with its
 * class and tried again on the next tick; nothing received is lost, because it is stored before it is acknowledged.
 */
public class SmevProviderRoute extends BaseRouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(SmevProviderRoute.class);

    private final SchoolDirectory schools;
    private final SmevProvider provider;

    public SmevProviderRoute(SchoolDirectory schools, SmevProvider provider) {
        this.schools = schools;
        this.provider = provider;
    }

    @Override
    protected void configureRoutes() {
        routeTemplate("smev-provider")
                .templateParameter("schoolId")
                .templateParameter("periodMs")
                .from("timer:smev-provider-{{schoolId}}?period={{periodMs}}&delay={{periodMs}}&fixedRate=false")
                .setHeader(SyncHeaders.SCHOOL_ID, constant("{{schoolId}}"))
                .process(BaseRouteBuilder::putMdc)
                .process(this::poll);

        for (SchoolSettings school : schools.schools()) {
            if (school.providesOverSmev()) {
                templatedRoute("smev-provider")
                        .routeId("smev-provider-" + school.schoolId())
                        .parameter("schoolId", school.schoolId())
                        .parameter("periodMs", Long.toString(school.smev().pollInterval().toMillis()));
            }
        }
    }

    private void poll(Exchange exchange) {
        SchoolSettings school = schools.require(exchange.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class));
        try {
            int received = provider.poll(school);
            if (received > 0) {
                LOG.info("СМЭВ: получено запросов: {}", received);
            }
        } catch (SmevFaultException e) {
            if (e.faultClass() == FaultClass.RETRY_FOREVER) {
                LOG.warn("СМЭВ: опрос не удался, повтор при следующем опросе: {}", e.reasonRu());
            } else {
                LOG.error("СМЭВ: опрос не удался ({}), нужна проверка настроек: {}", e.faultClass(), e.reasonRu());
            }
        }
    }
}
