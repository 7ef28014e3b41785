package ru.diarybridge.routes.school;

import java.util.List;
import java.util.Map;
import java.util.Set;
import ru.diarybridge.routes.control.ReportKind;

/**
 * The {@code reports} section of a school's YAML: who gets the control reports, which are made and when.
 *
 * @param recipients e-mail addresses (УВР, director); the reports are kept even when there is none
 * @param enabled    the reports made for this school
 * @param cron       Quartz cron per report that overrides {@link ReportKind#defaultCron()}
 */
public record ReportSettings(List<String> recipients, Set<ReportKind> enabled, Map<ReportKind, String> cron) {
    public ReportSettings {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        enabled = enabled == null ? Set.of() : Set.copyOf(enabled);
        cron = cron == null ? Map.of() : Map.copyOf(cron);
    }

    public static final ReportSettings NONE = new ReportSettings(List.of(), Set.of(), Map.of());

    public String cronOf(ReportKind kind) {
        return cron.getOrDefault(kind, kind.defaultCron());
    }
}
