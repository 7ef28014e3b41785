package ru.diarybridge.app.myschool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import ru.diarybridge.model.NaturalKey;

/**
 * The ЕСИА id → pupil links (table esia_link), loaded from mapping files: one {@code *.csv} per school or per
 * export, UTF-8, {@code ;}-separated, lines {@code esia_id;snils} or {@code esia_id;person_key}, an optional header
 * line starting with {@code esia_id}. A bad line is reported with file and line and skipped; the rest is loaded.
 * Loading a file again replaces what that file loaded before.
 */
public class EsiaLinks {

    private static final Logger LOG = LoggerFactory.getLogger(EsiaLinks.class);
    // UNVERIFIED: ЕСИА account ids (oid) are numeric in practice; letters and '-' are tolerated
    private static final Pattern ESIA_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** Where a link points: at a СНИЛС (11 digits) or at a pupil's natural key. */
    public record Link(String esiaId, String snils, NaturalKey personKey) {
    }

    /** What one load did: links loaded and the problems of the lines skipped (file:line: reason). */
    public record LoadResult(int loaded, List<String> problems) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public EsiaLinks(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public Optional<Link> find(String esiaId) {
        return jdbc.query("SELECT esia_id, snils, person_key FROM esia_link WHERE esia_id = ?",
                (rs, n) -> new Link(rs.getString(1), rs.getString(2),
                        rs.getString(3) == null ? null : NaturalKey.parse(rs.getString(3))), esiaId)
                .stream().findFirst();
    }

    /** Loads every {@code *.csv} of the folder; a missing folder loads nothing. */
    public LoadResult loadDirectory(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return new LoadResult(0, List.of());
        }
        int loaded = 0;
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                LoadResult r = loadFile(file);
                loaded += r.loaded();
                problems.addAll(r.problems());
            }
        } catch (IOException e) {
            problems.add(dir + ": папка не читается: " + e.getMessage());
        }
        return new LoadResult(loaded, problems);
    }

    public LoadResult loadFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String problem = file + ": файл не читается: " + e.getMessage();
            LOG.warn("Связи ЕСИА: {}", problem);
            return new LoadResult(0, List.of(problem));
        }
        List<Link> links = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase().startsWith("esia_id"))) {
                continue;
            }
            String where = file.getFileName() + ":" + (i + 1);
            String[] cols = line.split(";", -1);
            if (cols.length != 2) {
                problems.add(where + ": ожидается два столбца «esia_id;СНИЛС или ключ ученика», их " + cols.length);
                continue;
            }
            String esiaId = cols[0].strip();
            String ref = cols[1].strip();
            if (!ESIA_ID.matcher(esiaId).matches()) {
                problems.add(where + ": столбец esia_id: не идентификатор ЕСИА");
                continue;
            }
            if (ref.indexOf(':') >= 0) {
                try {
                    links.add(new Link(esiaId, null, NaturalKey.parse(ref)));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": столбец 2: не ключ ученика (система:школа:id)");
                }
                continue;
            }
            String digits = ref.replaceAll("[\\s-]", "");
            if (!digits.matches("\\d{11}")) {
                // the value itself is personal data: never echo it
                problems.add(where + ": столбец 2: СНИЛС должен состоять из 11 цифр");
                continue;
            }
            links.add(new Link(esiaId, digits, null));
        }
        String source = file.toAbsolutePath().normalize().toString();
        Timestamp now = Timestamp.from(Instant.now());
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM esia_link WHERE source = ?", source);
            for (Link link : links) {
                jdbc.update("DELETE FROM esia_link WHERE esia_id = ?", link.esiaId());
                jdbc.update("INSERT INTO esia_link (esia_id, snils, person_key, source, loaded_at) VALUES (?, ?, ?, ?, ?)",
                        link.esiaId(), link.snils(), link.personKey() == null ? null : link.personKey().asString(),
                        source, now);
            }
        });
        problems.forEach(p -> LOG.warn("Связи ЕСИА: {}", p));
        LOG.info("Связи ЕСИА: файл {}: загружено {}, пропущено строк {}", file.getFileName(), links.size(),
                problems.size());
        return new LoadResult(links.size(), problems);
    }
}
