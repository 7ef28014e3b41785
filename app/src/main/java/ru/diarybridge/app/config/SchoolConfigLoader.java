package ru.diarybridge.app.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.quartz.CronExpression;
import org.springframework.core.env.PropertyResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import ru.diarybridge.connector.asurso.AsursoSettings;
import ru.diarybridge.connector.dnevnik.DnevnikSettings;
import ru.diarybridge.connector.eljur.EljurSettings;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.routes.school.AsiouFolders;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.smev.SmevSettings;
import ru.diarybridge.routes.sync.SyncWindow;

/**
 * Reads {@code <schools-dir>/*.yml}, one school per file, and checks every key: a bad file stops the application
 * with messages that name the file, the key and why (in Russian: a school IT specialist reads them). Values may
 * use {@code ${ENV_VAR}} placeholders, so that passwords stay out of the files. Unknown keys are errors too: a
 * misspelt key must not be silently ignored.
 */
public final class SchoolConfigLoader {

    private static final Set<String> TOP = Set.of("school", "source", "targets");
    private static final Set<String> SCHOOL = Set.of("id", "name", "zone", "schedule");
    private static final Set<String> SOURCE = Set.of("system", "base-url", "scid", "login", "password", "role",
            "max-requests-per-second", "timeout-seconds", "keep-alive-seconds", "vendor", "devkey", "inbox", "archive",
            "quarantine", "lookback-days", "full-pull-window");
    private static final Set<String> TARGETS = Set.of("dnevnik", "smev");
    private static final Set<String> SMEV = Set.of("enabled", "endpoint", "mnemonic", "keystore", "keystore-password",
            "smev-certificate", "poll-interval-seconds", "test-message", "content-namespace");
    private static final Set<String> DNEVNIK = Set.of("base-url", "school-id", "client-id", "client-secret",
            "username", "password", "scope", "max-requests-per-second", "timeout-seconds");

    private final PropertyResolver placeholders;

    public SchoolConfigLoader(PropertyResolver placeholders) {
        this.placeholders = placeholders;
    }

