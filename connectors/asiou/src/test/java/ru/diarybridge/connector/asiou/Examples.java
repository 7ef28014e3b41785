package ru.diarybridge.connector.asiou;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/** The README's example files, and damaged copies of them for error tests. */
final class Examples {

    static final String SCHOOL = "yar-school-42";

    private Examples() {
    }

    static String text(String name) throws IOException {
        try (InputStream in = Examples.class.getResourceAsStream("/examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Path copy(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text(name), StandardCharsets.UTF_8);
        return file;
    }

    /** A copy with the first line containing {@code marker} changed; returns the file and that line's number. */
    static Damaged damage(Path dir, String name, String marker, UnaryOperator<String> change) throws IOException {
        List<String> lines = new ArrayList<>(Arrays.asList(text(name).split("\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                lines.set(i, change.apply(lines.get(i)));
                Path file = dir.resolve(name);
                Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
                return new Damaged(file, i + 1);
            }
        }
        throw new IllegalArgumentException("no line with " + marker + " in " + name);
    }

    record Damaged(Path file, int line) {
    }
}
