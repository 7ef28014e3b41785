package ru.diarybridge.routes;

import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.sync.AsiouImport;
import ru.diarybridge.routes.sync.SourceSync;

/**
 * Flow «АСИОУ export → diary», reading side. Per АСИОУ school, the template {@code asiou-inbox} watches the school's
 * inbox folder for {@code .xml} and {@code .csv} exports (in diary-bridge's published contract). A file is taken
 * once it has stopped growing; a good one is imported and moved to the archive (dated), a bad one is moved whole to
 * quarantine beside a report naming line, element and reason. Its changed records then travel like any source's,
 * on the school's delivery queue.
 */
public class AsiouInboxRoute extends BaseRouteBuilder {

    private final SchoolDirectory schools;
    private final AsiouImport importer;
    private final SourceSync sync;
    private final String queuePrefix;
    private boolean clustered;

    /**
     * Each school's inbox read by one instance of a cluster at a time: the route consumes through Camel's
     * {@code master} component, leadership held by the cluster service in the application context (a lock file on
     * the folder the instances share). Without it, two instances watching one inbox both took the same file.
     */
    public AsiouInboxRoute clustered(boolean clustered) {
        this.clustered = clustered;
        return this;
    }

    public AsiouInboxRoute(SchoolDirectory schools, AsiouImport importer, SourceSync sync, String queuePrefix) {
        this.schools = schools;
        this.importer = importer;
        this.sync = sync;
        this.queuePrefix = queuePrefix;
    }

    @Override
    protected void configureRoutes() {
        onException(AsiouImport.RejectedFileException.class)
                .handled(false)
                .logStackTrace(false)
                .logExhausted(false)
                .log(org.apache.camel.LoggingLevel.ERROR, "${exception.message}");

        routeTemplate("asiou-inbox")
                .templateParameter("schoolId")
                .templateParameter("inbox")
                .templateParameter("archive")
                .templateParameter("quarantine")
                .from((clustered ? "master:asiou-inbox-{{schoolId}}:" : "") + "file:{{inbox}}?include=(?i).*\\.(xml|csv)&readLock=changed&readLockMinAge=1000"
                        + "&readLockCheckInterval=500&initialDelay=500&delay=2000"
                        + "&move={{archive}}/${date:now:yyyy-MM-dd}/${file:name.noext}-${date:now:HHmmssSSS}.${file:ext}"
                        + "&moveFailed={{quarantine}}/${file:name}")
                .setHeader(SyncHeaders.SCHOOL_ID, constant("{{schoolId}}"))
                .setHeader(SyncHeaders.TRIGGER, constant("file"))
                .process(BaseRouteBuilder::putMdc)
                .process(importer::read)
                .process(BaseRouteBuilder::putMdc)
                .split(body())
                    .process(importer::publish)
                    .filter(header(SourceSync.HAS_CHANGES).isEqualTo(true))
                        .removeHeader(SourceSync.HAS_CHANGES)
                        .removeHeaders("CamelFile*")
                        .to(SourceSyncRoute.OUTBOUND)
                    .end()
                .end()
                .process(sync::finish);

        for (SchoolSettings school : schools.schools()) {
            for (SchoolRoutes.Instance i : SchoolRoutes.instances(school, false, queuePrefix)) {
                if (i.templateId().equals(SchoolRoutes.ASIOU_INBOX)) {
                    var t = templatedRoute(i.templateId()).routeId(i.routeId());
                    i.parameters().forEach((k, v) -> t.parameter(k, v.toString()));
                }
            }
        }
    }
}
