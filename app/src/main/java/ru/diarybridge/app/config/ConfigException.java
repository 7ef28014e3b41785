package ru.diarybridge.app.config;

import java.util.List;

/** The configuration cannot be used at all (no folder, or every file bad). Every problem names file, key and why. */
public class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Ошибки в конфигурации школ:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
