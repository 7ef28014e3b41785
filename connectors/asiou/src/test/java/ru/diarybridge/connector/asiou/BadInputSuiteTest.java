package ru.diarybridge.connector.asiou;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10 000 generated bad АСИОУ exports (malformed XML and CSV, XXE and entity expansion, huge files, wrong types,
 * invalid marks, unknown pupils and classes, HTML error pages saved as exports, binary junk): the reader never
 * throws, refuses each file with a named reason (file, line, element, reason in Russian), and a good file read
 * among them is still read whole. By the import contract a file with an error is refused whole (quarantine with a
 * report), so "the good records of the same batch" are the good files around the bad ones.
 */
class BadInputSuiteTest {

    private static final int PAYLOADS = 10_000;

    private record Kind(String name, String ext, BiFunction<Random, String, byte[]> make) {
    }

    @Test
    void tenThousandBadExportsAreEachRefusedWithAReasonAndNeverCrashTheReader(@TempDir Path dir) throws Exception {
        String xml = Examples.text("school-export.xml");
        String csv = Examples.text("school-export.csv");
        List<Kind> kinds = kinds(xml, csv);
        AsiouExportReader reader = new AsiouExportReader();
        Map<String, Integer> refused = new TreeMap<>();
        List<String> crashes = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        Random rnd = new Random(20261125);
        Path good = Examples.copy(dir, "school-export.xml");
        int goodMarks = reader.read(good, Examples.SCHOOL).content().journals().stream()
                .mapToInt(j -> j.marks().size()).sum();
        assertThat(goodMarks).isPositive();

        for (int i = 0; i < PAYLOADS; i++) {
            Kind kind = kinds.get(i % kinds.size());
            Path file = dir.resolve("bad-" + i + "." + kind.ext());
            Files.write(file, kind.make().apply(rnd, kind.ext().equals("xml") ? xml : csv));
            ReadResult result;
            try {
                result = reader.read(file, Examples.SCHOOL);
            } catch (Throwable t) { // the point of the suite: nothing may escape the reader
                crashes.add(kind.name() + " #" + i + ": " + t);
                continue;
            } finally {
                Files.delete(file);
            }
            if (result.valid()) {
                accepted.add(kind.name() + " #" + i);
                continue;
            }
            assertThat(result.errors()).as(kind.name()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.file()).isEqualTo(file.getFileName().toString());
                assertThat(e.reason()).as(kind.name() + ": " + e).isNotBlank().matches("(?s).*[а-яА-ЯёЁ].*");
            });
            refused.merge(kind.name(), 1, Integer::sum);
            if (i % 1000 == 999) {
                // the reader keeps no state from the bad files: a good one still reads whole
                ReadResult again = reader.read(good, Examples.SCHOOL);
                assertThat(again.valid()).isTrue();
                assertThat(again.content().journals().stream().mapToInt(j -> j.marks().size()).sum())
                        .isEqualTo(goodMarks);
            }
        }
        org.slf4j.LoggerFactory.getLogger(BadInputSuiteTest.class).info("bad input refused by kind: {}", refused);
        assertThat(crashes).as("uncaught exceptions").isEmpty();
        assertThat(accepted).as("bad files accepted").isEmpty();
        assertThat(refused.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(PAYLOADS);
        assertThat(refused).hasSize(kinds.size());
    }

    private static List<Kind> kinds(String xml, String csv) {
        List<Kind> k = new ArrayList<>();
        k.add(new Kind("xml-truncated", "xml", (r, s) -> utf8(s.substring(0, 40 + r.nextInt(s.length() - 60)))));
        k.add(new Kind("xml-stray-markup", "xml", (r, s) -> {
            int at = s.indexOf("<classes>") + r.nextInt(s.length() - s.indexOf("<classes>") - 20);
            return utf8(s.substring(0, at) + pick(r, "<", "&", "</x>", "<<>>", "&amp") + s.substring(at));
        }));
        k.add(new Kind("xml-xxe", "xml", (r, s) -> utf8(s.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE export [<!ENTITY x SYSTEM \""
                        + pick(r, "file:///etc/passwd", "http://127.0.0.1:1/x", "file:///dev/random") + "\">]>")
                .replace("Обыкновенные дроби", "&x;"))));
        k.add(new Kind("xml-entity-expansion", "xml", (r, s) -> {
            StringBuilder dtd = new StringBuilder("<!DOCTYPE export [<!ENTITY a0 \"lol\">");
            for (int i = 1; i <= 10; i++) {
                dtd.append("<!ENTITY a").append(i).append(" \"")
                        .append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
            }
            dtd.append("]>");
            return utf8(s.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + dtd).replace("Обыкновенные дроби", "&a10;"));
        }));
        k.add(new Kind("html-error-page", "xml", (r, s) -> utf8("<html><head><title>502 Bad Gateway</title></head>"
                + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")));
        k.add(new Kind("html-error-page-csv", "csv", (r, s) -> utf8("<!DOCTYPE html><html><body><h1>Ошибка 500"
                + "</h1><p>Сервис АСИОУ временно недоступен</p></body></html>")));
        k.add(new Kind("xml-wrong-type", "xml", (r, s) -> utf8(s.replaceFirst(
                pick(r, "number=\"2\"", "grade=\"5\"", "weight=\"40\"", "birthDate=\"2014-03-05\"",
                        "date=\"2026-01-12\"", "consentGiven=\"true\""),
                pick(r, "number=\"два\"", "grade=\"5.5\"", "weight=\"-1\"", "birthDate=\"05.03.2014\"",
                        "date=\"2026-02-30\"", "consentGiven=\"да\"")))));
        k.add(new Kind("xml-invalid-mark", "xml", (r, s) -> utf8(s.replace("value=\"5\"",
                "value=\"" + pick(r, "6", "0", "5++", "", "пять", "-3", "100") + "\""))));
        k.add(new Kind("xml-unknown-pupil", "xml", (r, s) -> utf8(s.replace("pupil=\"1001\" value",
                "pupil=\"" + (90_000 + r.nextInt(9_000)) + "\" value"))));
        k.add(new Kind("xml-unknown-class", "xml", (r, s) -> utf8(s.replace("<lesson id=\"L1\" class=\"5a\"",
                "<lesson id=\"L1\" class=\"" + pick(r, "9z", "5б", "", "11-A") + "\""))));
        k.add(new Kind("xml-foreign-school", "xml", (r, s) -> utf8(s.replace("school=\"yar-school-42\"",
                "school=\"yar-school-" + (100 + r.nextInt(900)) + "\""))));
        k.add(new Kind("binary-junk", "xml", (r, s) -> {
            byte[] b = new byte[1 + r.nextInt(4096)];
            r.nextBytes(b);
            return b;
        }));
        k.add(new Kind("empty", "csv", (r, s) -> utf8(pick(r, "", " ", "\n\n", "\uFEFF"))));
        k.add(new Kind("huge", "xml", (r, s) -> r.nextInt(100) == 0
                // now and then a file of ~5 MB: 40 000 lessons, the last of them with lesson number 13
                ? utf8(s.replace("  </lessons>", hugeLessons(40_000) + "  </lessons>"))
                // else a topic far over the contract's 2 000 characters
                : utf8(s.replace("Обыкновенные дроби", "Дроби ".repeat(400 + r.nextInt(2000))))));
        k.add(new Kind("csv-wrong-column-count", "csv", (r, s) -> utf8(s.replace("mark;M1;W1;1001;5;mark5;2026-01-14;",
                pick(r, "mark;M1;W1;1001;5;mark5", "mark;M1;W1;1001;5;mark5;2026-01-14;;;;")))));
        k.add(new Kind("csv-missing-header", "csv", (r, s) -> utf8(s.substring(s.indexOf('\n') + 1))));
        k.add(new Kind("csv-wrong-delimiter", "csv", (r, s) -> utf8(s.replace(';', pick(r, ",", "\t", "|").charAt(0)))));
        k.add(new Kind("csv-invalid-mark", "csv", (r, s) -> utf8(s.replace("mark;M1;W1;1001;5;",
                "mark;M1;W1;1001;" + pick(r, "6", "отл", "5+++", "0") + ";"))));
        k.add(new Kind("csv-unknown-pupil", "csv", (r, s) -> utf8(s.replace("mark;M1;W1;1001;",
                "mark;M1;W1;" + (90_000 + r.nextInt(9_000)) + ";"))));
        k.add(new Kind("csv-broken-quotes", "csv", (r, s) -> utf8(s.replace("Обыкновенные дроби",
                pick(r, "\"Обыкновенные дроби", "\"Обыкновенные \"дроби")))));
        k.add(new Kind("csv-cp1251", "csv", (r, s) -> s.getBytes(Charset.forName("windows-1251"))));
        return k;
    }

    private static String hugeLessons(int n) {
        StringBuilder sb = new StringBuilder(n * 120);
        for (int i = 0; i < n; i++) {
            sb.append("    <lesson id=\"H").append(i).append("\" class=\"5a\" subject=\"math\" date=\"2026-01-12\" number=\"")
                    .append(i == n - 1 ? 13 : 3 + i % 8).append("\" teacher=\"T7\" topic=\"Повторение ").append(i).append("\"/>\n");
        }
        return sb.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
