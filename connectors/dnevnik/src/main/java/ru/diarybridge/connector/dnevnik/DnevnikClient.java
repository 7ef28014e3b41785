package ru.diarybridge.connector.dnevnik;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.connector.dnevnik.DnevnikException.Kind;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Transport-level client of the Dnevnik.ru API v2. Thread-safe; one instance per set of credentials.
 * <p>
 * Logs in lazily (resource-owner password flow), caches the token until shortly before it expires, logs in again
 * once when a call answers 401/403, waits once for Retry-After on 429, and throttles all calls to
 * {@link DnevnikSettings#maxRequestsPerSecond()}. Logs carry methods, id-only paths and statuses; never tokens,
 * credentials, SNILS or names.
 */
public final class DnevnikClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnevnikClient.class);

    private static final Pattern HTML_ERROR = Pattern.compile(
            "<div[^>]*class=\"[^\"]*error__description[^\"]*\"[^>]*>\\s*<p[^>]*>(.*?)</p>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final DnevnikSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    private final Object loginLock = new Object();
    private volatile Token token;

    private final Object throttleLock = new Object();
    private final long permitIntervalNanos;
    private long nextPermitNanos; // guarded by throttleLock

    // The swagger names "person/search", a public path list "persons/search"; we switch once if the first is 404.
    private volatile String personSearchPath = "persons/search";
    private volatile boolean closed;

    private record Token(String value, Instant refreshAt) { }

    private final RequestGate gate;

    public DnevnikClient(DnevnikSettings settings) {
        this(settings, RequestGate.OPEN);
    }

    public DnevnikClient(DnevnikSettings settings, RequestGate gate) {
        this.settings = settings;
        this.gate = gate;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.permitIntervalNanos = TimeUnit.SECONDS.toNanos(1) / settings.maxRequestsPerSecond();
        this.nextPermitNanos = System.nanoTime();
    }

    // ------------------------------------------------------------------ reference data

    public List<DnevnikEduGroup> eduGroups(long schoolId) {
        return list(call("GET", "schools/" + schoolId + "/edu-groups", null),
                n -> new DnevnikEduGroup(longOf(n, "id"), textOf(n, "name")));
    }

    public List<DnevnikSubject> subjects(long schoolId) {
        return list(call("GET", "schools/" + schoolId + "/subjects", null),
                n -> new DnevnikSubject(longOf(n, "id"), textOf(n, "name")));
    }

    /**
     * Looks a person up by SNILS (any formatting; 11 digits required).
     *
     * @throws DnevnikException PERMANENT if several different persons match
     */
    public Optional<DnevnikPerson> findPersonBySnils(String snils) {
        String digits = snils == null ? "" : snils.replaceAll("\\D", "");
        if (digits.length() != 11) {
            throw new IllegalArgumentException("SNILS must have 11 digits");
        }
        JsonNode found;
        String path = personSearchPath;
        try {
            found = call("GET", path + "?snils=" + digits, null);
        } catch (DnevnikException e) {
            if (e.httpStatus() != 404 || !path.equals("persons/search")) {
                throw e;
            }
            personSearchPath = path = "person/search";
            log.info("Dnevnik: persons/search answered 404, using {} from now on", path);
            found = call("GET", path + "?snils=" + digits, null);
        }
        List<DnevnikPerson> candidates = new ArrayList<>();
        for (JsonNode n : found) {
            String returned = textOf(n, "snils");
            String returnedDigits = returned == null ? null : returned.replaceAll("\\D", "");
            if (returnedDigits != null && !returnedDigits.equals(digits)) {
                continue; // the server ignored or widened the filter
            }
            candidates.add(new DnevnikPerson(longOf(n, "id"), returnedDigits, textOf(n, "lastName"),
                    textOf(n, "firstName")));
        }
        if (candidates.size() > 1) {
            throw new DnevnikException(Kind.PERMANENT, 200, null,
                    "Dnevnik GET " + path + ": " + candidates.size() + " persons match one SNILS", null);
        }
        return candidates.stream().findFirst();
    }

    // ------------------------------------------------------------------ lessons and works

    public List<DnevnikLesson> lessons(long groupId, LocalDate from, LocalDate to) {
        return list(call("GET", "edu-groups/" + groupId + "/lessons/" + from + "/" + to, null), this::lesson);
    }

    public DnevnikLesson createLesson(long groupId, long subjectId, LocalDate date, int number, String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("group", groupId);
        body.put("subject", subjectId);
        body.put("date", date.toString());
        body.put("number", number);
        body.put("title", title);
        return lesson(call("POST", "lessons", body));
    }

    public List<DnevnikWork> works(long lessonId) {
        return list(call("GET", "lessons/" + lessonId + "/works", null), this::work);
    }

    public DnevnikWork createWork(long lessonId, long groupId, long subjectId, String type, String text,
                                  String markType, LocalDate targetDate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lesson", lessonId);
        body.put("eduGroup", groupId);
        body.put("subjectId", subjectId);
        body.put("type", type);
        body.put("text", text);
        body.put("markType", markType);
        body.put("targetDate", targetDate == null ? null : targetDate.toString());
        return work(call("POST", "works", body));
    }

    // ------------------------------------------------------------------ marks

    public List<DnevnikMark> marks(long workId) {
        return list(call("GET", "works/" + workId + "/marks", null), this::mark);
    }

    public DnevnikMark createMark(long personId, long workId, String value, String mood, LocalDate date) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", value);
        body.put("mood", mood == null ? "NotSet" : mood);
        body.put("date", date == null ? null : date.toString());
        return mark(call("POST", "persons/" + personId + "/works/" + workId + "/mark", body));
    }

    public DnevnikMark updateMark(long markId, String value, String mood) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", value);
        body.put("mood", mood == null ? "NotSet" : mood);
        return mark(call("PUT", "marks/" + markId, body));
    }

    public void deleteMark(long markId) {
        call("DELETE", "marks/" + markId, null);
    }

    // ------------------------------------------------------------------ attendance

    public List<DnevnikLogEntry> logEntries(long lessonId) {
        return list(call("GET", "lessons/" + lessonId + "/log-entries", null), n -> new DnevnikLogEntry(
                longOf(n, "person"), longOf(n, "lesson"), textOf(n, "status"), textOf(n, "comment")));
    }

    public void createLogEntry(long lessonId, long personId, String status, String comment) {
        call("POST", "lessons/" + lessonId + "/log-entries", logEntryBody(lessonId, personId, status, comment));
    }

    public void updateLogEntry(long lessonId, long personId, String status, String comment) {
        call("PUT", "lessons/" + lessonId + "/log-entries", logEntryBody(lessonId, personId, status, comment));
    }

    public void deleteLogEntry(long lessonId, long personId) {
        call("DELETE", "lessons/" + lessonId + "/log-entries?person=" + personId, null);
    }

    private static Map<String, Object> logEntryBody(long lessonId, long personId, String status, String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("person", personId);
        body.put("lesson", lessonId);
        body.put("status", status);
        body.put("comment", comment);
        return body;
    }

    @Override
    public void close() {
        closed = true;
        token = null;
    }

    // ------------------------------------------------------------------ transport

    private JsonNode call(String method, String pathAndQuery, Object body) {
        if (closed) {
            throw new IllegalStateException("DnevnikClient is closed");
        }
        String path = withoutQuery(pathAndQuery);
        boolean reloggedIn = false;
        boolean waitedForRateLimit = false;
        while (true) {
            String accessToken = accessToken();
            HttpResponse<String> response = exchange(method, pathAndQuery, body, accessToken);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(method, path, response);
            }
            if ((status == 401 || status == 403) && !reloggedIn) {
                log.info("Dnevnik {} {} answered {}; logging in again", method, path, status);
                invalidate(accessToken);
                reloggedIn = true;
                continue;
            }
            if (status == 429 && !waitedForRateLimit) {
                Duration wait = retryAfter(response);
                log.warn("Dnevnik {} {} answered 429; waiting {} ms", method, path, wait.toMillis());
                sleep(wait, method, path);
                waitedForRateLimit = true;
                continue;
            }
            throw error(method, path, response);
        }
    }

    private String accessToken() {
        Token t = token;
        if (t != null && Instant.now().isBefore(t.refreshAt())) {
            return t.value();
        }
        synchronized (loginLock) {
            t = token;
            if (t == null || !Instant.now().isBefore(t.refreshAt())) {
                t = login();
                token = t;
            }
            return t.value();
        }
    }

    private void invalidate(String used) {
        synchronized (loginLock) {
            Token t = token;
            // another thread may already have replaced the token; keep its fresh one
            if (t != null && t.value().equals(used)) {
                token = null;
            }
        }
    }

    private Token login() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", settings.clientId());
        body.put("client_secret", settings.clientSecret());
        body.put("username", settings.username());
        body.put("password", settings.password());
        body.put("scope", settings.scope());
        String path = "authorizations/bycredentials";
        HttpResponse<String> response = exchange("POST", path, body, null);
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            DnevnikException e = error("POST", path, response);
            if (e.kind() == Kind.PERMANENT && "authorizationFailed".equals(e.errorType())) {
                throw new DnevnikException(Kind.AUTH, status, e.errorType(), e.getMessage(), null);
            }
            throw e;
        }
        JsonNode answer = parse("POST", path, response);
        String value = textOf(answer, "accessToken");
        if (value == null || value.isBlank()) {
            throw new DnevnikException(Kind.AUTH, status, null, "Dnevnik POST " + path + ": no accessToken in answer",
                    null);
        }
        long expiresIn = answer.path("expiresIn").asLong(3600);
        // refresh a little early so that a token does not expire in flight
        long margin = Math.min(60, expiresIn / 10);
        log.info("Dnevnik: logged in, token valid for {} s", expiresIn);
        return new Token(value, Instant.now().plusSeconds(Math.max(0, expiresIn - margin)));
    }

    private HttpResponse<String> exchange(String method, String pathAndQuery, Object body, String accessToken) {
        String path = withoutQuery(pathAndQuery);
        HttpRequest.Builder b = HttpRequest.newBuilder(settings.baseUrl().resolve(pathAndQuery))
                .timeout(settings.timeout())
                .header("Accept", "application/json");
        if (accessToken != null) {
            b.header("Access-Token", accessToken);
        }
        if (body != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
            b.method(method, HttpRequest.BodyPublishers.ofString(toJson(body), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        acquirePermit(method, path);
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(b.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            log.debug("Dnevnik {} {} -> {} in {} ms", method, path, response.statusCode(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return response;
        } catch (HttpTimeoutException e) {
            throw new DnevnikException(Kind.RETRYABLE, 0, null,
                    "Dnevnik " + method + " " + path + ": timed out after " + settings.timeout(), e);
        } catch (IOException e) {
            throw new DnevnikException(Kind.RETRYABLE, 0, null,
                    "Dnevnik " + method + " " + path + ": I/O failure: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnevnikException(Kind.RETRYABLE, 0, null, "Dnevnik " + method + " " + path + ": interrupted", e);
        }
    }

    private void acquirePermit(String method, String path) {
        long waitNanos;
        synchronized (throttleLock) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextPermitNanos);
            nextPermitNanos = slot + permitIntervalNanos;
            waitNanos = slot - now;
        }
        if (waitNanos > 0) {
            sleep(Duration.ofNanos(waitNanos), method, path);
        }
        try {
            gate.beforeRequest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnevnikException(Kind.RETRYABLE, 0, null, "Dnevnik " + method + " " + path + ": interrupted", e);
        }
    }

    private static void sleep(Duration d, String method, String path) {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnevnikException(Kind.RETRYABLE, 0, null, "Dnevnik " + method + " " + path + ": interrupted", e);
        }
    }

    static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return DEFAULT_RETRY_AFTER;
        }
        String v = header.get().trim();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException notSeconds) {
            try {
                d = Duration.between(Instant.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notDate) {
                d = DEFAULT_RETRY_AFTER;
            }
        }
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    private DnevnikException error(String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        String errorType = null;
        String description = null;
        String raw = response.body() == null ? "" : response.body().trim();
        if (raw.startsWith("{")) {
            try {
                JsonNode n = json.readTree(raw);
                errorType = textOf(n, "type");
                description = textOf(n, "description");
                if (description == null) {
                    description = textOf(n, "message");
                }
            } catch (JsonProcessingException ignored) {
                // fall through to the raw text
            }
        } else if (raw.startsWith("<")) {
            description = htmlErrorDescription(raw);
        }
        if (description == null && !raw.isEmpty() && !raw.startsWith("<")) {
            description = raw.length() > 200 ? raw.substring(0, 200) + "…" : raw;
        }
        Kind kind;
        if (status == 401 || status == 403) {
            kind = Kind.AUTH;
        } else if (status == 429) {
            kind = Kind.RATE_LIMITED;
        } else if (status >= 500 || status == 408) {
            kind = Kind.RETRYABLE;
        } else {
            kind = Kind.PERMANENT;
        }
        String message = "Dnevnik " + method + " " + path + ": HTTP " + status
                + (errorType == null ? "" : " " + errorType)
                + (description == null ? "" : ": " + description);
        log.warn("Dnevnik {} {} failed: HTTP {} {} ({})", method, path, status, errorType == null ? "" : errorType, kind);
        return new DnevnikException(kind, status, errorType, message, null);
    }

    /** Text of {@code <div class="error__description"><p>…</p>} in an HTML error page, or null. */
    static String htmlErrorDescription(String html) {
        Matcher m = HTML_ERROR.matcher(html);
        if (!m.find()) {
            return null;
        }
        String text = m.group(1).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? null : text;
    }

    private JsonNode parse(String method, String path, HttpResponse<String> response) {
        String raw = response.body();
        if (raw == null || raw.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new DnevnikException(Kind.RETRYABLE, response.statusCode(), null,
                    "Dnevnik " + method + " " + path + ": answer is not JSON", e);
        }
    }

    private String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    private static String withoutQuery(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    // ------------------------------------------------------------------ JSON → DTO

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> mapper) {
        if (!array.isArray()) {
            throw new DnevnikException(Kind.PERMANENT, 200, null, "Dnevnik: expected a JSON array", null);
        }
        List<T> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(mapper.apply(n)));
        return List.copyOf(out);
    }

    private DnevnikLesson lesson(JsonNode n) {
        return new DnevnikLesson(longOf(n, "id"), refId(n, "group", "eduGroup"), refId(n, "subject", "subjectId"),
                dateOf(n, "date"), n.path("number").asInt(), textOf(n, "title"));
    }

    private DnevnikWork work(JsonNode n) {
        return new DnevnikWork(longOf(n, "id"), refId(n, "lesson", "lessonId"), textOf(n, "type"), textOf(n, "text"));
    }

    private DnevnikMark mark(JsonNode n) {
        return new DnevnikMark(longOf(n, "id"), refId(n, "person", "personId"), refId(n, "work", "workId"),
                textOf(n, "value"), textOf(n, "mood"));
    }

    /** An id that may come as a number, as {@code field_str}, as an object with {@code id}, or under another name. */
    private static long refId(JsonNode n, String field, String alternative) {
        JsonNode v = n.get(field);
        if (v != null && v.isObject()) {
            return longOf(v, "id");
        }
        if ((v == null || v.isNull()) && !n.has(field + "_str") && n.has(alternative)) {
            return longOf(n, alternative);
        }
        return longOf(n, field);
    }

    private static long longOf(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v != null && v.isIntegralNumber()) {
            return v.asLong();
        }
        JsonNode s = n.get(field + "_str");
        String text = s != null && s.isTextual() ? s.asText() : v != null && v.isTextual() ? v.asText() : null;
        if (text != null) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new DnevnikException(Kind.PERMANENT, 200, null, "Dnevnik: answer lacks a numeric '" + field + "'", null);
    }

    private static String textOf(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    private static LocalDate dateOf(JsonNode n, String field) {
        String v = textOf(n, field);
        if (v == null || v.length() < 10) {
            throw new DnevnikException(Kind.PERMANENT, 200, null, "Dnevnik: answer lacks a date '" + field + "'", null);
        }
        return LocalDate.parse(v.substring(0, 10));
    }
}
