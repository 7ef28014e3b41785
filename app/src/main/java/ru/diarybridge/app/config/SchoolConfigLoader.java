package ru.diarybridge.app.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
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
import ru.diarybridge.routes.control.ReportKind;
import ru.diarybridge.routes.school.ReportSettings;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.school.ArchiveSettings;
import ru.diarybridge.routes.smev.SmevSettings;
import ru.diarybridge.routes.sync.SyncWindow;

/**
 * Reads {@code <schools-dir>/*.yml}, one school per file, and checks every key: a bad file is reported with
 * messages that name the file, the key and why (in Russian: a school IT specialist reads them) and stops only its
 * own school. Values may use {@code ${ENV_VAR}} placeholders or be encrypted as {@code ENC(...)}
 * ({@link ConfigSecrets}), so that passwords stay out of the files in clear. Unknown keys are errors too: a
 * misspelt key must not be silently ignored.
 */
public final class SchoolConfigLoader {

    private static final Set<String> TOP = Set.of("school", "source", "targets", "contacts", "archive", "reports");
    private static final Set<String> ARCHIVE = Set.of("enabled", "schedule");
    private static final Set<String> REPORTS = Set.of("recipients", "enabled", "cron");
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+");
    private static final Set<String> SCHOOL = Set.of("id", "name", "zone", "schedule", "blackout-dates");
    private static final Set<String> CONTACTS = Set.of("emails");
    private static final Set<String> SOURCE = Set.of("system", "base-url", "scid", "login", "password", "role",
            "max-requests-per-second", "timeout-seconds", "keep-alive-seconds", "vendor", "devkey", "inbox", "archive",
            "quarantine", "lookback-days", "full-pull-window");
    private static final Set<String> TARGETS = Set.of("dnevnik", "smev");
    private static final Set<String> SMEV = Set.of("enabled", "endpoint", "mnemonic", "keystore", "keystore-password",
            "smev-certificate", "poll-interval-seconds", "test-message", "content-namespace");
    private static final Set<String> DNEVNIK = Set.of("enabled", "base-url", "school-id", "client-id", "client-secret",
            "username", "password", "scope", "max-requests-per-second", "timeout-seconds");

    private final PropertyResolver placeholders;
    private final ConfigSecrets secrets;

    public SchoolConfigLoader(PropertyResolver placeholders) {
        this.placeholders = placeholders;
        this.secrets = ConfigSecrets.fromKey(placeholders.getProperty(ConfigSecrets.KEY_VARIABLE));
    }

    /**
     * The good schools and, per bad file, its problems: a bad file stops only its own school.
     *
     * @throws ConfigException when the folder itself is missing or unreadable
     */
    public record Result(List<SchoolSettings> schools, Map<Path, List<String>> problems) {
        public List<String> allProblems() {
            return problems.values().stream().flatMap(List::stream).toList();
        }
    }

    /** All files or nothing: any problem throws (the old behaviour, kept for tools and tests). */
    public List<SchoolSettings> load(Path dir) {
        Result r = loadEach(dir);
        if (!r.problems().isEmpty()) {
            throw new ConfigException(r.allProblems());
        }
        return r.schools();
    }

    public Result loadEach(Path dir) {
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
        Map<Path, List<String>> bad = new LinkedHashMap<>();
        Map<String, Path> ids = new HashMap<>();
        for (Path file : files) {
            List<String> problems = new ArrayList<>();
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
            if (!problems.isEmpty()) {
                bad.put(file, List.copyOf(problems));
            }
        }
        return new Result(schools, bad);
    }

    /** The school id a file stands for: its name without the extension. */
    public static String schoolIdOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
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
            Map<String, Object> contacts = t.containsKey("contacts")
                    ? section(t.get("contacts"), "contacts", CONTACTS) : Map.of();
            List<String> emails = emails(contacts.get("emails"));
            Set<LocalDate> blackout = blackoutDates(school.get("blackout-dates"));
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
            boolean dnevnikEnabled = true;
            if (targets.containsKey("dnevnik")) {
                Map<String, Object> d = section(targets.get("dnevnik"), "targets.dnevnik", DNEVNIK);
                Boolean enabled = parse(d, "targets.dnevnik.enabled", false, SchoolConfigLoader::bool,
                        "ожидается true или false");
                dnevnikEnabled = enabled == null || enabled;
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
            ArchiveSettings archiveSettings = ArchiveSettings.DEFAULT;
            if (t.containsKey("archive")) {
                Map<String, Object> a = section(t.get("archive"), "archive", ARCHIVE);
                boolean enabled = true;
                Object rawEnabled = a.get("enabled");
                if (rawEnabled != null) {
                    String v = resolve(rawEnabled.toString()).trim();
                    if (v.equals("true") || v.equals("false")) {
                        enabled = Boolean.parseBoolean(v);
                    } else {
                        problem("archive.enabled", "«" + rawEnabled + "»: ожидается true или false");
                    }
                }
                String archiveCron = text(a, "archive.schedule", false);
                if (archiveCron != null && !CronExpression.isValidExpression(archiveCron)) {
                    problem("archive.schedule", "«" + archiveCron
                            + "» не выражение Quartz cron (пример: 0 30 3 * * ?)");
                }
                archiveSettings = new ArchiveSettings(enabled, archiveCron);
            }
            ReportSettings reports = reports(t.get("reports"));
            if (problems.size() != before) {
                return null;
            }
            if (!dnevnikEnabled) {
                // checked, but switched off: nothing is delivered and the connection check skips it
                dnevnik = null;
                dnevnikSchool = null;
            }
            return new SchoolSettings(id, name, zone, cron, system, asurso, eljur, asiou, dnevnik, dnevnikSchool,
                    lookback == null ? 14 : lookback, offPeak, blackout, emails, path, archiveSettings, reports, smev);
        }

