package ru.diarybridge.routes.school;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an АСИОУ school's exports arrive and go: the school (or its export job) drops files into {@code inbox}; a
 * good file is imported and moved to {@code archive}, a bad one goes whole to {@code quarantine} beside a report.
 */
public record AsiouFolders(Path inbox, Path archive, Path quarantine) {
    public AsiouFolders {
        Objects.requireNonNull(inbox, "inbox");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(quarantine, "quarantine");
    }
}
