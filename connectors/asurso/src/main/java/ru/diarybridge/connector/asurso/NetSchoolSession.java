package ru.diarybridge.connector.asurso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NetSchool session: the salted login (facts §1.2), the {@code at} header, re-login once on 401, retries of
 * 5xx with a short backoff, a request-rate cap, and logout on close (never two sessions per login, facts §1.3).
 */
final class NetSchoolSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetSchoolSession.class);
    private static final Charset CP1251 = Charset.forName("windows-1251");
    private static final int ATTEMPTS = 3;

    private final AsursoSettings settings;
    private final String passwordMd5;
    private final int passwordLength;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final long minIntervalNanos;
    private long nextCallAt;
    private String at;
    private String ver;
    private int requests;

    NetSchoolSession(AsursoSettings settings) {
        this.settings = settings;
        this.passwordMd5 = md5(settings.password().getBytes(CP1251));
        this.passwordLength = settings.password().length();
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .cookieHandler(new CookieManager()).build();
        this.minIntervalNanos = 1_000_000_000L / settings.maxRequestsPerSecond();
    }

    /** pw2 = md5(salt + md5(cp1251(password))), facts §1.2 step 4. */
    static String pw2(String salt, String passwordMd5) {
        return md5((salt + passwordMd5).getBytes(StandardCharsets.US_ASCII));
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    int requestCount() {
        return requests;
    }

    JsonNode getNoAuth(String path) {
        return parse(path, send(request(path).GET().build(), path));
    }

    String getText(String path) {
        return send(request(path).GET().build(), path).body();
    }

    synchronized void login() {
        HttpResponse<String> init = send(request("/webapi/logindata").GET().build(), "/webapi/logindata");
        JsonNode loginData = parse("/webapi/logindata", init);
        if (loginData.path("esiaMainAuth").asBoolean(false)) {
            throw new AsursoException(AsursoException.Reason.ESIA_ONLY, init.statusCode(),
                    "Сервер АСУ РСО " + settings.baseUrl() + " принимает только вход через Госуслуги");
        }
        JsonNode data = parse("/webapi/auth/getdata", send(request("/webapi/auth/getdata")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), "/webapi/auth/getdata"));
        String salt = data.path("salt").asText();
        String pw2 = pw2(salt, passwordMd5);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("LoginType", "1");
        form.put("scid", Integer.toString(settings.scid()));
        form.put("UN", settings.login());
        form.put("PW", pw2.substring(0, Math.min(passwordLength, pw2.length())));
        form.put("pw2", pw2);
        form.put("lt", data.path("lt").asText());
        form.put("ver", data.path("ver").asText());
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(request("/webapi/login")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Referer", settings.baseUrl() + "/")
                .header("X-Requested-With", "XMLHttpRequest")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), "/webapi/login");
        if (response.statusCode() == 409) {
            String message = readMessage(response.body());
            throw new AsursoException(AsursoException.Reason.LOGIN_REFUSED, 409,
                    "АСУ РСО отказала во входе (школа " + settings.schoolId() + ", scid " + settings.scid() + "): "
                            + message);
        }
        if (response.statusCode() != 200) {
            throw new AsursoException(AsursoException.Reason.BAD_RESPONSE, response.statusCode(),
                    "АСУ РСО: вход вернул HTTP " + response.statusCode());
        }
        JsonNode ok = parse("/webapi/login", response);
        at = ok.path("at").asText(null);
        ver = data.path("ver").asText();
        if (at == null || at.isBlank()) {
            throw new AsursoException(AsursoException.Reason.BAD_RESPONSE, 200, "АСУ РСО: в ответе на вход нет at");
        }
        LOG.info("Logged in to АСУ РСО school {} (scid {})", settings.schoolId(), settings.scid());
    }

    /** An authenticated GET; logs in first if needed. */
    JsonNode get(String pathAndQuery) {
        if (at == null) {
            login();
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = send(request(pathAndQuery).header("at", at).GET().build(), pathAndQuery);
            } catch (AsursoException e) {
                if (e.reason() == AsursoException.Reason.UNAVAILABLE && attempt < ATTEMPTS) {
                    backoff(attempt);
                    continue;
                }
                throw e;
            }
            int status = response.statusCode();
            if (status == 401) {
                if (attempt > 1) {
                    throw new AsursoException(AsursoException.Reason.SESSION_LOST, 401,
                            "АСУ РСО: сессия потеряна сразу после входа: " + pathAndQuery);
                }
                LOG.info("АСУ РСО session of school {} expired, logging in again", settings.schoolId());
                at = null;
                login();
                continue;
            }
            if (status >= 500 && attempt < ATTEMPTS) {
                backoff(attempt);
                continue;
            }
            if (status >= 500) {
                throw new AsursoException(AsursoException.Reason.UNAVAILABLE, status,
                        "АСУ РСО недоступна: HTTP " + status + " на " + pathAndQuery);
            }
            if (status != 200) {
                throw new AsursoException(AsursoException.Reason.BAD_RESPONSE, status,
                        "АСУ РСО: HTTP " + status + " на " + pathAndQuery + ": " + readMessage(response.body()));
            }
            return parse(pathAndQuery, response);
        }
    }

    @Override
    public synchronized void close() {
        if (at == null) {
            return;
        }
        try {
            HttpResponse<String> r = send(request("/webapi/auth/logout").header("at", at)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), "/webapi/auth/logout");
            if (r.statusCode() >= 400 && r.statusCode() != 401) {
                LOG.warn("АСУ РСО logout of school {} answered HTTP {}", settings.schoolId(), r.statusCode());
            }
        } catch (RuntimeException e) {
            LOG.warn("АСУ РСО logout of school {} failed: {}", settings.schoolId(), e.getMessage());
        } finally {
            at = null;
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl().toString().replaceAll("/+$", "") + pathAndQuery))
                .timeout(settings.timeout()).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        throttle();
        requests++;
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AsursoException(AsursoException.Reason.UNAVAILABLE, 0,
                    "АСУ РСО недоступна (" + what + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsursoException(AsursoException.Reason.UNAVAILABLE, 0, "прервано: " + what, e);
        }
    }

    private synchronized void throttle() {
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

    private JsonNode parse(String what, HttpResponse<String> response) {
        String body = response.body();
        if (response.statusCode() >= 500) {
            throw new AsursoException(AsursoException.Reason.UNAVAILABLE, response.statusCode(),
                    "АСУ РСО недоступна: HTTP " + response.statusCode() + " на " + what);
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            // an expired session sometimes answers an HTML page instead of JSON (facts §1.3)
            throw new AsursoException(AsursoException.Reason.BAD_RESPONSE, response.statusCode(),
                    "АСУ РСО: ответ на " + what + " не JSON", e);
        }
    }

    private String readMessage(String body) {
        try {
            return json.readTree(body).path("message").asText(body);
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
