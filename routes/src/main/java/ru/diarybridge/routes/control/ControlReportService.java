package ru.diarybridge.routes.control;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.routes.documents.Document;
import ru.diarybridge.routes.documents.DocumentRenderer;
import ru.diarybridge.routes.store.JournalStore;

/**
 * Makes the control reports of one school that are due on a day: reads the synced journal from the
 * {@link JournalStore}, builds the documents, renders PDF and XLSX and keeps them. No Camel here; the route sends
 * what this returns.
 */
public class ControlReportService {

    private static final Logger LOG = LoggerFactory.getLogger(ControlReportService.class);

    /** A made report: the document, its files' content and where they are kept. */
    public record Made(ReportKind kind, Document document, byte[] pdf, byte[] xlsx, ReportArchive.StoredReport stored) {
    }

    private final java.util.function.Supplier<JournalStore> store;
    private final FindingRepository findings;
    private final DocumentRenderer renderer;
    private final ReportArchive archive;

    public ControlReportService(JournalStore store, FindingRepository findings, DocumentRenderer renderer,
                                ReportArchive archive) {
        this(() -> store, findings, renderer, archive);
    }

    /** The store looked up when a report is made (the application's store bean may come from another module). */
    public ControlReportService(java.util.function.Supplier<JournalStore> store, FindingRepository findings,
                                DocumentRenderer renderer, ReportArchive archive) {
        this.store = store;
        this.findings = findings;
        this.renderer = renderer;
        this.archive = archive;
    }

    public List<Made> produce(ControlReports.School school, ReportKind kind, LocalDate today) {
        JournalStore store = this.store.get();
        List<Period> periods = store.periods(school.id());
        List<Made> made = new ArrayList<>();
        for (ReportKind.Window w : kind.windows(today, periods)) {
            List<ClassJournal> journals = new ArrayList<>();
            for (SchoolClass cls : store.classes(school.id())) {
                if (!ReportKind.classInPeriod(cls.grade(), w.period())) {
                    continue;
                }
                Optional<ClassJournal> j = store.classJournal(school.id(), cls.key(), w.from(), w.to());
                j.ifPresent(journals::add);
            }
            List<Finding> found = kind == ReportKind.MONTHLY ? findings.findings(school.id(), w.from(), w.to())
                    : List.of();
            Document doc = ControlReports.build(kind, school, w, today, journals, found);
            byte[] pdf = renderer.pdf(doc);
            byte[] xlsx = renderer.xlsx(doc);
            ReportArchive.StoredReport stored = archive.keep(school.id(), kind, doc.title(), w.from(), w.to(), pdf,
                    xlsx);
            LOG.info("Школа {}: отчёт {} за {} – {} сформирован: классов {}, файл {}", school.id(), kind.code(),
                    w.from(), w.to(), journals.size(), stored.pdf().getFileName());
            made.add(new Made(kind, doc, pdf, xlsx, stored));
        }
        return made;
    }
}
