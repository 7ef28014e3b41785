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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NetSchool session (facts §1.2–1.3, §1.11): the salted login, the {@code at} header, one re-login on 401 (or on
 * the HTML page an expired session sometimes answers), the SecurityWarning interstitial, the role choice, retries of
 * 5xx with a short backoff, a request-rate cap, an idle keep-alive, login back-off after a 409 throttle, and logout on
 * close by the path the server's version has. Calls are serialised: one live session per login.
 */
final class NetSchoolSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetSchoolSession.class);
    private static final int ATTEMPTS = 3;
    private static final Pattern NOT_BEFORE = Pattern.compile("не ранее чем\\s+(?:(\\d{1,2})\\.(\\d{1,2})\\.(\\d{2,4})\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
    private static final Duration DEFAULT_BACKOFF = Duration.ofMinutes(5);
    /** Logins refused with a throttle, by server and login: shared by every session of the process. */
    private static final Map<String, Instant> THROTTLED_UNTIL = new ConcurrentHashMap<>();

    private final AsursoSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final long minIntervalNanos;
    private final ScheduledExecutorService keepAlive;
    private long nextCallAt;
    private Instant lastCall = Instant.now();
    private String at;
    private String ver;
    private String version;
    private int requests;

    NetSchoolSession(AsursoSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .cookieHandler(new CookieManager()).build();
        this.minIntervalNanos = 1_000_000_000L / settings.maxRequestsPerSecond();
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "asurso-keepalive-" + settings.schoolId());
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, settings.keepAlive().toMillis() / 2);
        keepAlive.scheduleWithFixedDelay(this::keepAlive, period, period, TimeUnit.MILLISECONDS);
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

    synchronized int requestCount() {
        return requests;
    }

    synchronized String version() {
        return version;
    }

    /** {@code logindata} (JSON, no auth) and {@code sysInfo} (plain text): product and version. */
    synchronized JsonNode probe() {
        JsonNode loginData = parse("/webapi/logindata", send(request("/webapi/logindata").GET().build(),
                "/webapi/logindata"));
        version = loginData.path("version").asText(null);
        HttpResponse<String> sysInfo = send(request("/webapi/sysInfo").GET().build(), "/webapi/sysInfo");
        if (sysInfo.statusCode() == 200) {
            Matcher m = Pattern.compile("Версия системы:\\s*(\\S+)").matcher(sysInfo.body());
            if (m.find()) {
                version = m.group(1);
            }
        }
        return loginData;
    }

    /** True for servers from 5.29, which log out with {@code POST /webapi/auth/logout} (facts §1.3). */
    static boolean hasWebApiLogout(String version) {
        if (version == null) {
            return true;
        }
        String[] parts = version.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 5 || major == 5 && minor >= 29;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private String throttleKey() {
        return settings.baseUrl() + "|" + settings.scid() + "|" + settings.login();
    }

    synchronized void login() {
        Instant until = THROTTLED_UNTIL.get(throttleKey());
        if (until != null && Instant.now().isBefore(until)) {
            throw new AsursoException(AsursoException.Reason.THROTTLED, 409, "АСУ РСО ограничила вход учётной записи "
                    + "школы " + settings.schoolId() + " до " + until + "; вход не повторяется раньше")
                    .retryAfter(until);
        }
        if (version == null) {
            JsonNode loginData = probe();
            if (loginData.path("esiaMainAuth").asBoolean(false)) {
                throw new AsursoException(AsursoException.Reason.ESIA_ONLY, 200,
                        "Сервер АСУ РСО " + settings.baseUrl() + " принимает только вход через Госуслуги");
            }
        }
        JsonNode ok = loginOnce(null);
        String entryPoint = ok.path("entryPoint").asText("");
        if (entryPoint.contains("choose-session-role")) {
            String role = chooseRole(ok.path("accountInfo").path("userRoles"));
            LOG.info("АСУ РСО school {} asks for a role; logging in again with role id {}", settings.schoolId(), role);
            at = ok.path("at").asText(null);
            logout();
            ok = loginOnce(role);
        }
        at = ok.path("at").asText(null);
        if (at == null || at.isBlank()) {
            throw new AsursoException(AsursoException.Reason.BAD_RESPONSE, 200, "АСУ РСО: в ответе на вход нет at");
        }
        LOG.info("Logged in to АСУ РСО school {} (scid {}, server {})", settings.schoolId(), settings.scid(), version);
    }

    private String chooseRole(JsonNode userRoles) {
        String fallback = null;
        for (JsonNode r : userRoles) {
            String id = r.path("role").path("id").asText();
            String name = r.path("role").path("name").asText("");
            if (settings.role() != null && settings.role().equalsIgnoreCase(name)) {
                return id;
            }
            if (fallback == null && !name.equalsIgnoreCase("Родитель") && !name.equalsIgnoreCase("Ученик")) {
                fallback = id;
            }
        }
        if (settings.role() != null || fallback == null) {
            throw new AsursoException(AsursoException.Reason.LOGIN_REFUSED, 200, "АСУ РСО: у учётной записи школы "
                    + settings.schoolId() + " нет роли " + (settings.role() == null ? "сотрудника" : "«" + settings.role() + "»"));
        }
        return fallback;
    }

    private JsonNode loginOnce(String roleGroup) {
        JsonNode data = parse("/webapi/auth/getdata", send(request("/webapi/auth/getdata")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), "/webapi/auth/getdata"));
        String pw2 = pw2(data.path("salt").asText(), settings.passwordMd5());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("LoginType", "1");
        form.put("scid", Integer.toString(settings.scid()));
        form.put("UN", settings.login());
        form.put("PW", pw2.substring(0, Math.min(settings.passwordLength(), pw2.length())));
        form.put("pw2", pw2);
        form.put("lt", data.path("lt").asText());
        form.put("ver", data.path("ver").asText());
        if (roleGroup != null) {
            form.put("rolegroup", roleGroup);
        }
        ver = data.path("ver").asText();
        HttpResponse<String> response = send(request("/webapi/login")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Referer", settings.baseUrl() + "/")
                .header("X-Requested-With", "XMLHttpRequest")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build(), "/webapi/login");
        if (response.statusCode() == 409) {
            String message = readMessage(response.body());
            Instant notBefore = notBefore(message);
            if (notBefore != null) {
                THROTTLED_UNTIL.put(throttleKey(), notBefore);
                throw new AsursoException(AsursoException.Reason.THROTTLED, 409, "АСУ РСО ограничила вход (школа "
                        + settings.schoolId() + "): " + message).retryAfter(notBefore);
            }
            throw new AsursoException(AsursoException.Reason.LOGIN_REFUSED, 409,
                    "АСУ РСО отказала во входе (школа " + settings.schoolId() + ", scid " + settings.scid() + "): "
                            + message);
        }
        if (response.statusCode() != 200) {
            throw new AsursoException(AsursoException.Reason.BAD_RESPONSE, response.statusCode(),
                    "АСУ РСО: вход вернул HTTP " + response.statusCode());
        }
        return parse("/webapi/login", response);
    }

    /** «Следующая попытка может быть совершена не ранее чем 12:34[:56]» (server-local time), else 5 min. */
    Instant notBefore(String message) {
        if (message == null || !message.contains("не ранее")) {
            return null;
        }
        Matcher m = NOT_BEFORE.matcher(message);
        if (!m.find()) {
            return Instant.now().plus(DEFAULT_BACKOFF);
        }
        LocalDate day = LocalDate.now(settings.zone());
        if (m.group(1) != null) {
            int year = Integer.parseInt(m.group(3));
            day = LocalDate.of(year < 100 ? 2000 + year : year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
        }
        LocalTime time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        Instant when = LocalDateTime.of(day, time).atZone(settings.zone()).toInstant();
        return when.isBefore(Instant.now()) && m.group(1) == null ? when.plus(Duration.ofDays(1)) : when;
    }

    /**
     * An authenticated GET of a list. Anything but a JSON array (null, an object, a number) is a broken answer and
     * refused: read as "no lessons" or "no marks", it would delete from the diary what the families see.
     */
    JsonNode list(String pathAndQuery) {
        return shaped(pathAndQuery, JsonNode::isArray, "не список");
    }

    /** An authenticated GET of one object (a journal page); anything else is refused, as for {@link #list}. */
    JsonNode object(String pathAndQuery) {
        return shaped(pathAndQuery, JsonNode::isObject, "не объект");
    }

    private JsonNode shaped(String pathAndQuery, java.util.function.Predicate<JsonNode> shape, String otherwise) {
        JsonNode answer = get(pathAndQuery);
        if (!shape.test(answer)) {
            throw new AsursoException(AsursoException.Reason.BAD_RESPONSE, 200, "АСУ РСО: ответ на " + pathAndQuery
                    + " — " + otherwise + " (" + answer.getNodeType() + "), ответ не принят");
        }
        return answer;
    }

    /** An authenticated GET; logs in first if needed. */
    synchronized JsonNode get(String pathAndQuery) {
        if (at == null) {
            login();
        }
        boolean reloggedIn = false;
        boolean warned = false;
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
            boolean html = status == 200 && looksLikeHtml(response);
            if (html && response.body().contains("SecurityWarning.asp") && !warned) {
                // another session of this login was alive: confirm and replay (facts §1.3)
                warned = true;
                LOG.info("АСУ РСО school {}: security warning interstitial, confirming", settings.schoolId());
                send(request("/asp/SecurityWarning.asp").header("at", at)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(formBody(Map.of("at", at, "WarnType", "2"))))
                        .build(), "/asp/SecurityWarning.asp");
                continue;
            }
            if (status == 401 || html) {
                if (reloggedIn) {
                    throw new AsursoException(html ? AsursoException.Reason.BAD_RESPONSE : AsursoException.Reason.SESSION_LOST,
                            status, "АСУ РСО: " + (html ? "вместо данных пришла HTML-страница" : "сессия потеряна сразу после входа")
                            + " на " + pathAndQuery);
                }
                LOG.info("АСУ РСО session of school {} expired ({}), logging in again", settings.schoolId(),
                        html ? "HTML page" : "401");
                reloggedIn = true;
                logout(); // the old session may still be alive behind the HTML: never keep two
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

    private static boolean looksLikeHtml(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        String body = response.body().stripLeading();
        return type.contains("text/html") || body.startsWith("<");
    }

    private synchronized void keepAlive() {
        if (at == null || Duration.between(lastCall, Instant.now()).compareTo(settings.keepAlive()) < 0) {
            return;
        }
        try {
            send(request("/webapi/context").header("at", at).GET().build(), "/webapi/context");
        } catch (RuntimeException e) {
            LOG.debug("keep-alive of school {} failed: {}", settings.schoolId(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        keepAlive.shutdownNow();
        logout();
    }

    private void logout() {
        if (at == null) {
            return;
        }
        try {
            HttpResponse<String> r = hasWebApiLogout(version)
                    ? send(request("/webapi/auth/logout").header("at", at)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), "/webapi/auth/logout")
                    : send(request("/asp/logout.asp").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(formBody(Map.of("at", at, "ver", ver == null ? "" : ver))))
                    .build(), "/asp/logout.asp");
            if (r.statusCode() >= 400 && r.statusCode() != 401) {
                LOG.warn("АСУ РСО logout of school {} answered HTTP {}", settings.schoolId(), r.statusCode());
            }
        } catch (RuntimeException e) {
            LOG.warn("АСУ РСО logout of school {} failed: {}", settings.schoolId(), e.getMessage());
        } finally {
            at = null;
        }
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl().toString().replaceAll("/+$", "") + pathAndQuery))
                .timeout(settings.timeout()).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        throttle();
        requests++;
        lastCall = Instant.now();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AsursoException(AsursoException.Reason.UNAVAILABLE, 0, "АСУ РСО недоступна (" + what + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsursoException(AsursoException.Reason.UNAVAILABLE, 0, "прервано: " + what, e);
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

    private JsonNode parse(String what, HttpResponse<String> response) {
        if (response.statusCode() >= 500) {
            throw new AsursoException(AsursoException.Reason.UNAVAILABLE, response.statusCode(),
                    "АСУ РСО недоступна: HTTP " + response.statusCode() + " на " + what);
        }
        if (response.body() == null || response.body().isBlank()) {
            throw new AsursoException(AsursoException.Reason.BAD_RESPONSE, response.statusCode(),
                    "АСУ РСО: пустой ответ на " + what);
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new AsursoException(AsursoException.Reason.BAD_RESPONSE, response.statusCode(),
                    "АСУ РСО: ответ на " + what + " не разобрать как JSON", e);
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
