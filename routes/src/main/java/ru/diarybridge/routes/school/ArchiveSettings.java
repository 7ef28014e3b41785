package ru.diarybridge.routes.school;

/**
 * A school's {@code archive} section.
 *
 * @param enabled whether the school's archive is made on schedule (a run by hand works either way)
 * @param cron    Quartz cron override; null for the default: every day at {@link #DEFAULT_CRON}, archiving only on
 *                days 1–5 of the holidays after a period (003 §4). With an override, every run archives each period
 *                that has ended and has no complete archive yet.
 */
public record ArchiveSettings(boolean enabled, String cron) {

    public static final String DEFAULT_CRON = "0 30 3 * * ?";

    public static final ArchiveSettings DEFAULT = new ArchiveSettings(true, null);

    public String effectiveCron() {
        return cron == null || cron.isBlank() ? DEFAULT_CRON : cron;
    }

    public boolean overridden() {
        return cron != null && !cron.isBlank();
    }
}