    public List<SchoolSettings> load(Path dir) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(List.of(dir + ": папка с настройками школ не найдена "
                    + "(свойство diary-bridge.schools-dir)"));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yml")
                    || p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(List.of(dir + ": не читается: " + e.getMessage()));
        }
        List<SchoolSettings> schools = new ArrayList<>();
        Map<String, Path> ids = new HashMap<>();
        for (Path file : files) {
            File f = new File(file, problems);
            SchoolSettings s = f.parse();
            if (s != null) {
                Path other = ids.putIfAbsent(s.schoolId(), file);
                if (other != null) {
                    problems.add(file + ": ключ school.id: школа «" + s.schoolId() + "» уже описана в " + other);
                } else {
                    schools.add(s);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return schools;
    }

    /** One file being read: collects its problems instead of stopping at the first. */
    private final class File {
        private final Path path;
        private final List<String> problems;
        private final int before;

        File(Path path, List<String> problems) {
            this.path = path;
            this.problems = problems;
            this.before = problems.size();
        }

        void problem(String key, String why) {
            problems.add(path + ": ключ " + key + ": " + why);
        }

        SchoolSettings parse() {
            Object root;
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            } catch (IOException | RuntimeException e) {
                problems.add(path + ": не разобрать YAML: " + e.getMessage().lines().findFirst().orElse(""));
                return null;
            }
            if (!(root instanceof Map<?, ?> top)) {
                problems.add(path + ": файл пуст или не является YAML-словарём");
                return null;
            }
            Map<String, Object> t = section(top, "", TOP);
            Map<String, Object> school = section(t.get("school"), "school", SCHOOL);
            Map<String, Object> source = section(t.get("source"), "source", SOURCE);
            Map<String, Object> targets = t.containsKey("targets") ? section(t.get("targets"), "targets", TARGETS)
                    : Map.of();
            String id = text(school, "school.id", true);
            if (id != null && !id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                problem("school.id", "«" + id + "»: только строчные латинские буквы, цифры и «-», до 63 знаков");
            }
            String fileName = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            if (id != null && !id.equals(fileName)) {
                problem("school.id", "«" + id + "» не совпадает с именем файла «" + fileName + "»");
            }
            String name = text(school, "school.name", true);
            ZoneId zone = parse(school, "school.zone", false, ZoneId::of, "не часовой пояс (пример: Europe/Samara)");
            String cron = text(school, "school.schedule", false);
            if (cron != null && !CronExpression.isValidExpression(cron)) {
                problem("school.schedule", "«" + cron + "» не выражение Quartz cron (пример: 0 0/15 7-21 ? * MON-SAT)");
            }
            SourceSystem system = parse(source, "source.system", true, SourceSystem::fromCode,
                    "неизвестная система (asurso, asiou, eljur)");
            AsursoSettings asurso = null;
            EljurSettings eljur = null;
            AsiouFolders asiou = null;
            if (system == SourceSystem.ASURSO) {
                URI url = url(source, "source.base-url");
                Integer scid = integer(source, "source.scid", true, 1);
                String login = text(source, "source.login", true);
                String password = text(source, "source.password", true);
                String role = text(source, "source.role", false);
                Integer rps = integer(source, "source.max-requests-per-second", false, 1);
                Integer timeout = integer(source, "source.timeout-seconds", false, 1);
                Integer keepAlive = integer(source, "source.keep-alive-seconds", false, 10);
                if (problems.size() == before) {
                    asurso = AsursoSettings.withPassword(id, url, scid, login, password, role,
                            Duration.ofSeconds(timeout == null ? 30 : timeout), rps == null ? 10 : rps,
                            Duration.ofSeconds(keepAlive == null ? 300 : keepAlive), zone);
                }
            } else if (system == SourceSystem.ELJUR) {
                URI url = url(source, "source.base-url");
                String vendor = text(source, "source.vendor", true);
                String devkey = text(source, "source.devkey", true);
                String login = text(source, "source.login", true);
                String password = text(source, "source.password", true);
                Integer rps = integer(source, "source.max-requests-per-second", false, 1);
                Integer timeout = integer(source, "source.timeout-seconds", false, 1);
                if (problems.size() == before) {
                    eljur = new EljurSettings(id, url, vendor, devkey, login, password,
                            Duration.ofSeconds(timeout == null ? 30 : timeout), rps == null ? 10 : rps, zone);
                }
            } else if (system == SourceSystem.ASIOU) {
                Path inbox = folder(source, "source.inbox", "data/inbox/" + id);
                Path archive = folder(source, "source.archive", "data/archive/" + id);
                Path quarantine = folder(source, "source.quarantine", "data/quarantine/" + id);
                if (problems.size() == before) {
                    asiou = new AsiouFolders(inbox, archive, quarantine);
                }
            }
            DnevnikSettings dnevnik = null;
            Long dnevnikSchool = null;
            if (targets.containsKey("dnevnik")) {
                Map<String, Object> d = section(targets.get("dnevnik"), "targets.dnevnik", DNEVNIK);
                URI url = url(d, "targets.dnevnik.base-url");
                Integer schoolIdInt = null;
                Object rawSchool = d.get("school-id");
                if (rawSchool == null) {
                    problem("targets.dnevnik.school-id", "обязателен");
                } else {
                    try {
                        dnevnikSchool = Long.parseLong(resolve(rawSchool.toString()).trim());
                    } catch (NumberFormatException e) {
                        problem("targets.dnevnik.school-id", "«" + rawSchool + "» не число");
                    }
                }
                String clientId = text(d, "targets.dnevnik.client-id", true);
                String secret = text(d, "targets.dnevnik.client-secret", true);
                String user = text(d, "targets.dnevnik.username", true);
                String password = text(d, "targets.dnevnik.password", true);
                String scope = text(d, "targets.dnevnik.scope", false);
                Integer rps = integer(d, "targets.dnevnik.max-requests-per-second", false, 1);
                Integer timeout = integer(d, "targets.dnevnik.timeout-seconds", false, 1);
                if (problems.size() == before) {
                    dnevnik = new DnevnikSettings(url, clientId, secret, user, password,
                            scope == null ? "CommonInfo,EducationalInfo" : scope,
                            Duration.ofSeconds(timeout == null ? 30 : timeout), rps == null ? 20 : rps);
                }
            }
            SmevSettings smev = null;
            if (targets.containsKey("smev")) {
                smev = smev(section(targets.get("smev"), "targets.smev", SMEV));
            }
            Integer lookback = integer(source, "source.lookback-days", false, 1);
            SyncWindow.OffPeak offPeak = parse(source, "source.full-pull-window", false, SyncWindow.OffPeak::parse,
                    "ожидается окно ЧЧ:ММ-ЧЧ:ММ, например 01:00-05:00");
            if (problems.size() != before) {
                return null;
            }
            return new SchoolSettings(id, name, zone, cron, system, asurso, eljur, asiou, dnevnik, dnevnikSchool,
                    lookback == null ? 14 : lookback, offPeak, smev);
        }

        /** targets.smev: only an enabled section needs the endpoint, the mnemonic and the key files. */
        private SmevSettings smev(Map<String, Object> m) {
            int before = problems.size();
            boolean enabled = bool(m, "targets.smev.enabled", true);
            boolean test = bool(m, "targets.smev.test-message", false);
            Integer poll = integer(m, "targets.smev.poll-interval-seconds", false, 1);
            String namespace = text(m, "targets.smev.content-namespace", false);
            if (namespace != null && !namespace.matches("(urn|http|https):\\S+")) {
                problem("targets.smev.content-namespace", "«" + namespace + "» не URI пространства имён (urn:… или http(s)://…)");
            }
            if (!enabled) {
                return problems.size() == before ? new SmevSettings(false, null, null, null, null, null,
                        null, test, namespace) : null;
            }
            URI endpoint = url(m, "targets.smev.endpoint");
            String mnemonic = text(m, "targets.smev.mnemonic", true);
            if (mnemonic != null && mnemonic.length() > 50) {
                problem("targets.smev.mnemonic", "длиннее 50 символов");
            }
            Path keystore = file(m, "targets.smev.keystore");
            String password = text(m, "targets.smev.keystore-password", true);
            Path smevCertificate = file(m, "targets.smev.smev-certificate");
            if (problems.size() != before) {
                return null;
            }
            return new SmevSettings(true, endpoint.toString(), mnemonic, keystore, password, smevCertificate,
                    Duration.ofSeconds(poll == null ? 5 : poll), test, namespace);
        }

        private boolean bool(Map<String, Object> m, String key, boolean fallback) {
            String t = text(m, key, false);
            if (t == null) {
                return fallback;
            }
            return switch (t.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> {
                    problem(key, "«" + t + "»: ожидается true или false");
                    yield fallback;
                }
            };
        }

        /** A file that must exist and be readable. */
        private Path file(Map<String, Object> m, String key) {
            String t = text(m, key, true);
            if (t == null) {
                return null;
            }
            Path p = Path.of(t.trim());
            if (!Files.isReadable(p)) {
                problem(key, "«" + p + "»: файл не найден или не читается");
                return null;
            }
            return p;
        }

        private Map<String, Object> section(Object node, String key, Set<String> allowed) {
            if (node == null) {
                if (!key.isEmpty() && !key.startsWith("targets")) {
                    problem(key, "раздел обязателен");
                }
                return Map.of();
            }
            if (!(node instanceof Map<?, ?> m)) {
                problem(key, "должен быть разделом (словарём)");
                return Map.of();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                String name = String.valueOf(k);
                if (!allowed.contains(name)) {
                    problem(key.isEmpty() ? name : key + "." + name, "неизвестный ключ; допустимы: "
                            + String.join(", ", allowed.stream().sorted().toList()));
                } else {
                    out.put(name, v);
                }
            });
            return out;
        }

        private String text(Map<String, Object> m, String key, boolean required) {
            Object v = m.get(key.substring(key.lastIndexOf('.') + 1));
            if (v == null || v.toString().isBlank()) {
                if (required) {
                    problem(key, "обязателен");
                }
                return null;
            }
            try {
                return resolve(v.toString());
            } catch (IllegalArgumentException e) {
                problem(key, "не задана переменная: " + e.getMessage());
                return null;
            }
        }

        private Integer integer(Map<String, Object> m, String key, boolean required, int min) {
            String t = text(m, key, required);
            if (t == null) {
                return null;
            }
            try {
                int v = Integer.parseInt(t.trim());
                if (v < min) {
                    problem(key, "должен быть не меньше " + min);
                    return null;
                }
                return v;
            } catch (NumberFormatException e) {
                problem(key, "«" + t + "» не целое число");
                return null;
            }
        }

        /** A folder that is created if missing; relative paths are relative to the working directory. */
        private Path folder(Map<String, Object> m, String key, String fallback) {
            String t = text(m, key, false);
            Path p = Path.of(t == null ? fallback : t.trim());
            try {
                Files.createDirectories(p);
                return p;
            } catch (IOException | RuntimeException e) {
                problem(key, "«" + p + "»: папку не создать: " + e.getMessage());
                return null;
            }
        }

        private URI url(Map<String, Object> m, String key) {
            String t = text(m, key, true);
            if (t == null) {
                return null;
            }
            try {
                URI u = URI.create(t.trim());
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    problem(key, "«" + t + "» не адрес http(s)");
                    return null;
                }
                return u;
            } catch (IllegalArgumentException e) {
                problem(key, "«" + t + "» не адрес: " + e.getMessage());
                return null;
            }
        }

        private <T> T parse(Map<String, Object> m, String key, boolean required, Function<String, T> parser,
                            String why) {
            String t = text(m, key, required);
            if (t == null) {
                return null;
            }
            try {
                return parser.apply(t.trim());
            } catch (RuntimeException e) {
                problem(key, "«" + t + "»: " + why);
                return null;
            }
        }
    }

    private String resolve(String value) {
        return placeholders.resolveRequiredPlaceholders(value);
    }
}
