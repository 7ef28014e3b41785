package ru.diarybridge.model;

/** Forms of work a mark is given for (001 §3.2.4.8: several marks in a lesson need several forms of work). */
public enum WorkForm {
    ANSWER_IN_CLASS("Ответ на уроке", false),
    TEST("Контрольная работа", true),
    INDEPENDENT_WORK("Самостоятельная работа", false),
    PRACTICAL_WORK("Практическая работа", true),
    LABORATORY_WORK("Лабораторная работа", true),
    DICTATION("Диктант", true),
    ESSAY("Сочинение", true),
    HOMEWORK("Домашнее задание", false),
    OTHER("Другое", false);

    private final String russian;
    private final boolean control;

    WorkForm(String russian, boolean control) {
        this.russian = russian;
        this.control = control;
    }

    public String russian() {
        return russian;
    }

    /** Written control work: its marks are due within 5 or 7 days (003 §5.2 г) and it must name its topic. */
    public boolean control() {
        return control;
    }
}
