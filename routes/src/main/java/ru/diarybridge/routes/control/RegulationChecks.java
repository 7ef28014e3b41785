package ru.diarybridge.routes.control;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Period;

/** Runs every regulation rule over one class's journal. Pure: no I/O, no clock. */
public final class RegulationChecks {

    private final List<Rule> rules;

    public RegulationChecks() {
        this(Rules.all());
    }

    public RegulationChecks(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * @param changedKeys keys of the records this sync saw change; null checks every record of the journal
     * @param seenOn      the day the change was seen: the finding's first-seen date and "today" for deadlines
     */
    public List<Finding> check(String schoolId, ClassJournal journal, List<Period> periods,
                               Collection<String> changedKeys, LocalDate seenOn) {
        CheckContext context = new CheckContext(schoolId, journal, periods, changedKeys, seenOn);
        List<Finding> all = new ArrayList<>();
        for (Rule rule : rules) {
            all.addAll(rule.check(context));
        }
        return all;
    }

    /** The school is taken from the class's key. */
    public static List<Finding> check(ClassJournal journal, List<Period> periods, Collection<String> changedKeys,
                                      LocalDate seenOn) {
        return new RegulationChecks().check(journal.schoolClass().key().schoolId(), journal, periods, changedKeys,
                seenOn);
    }
}
