package ru.diarybridge.routes.school;

/** Schools an operator paused until a date: their scheduled syncs are skipped (a manual sync still runs). */
@FunctionalInterface
public interface SchoolPauses {

    SchoolPauses NONE = schoolId -> false;

    boolean paused(String schoolId);
}
