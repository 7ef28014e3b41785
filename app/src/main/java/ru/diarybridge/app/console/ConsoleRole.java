package ru.diarybridge.app.console;

/** Who may do what in the console. */
public enum ConsoleRole {
    /** All schools: sees everything, runs every action, approves holds. */
    REGIONAL_OPERATOR("региональный оператор"),
    /** One school: sees it, syncs it, runs a dry run, pauses it. */
    SCHOOL_IT("ИТ-специалист школы"),
    /** All schools, read only, and the audit log. */
    AUDITOR("аудитор");

    private final String russian;

    ConsoleRole(String russian) {
        this.russian = russian;
    }

    public String russian() {
        return russian;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