        private List<String> emails(Object node) {
            if (node == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (Object o : node instanceof List<?> l ? l : List.of(node)) {
                String e = o == null ? "" : resolveOrProblem("contacts.emails", o.toString()).trim();
                if (!e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    problem("contacts.emails", "«" + e + "» не адрес электронной почты");
                } else {
                    out.add(e);
                }
            }
            return out;
        }

        /** Dates {@code 2026-12-31} or inclusive ranges {@code 2026-12-30..2027-01-08}. */
        private Set<LocalDate> blackoutDates(Object node) {
            if (node == null) {
                return Set.of();
            }
            Set<LocalDate> out = new java.util.TreeSet<>();
            for (Object o : node instanceof List<?> l ? l : List.of(node)) {
                // YAML reads an unquoted 2026-12-31 as a timestamp at UTC midnight
                String t = o instanceof java.util.Date d
                        ? d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString()
                        : String.valueOf(o).trim();
                try {
                    String[] parts = t.split("\\.\\.");
                    LocalDate from = LocalDate.parse(parts[0].trim());
                    LocalDate to = parts.length > 1 ? LocalDate.parse(parts[1].trim()) : from;
                    if (parts.length > 2 || to.isBefore(from) || from.plusDays(366).isBefore(to)) {
                        throw new IllegalArgumentException();
                    }
                    from.datesUntil(to.plusDays(1)).forEach(out::add);
                } catch (RuntimeException e) {
                    problem("school.blackout-dates", "«" + t + "»: ожидается дата ГГГГ-ММ-ДД или период "
                            + "ГГГГ-ММ-ДД..ГГГГ-ММ-ДД (не длиннее года)");
                }
            }
            return out;
        }

        private String resolveOrProblem(String key, String value) {
            try {
                return resolve(value);
            } catch (IllegalArgumentException e) {
                problem(key, e.getMessage());
                return "";
            }
        }

        /** The optional {@code reports} section: recipients, enabled reports and cron overrides. */
        private ReportSettings reports(Object node) {
            if (node == null) {
                return ReportSettings.NONE;
            }
            Map<String, Object> r = section(node, "reports", REPORTS);
            String known = java.util.Arrays.stream(ReportKind.values()).map(ReportKind::code)
                    .collect(java.util.stream.Collectors.joining(", "));
            List<String> recipients = new ArrayList<>();
            for (String address : list(r.get("recipients"), "reports.recipients")) {
                if (EMAIL.matcher(address).matches()) {
                    recipients.add(address);
                } else {
                    problem("reports.recipients", "«" + address + "» не адрес электронной почты");
                }
            }
            Set<ReportKind> enabled = new java.util.LinkedHashSet<>();
            for (String code : list(r.get("enabled"), "reports.enabled")) {
                ReportKind.fromCode(code).ifPresentOrElse(enabled::add, () -> problem("reports.enabled",
                        "«" + code + "»: неизвестный отчёт; допустимы: " + known));
            }
            Map<ReportKind, String> crons = new java.util.EnumMap<>(ReportKind.class);
            Object cronNode = r.get("cron");
            if (cronNode != null && !(cronNode instanceof Map<?, ?>)) {
                problem("reports.cron", "должен быть разделом: отчёт → выражение Quartz cron");
            } else if (cronNode instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    String key = "reports.cron." + k;
                    java.util.Optional<ReportKind> kind = ReportKind.fromCode(String.valueOf(k));
                    String expr = v == null ? "" : resolve(v.toString()).trim();
                    if (kind.isEmpty()) {
                        problem(key, "неизвестный отчёт; допустимы: " + known);
                    } else if (!CronExpression.isValidExpression(expr)) {
                        problem(key, "«" + expr + "» не выражение Quartz cron (пример: 0 0 6 ? * MON)");
                    } else {
                        crons.put(kind.get(), expr);
                    }
                });
            }
            if (!enabled.isEmpty() && recipients.isEmpty()) {
                problem("reports.recipients", "не указан ни один адрес, а отчёты включены (reports.enabled)");
            }
            return new ReportSettings(recipients, enabled, crons);
        }

        /** A YAML list or a comma-separated string. */
        private List<String> list(Object node, String key) {
            List<String> out = new ArrayList<>();
            if (node == null) {
                return out;
            }
            if (node instanceof List<?> l) {
                l.forEach(v -> {
                    if (v != null && !v.toString().isBlank()) {
                        out.add(resolve(v.toString()).trim());
                    }
                });
            } else if (node instanceof String str) {
                for (String part : resolve(str).split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            } else {
                problem(key, "должен быть списком");
            }
            return out;
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
            } catch (ConfigSecrets.SecretException e) {
                problem(key, e.getMessage());
                return null;
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

    /** Placeholders first, then an {@code ENC(...)} value is decrypted with the key from the environment. */
    private String resolve(String value) {
        return secrets.decryptIfEncrypted(placeholders.resolveRequiredPlaceholders(value));
    }

    private static Boolean bool(String t) {
        return switch (t.toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(t);
        };
    }
}
