package ru.diarybridge.model;

import java.util.Arrays;

/** The journal systems a school may keep its class journal in. */
public enum SourceSystem {
    /** АСУ РСО (Samara), built on NetSchool «Сетевой город. Образование». */
    ASURSO("asurso"),
    /** АСИОУ (Yaroslavl): file exports in diary-bridge's own contract. */
    ASIOU("asiou"),
    /** ЭлЖур. */
    ELJUR("eljur");

    private final String code;

    SourceSystem(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static SourceSystem fromCode(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code.equalsIgnoreCase(code) || s.name().equalsIgnoreCase(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown source system '" + code + "', expected one of asurso, asiou, eljur"));
    }
}
