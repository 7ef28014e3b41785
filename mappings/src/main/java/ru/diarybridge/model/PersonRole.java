package ru.diarybridge.model;

public enum PersonRole {
    PUPIL,
    GUARDIAN,
    STAFF
}
