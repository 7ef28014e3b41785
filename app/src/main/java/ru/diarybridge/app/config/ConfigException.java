package ru.diarybridge.app.config;

import java.util.List;

/** The configuration cannot be used. Every problem names the file, the key and why; the application stops. */
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
