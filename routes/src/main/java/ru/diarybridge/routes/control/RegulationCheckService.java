package ru.diarybridge.routes.control;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Period;

/**
 * Runs the regulation checks on a class a sync has just read, and stores what they find. Called for every
 * synced class (source sync and the АСИОУ import) and by the {@code direct:regulation-checks} route. A failure
 * here is logged and never fails the sync.
 */
public class RegulationCheckService {

    private static final Logger LOG = LoggerFactory.getLogger(RegulationCheckService.class);

    private final RegulationChecks checks;
    private final FindingRepository findings;
    private final Function<String, List<Period>> periods;

    /** @param periods the periods of a school (e.g. {@code JournalStore::periods}) */
    public RegulationCheckService(RegulationChecks checks, FindingRepository findings,
                                  Function<String, List<Period>> periods) {
        this.checks = checks;
        this.findings = findings;
        this.periods = periods;
    }

    /**
     * @param changedKeys keys of the records that changed in this sync (null: check every record read)
     * @return the findings of this check, new or already stored
     */
    public List<Finding> onClassSynced(String schoolId, ClassJournal journal, Collection<String> changedKeys,
                                       LocalDate seenOn) {
        try {
            List<Finding> found = checks.check(schoolId, journal, periods.apply(schoolId), changedKeys, seenOn);
            int added = findings.save(found);
            if (!found.isEmpty()) {
                LOG.info("Школа {}: класс {}: проверка регламента — нарушений {}, из них новых {}", schoolId,
                        journal.schoolClass().key(), found.size(), added);
            }
            return found;
        } catch (RuntimeException e) {
            LOG.error("Школа {}: класс {}: проверка регламента не выполнена: {}", schoolId,
                    journal.schoolClass().key(), e.toString());
            return List.of();
        }
    }
}
