package ru.diarybridge.connector.eljur;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.connector.eljur.EljurException.Reason;

/**
 * One ЭлЖур client: {@code auth} for a token (facts §3.1), the token cached until shortly before its
 * {@code expires}, one fresh {@code auth} on a token error, retries of 5xx and timeouts with backoff, a request-rate
 * cap, and the envelope check ({@code response.state ≠ 200} is an error even under HTTP 200).
 */
final class EljurSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EljurSession.class);
    private static final int ATTEMPTS = 3;
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final EljurSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final long minIntervalNanos;
    private final String base;
    private long nextCallAt;
    private String token;
    private Instant tokenExpires;
    private int requests;
    private int auths;

    EljurSession(EljurSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.minIntervalNanos = 1_000_000_000L / settings.maxRequestsPerSecond();
        this.base = settings.baseUrl().toString().replaceAll("/+$", "");
    }

    int requestCount() {
        return requests;
    }

    int authCount() {
        return auths;
    }

    /** POST {@code auth}: credentials go in the body, so they are not in any access log's URL. */
    synchronized void auth() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("login", settings.login());
        form.put("password", settings.password());
        form.put("vendor", settings.vendor());
        form.put("devkey", settings.devkey());
        form.put("out_format", "json");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/auth")).timeout(settings.timeout())
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build();
        JsonNode result = withRetries("auth", () -> unwrap("auth", send(request, "auth"), true));
        String t = result.path("token").asText(null);
        if (t == null || t.isBlank()) {
            throw new EljurException(Reason.BAD_RESPONSE, "auth", 200, "ЭлЖур: в ответе метода auth нет токена");
        }
        token = t;
        tokenExpires = parseExpires(result.path("expires").asText(null));
        auths++;
        LOG.info("Authorised at ЭлЖур for school {} (vendor {})", settings.schoolId(), settings.vendor());
    }

    private Instant parseExpires(String text) {
        try {
            return LocalDateTime.parse(text, EXPIRES).atZone(settings.zone()).toInstant();
        } catch (RuntimeException e) {
            // without a readable expiry the token is used until the server refuses it
            return Instant.MAX;
        }
    }

    /** A data call: {@code GET <base>/<method>?devkey&vendor&out_format=json&auth_token&params}; returns result. */
    synchronized JsonNode get(String method, Map<String, String> params) {
        boolean reauthed = false;
        while (true) {
            if (token == null || Instant.now().plusSeconds(60).isAfter(tokenExpires)) {
                auth();
                reauthed = true;
            }
            try {
                return withRetries(method, () -> unwrap(method, send(dataRequest(method, params), method), false));
            } catch (EljurException e) {
                if (e.reason() == Reason.TOKEN_EXPIRED && !reauthed) {
                    LOG.info("ЭлЖур token of school {} refused, authorising again", settings.schoolId());
                    token = null;
                    continue;
                }
                throw e;
            }
        }
    }

    private HttpRequest dataRequest(String method, Map<String, String> params) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("devkey", settings.devkey());
        query.put("vendor", settings.vendor());
        query.put("out_format", "json");
        query.put("auth_token", token);
        query.putAll(params);
        return HttpRequest.newBuilder(URI.create(base + "/" + method + "?" + encode(query)))
                .timeout(settings.timeout()).header("Accept", "application/json").GET().build();
    }

    private interface Call {
        JsonNode run();
    }

    private JsonNode withRetries(String method, Call call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (EljurException e) {
                if (e.reason() == Reason.UNAVAILABLE && attempt < ATTEMPTS) {
                    LOG.info("ЭлЖур {} unavailable for school {} (attempt {}), retrying", method,
                            settings.schoolId(), attempt);
                    backoff(attempt);
                    continue;
                }
                throw e;
            }
        }
    }

    /** Checks HTTP status, encoding, body type and envelope; returns {@code response.result}, an object. */
    private JsonNode unwrap(String method, HttpResponse<byte[]> response, boolean isAuth) {
        int status = response.statusCode();
        if (status >= 500) {
            throw new EljurException(Reason.UNAVAILABLE, method, status,
                    "ЭлЖур недоступен: HTTP " + status + " на методе " + method);
        }
        String body = utf8(method, status, response.body());
        String trimmed = body.stripLeading();
        if (trimmed.startsWith("<")) {
            throw new EljurException(Reason.BAD_RESPONSE, method, status,
                    "ЭлЖур: метод " + method + " вернул HTML-страницу вместо JSON (HTTP " + status + ")");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new EljurException(Reason.BAD_RESPONSE, method, status,
                    "ЭлЖур: ответ метода " + method + " не удалось разобрать как JSON (ответ оборван или повреждён)", e);
        }
        JsonNode envelope = root == null ? null : root.get("response");
        if (envelope == null || !envelope.isObject() || !envelope.has("state")) {
            throw new EljurException(Reason.BAD_RESPONSE, method, status,
                    "ЭлЖур: в ответе метода " + method + " нет конверта response.state (HTTP " + status + ")");
        }
        int state = envelope.path("state").asInt(0);
        String error = envelope.path("error").isNull() ? "" : envelope.path("error").asText("");
        if (state == 200 && status < 400) {
            JsonNode result = envelope.path("result");
            if (result.isObject()) {
                return result;
            }
            if (result.isArray() && result.isEmpty()) {
                return json.createObjectNode(); // PHP writes an empty result as []
            }
            // read as empty, a missing or odd result would look like a class without pupils or lessons
            throw new EljurException(Reason.BAD_RESPONSE, method, status,
                    "ЭлЖур: в ответе метода " + method + " нет объекта result (" + kind(result) + ")");
        }
        String lower = error.toLowerCase();
        if (lower.contains("разработчик")) {
            throw new EljurException(Reason.DEVKEY_REFUSED, method, state, "ЭлЖур не принял ключ разработчика (devkey) "
                    + "для школы «" + settings.vendor() + "» на методе " + method + ": " + error);
        }
        if (isAuth && (state == 401 || state == 403)) {
            throw new EljurException(Reason.AUTH_REFUSED, method, state,
                    "ЭлЖур отказал во входе учётной записи «" + settings.login() + "»: " + error);
        }
        if (!isAuth && (state == 401 || lower.contains("токен"))) {
            throw new EljurException(Reason.TOKEN_EXPIRED, method, state,
                    "ЭлЖур не принял токен на методе " + method + ": " + error);
        }
        if (state >= 500) {
            throw new EljurException(Reason.UNAVAILABLE, method, state,
                    "ЭлЖур недоступен: метод " + method + " вернул state " + state + ": " + error);
        }
        throw new EljurException(Reason.BAD_RESPONSE, method, state,
                "ЭлЖур: метод " + method + " вернул ошибку (state " + state + "): " + error);
    }

    /**
     * The body as UTF-8. Bytes that are not UTF-8 (a cp1251 answer, binary junk) refuse the answer: decoded leniently
     * they would reach the diary as «�» in names, subjects and topics.
     */
    private static String utf8(String method, int status, byte[] body) {
        if (body == null) {
            return "";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text; // the fast decoder replaced nothing; only a «�» needs the strict one to tell
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new EljurException(Reason.BAD_RESPONSE, method, status,
                    "ЭлЖур: ответ метода " + method + " не в кодировке UTF-8 (HTTP " + status + ")");
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case MISSING -> "его нет";
            case NULL -> "он null";
            case ARRAY -> "вместо него массив";
            case STRING -> "вместо него строка";
            case NUMBER -> "вместо него число";
            case BOOLEAN -> "вместо него логическое значение";
            default -> "вместо него " + node.getNodeType();
        };
    }

    private HttpResponse<byte[]> send(HttpRequest request, String method) {
        throttle();
        requests++;
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // the exception text may hold the URL with the token: only its type is kept
            throw new EljurException(Reason.UNAVAILABLE, method, 0,
                    "ЭлЖур недоступен (метод " + method + "): " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EljurException(Reason.UNAVAILABLE, method, 0, "прервано: метод " + method);
        }
    }

    private void throttle() {
        long now = System.nanoTime();
        long wait = nextCallAt - now;
        nextCallAt = Math.max(now, nextCallAt) + minIntervalNanos;
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** ЭлЖур has no logout in the facts; the token is only forgotten. */
    @Override
    public synchronized void close() {
        token = null;
        tokenExpires = null;
    }
}
