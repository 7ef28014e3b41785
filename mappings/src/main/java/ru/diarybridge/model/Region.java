package ru.diarybridge.model;

/** A region of the Russian Federation running one regional journal system, e.g. code 63 Самарская область. */
public record Region(String code, String name) {
}
