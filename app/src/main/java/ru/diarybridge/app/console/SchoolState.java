package ru.diarybridge.app.console;

/** The state of a school in the region view, worst first after the operator's own decisions. */
public enum SchoolState {
    PAUSED("приостановлена"),
    ON_HOLD("на удержании"),
    FAILING("сбой"),
    LAGGING("отстаёт"),
    OK("в норме");

    private final String russian;

    SchoolState(String russian) {
        this.russian = russian;
    }

    public String russian() {
        return russian;
    }
}
