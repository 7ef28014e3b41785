package ru.diarybridge.model;

/**
 * Kinds of canonical record. The order is the order in which a target must receive them:
 * a mark needs its pupil, lesson and work to exist first.
 */
public enum EntityType {
    SCHOOL_YEAR,
    PERIOD,
    SUBJECT,
    SCHOOL_CLASS,
    SUBGROUP,
    PERSON,
    LESSON,
    WORK,
    HOMEWORK,
    MARK,
    ATTENDANCE,
    PERIOD_MARK,
    ANNOUNCEMENT
}
