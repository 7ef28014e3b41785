package ru.diarybridge.app.ops;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ru.diarybridge.connector.asurso.AsursoException;
import ru.diarybridge.connector.dnevnik.DnevnikClient;
import ru.diarybridge.connector.dnevnik.DnevnikException;
import ru.diarybridge.connector.eljur.EljurException;
import ru.diarybridge.model.JournalSource;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.routes.school.JournalSources;
import ru.diarybridge.routes.school.SchoolRegistry;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * «Проверить подключение»: tries every endpoint a school's configuration names and says, in words a school IT
 * specialist understands, what failed. {@link #check} logs in (source account, Dnevnik.ru token) and touches the
 * folders; {@link #reachability} only asks whether the servers answer at all and is what health uses, so that
 * health polling never logs in (АСУ РСО blocks an account after failed logins).
 */
public class ConnectionCheck {

    /** One endpoint's verdict. {@code target} is an address or a folder, never a secret. */
    public record Endpoint(String name, String title, String target, boolean ok, String message) {
    }

    public record Report(String schoolId, boolean ok, List<Endpoint> endpoints, Instant checkedAt) {
    }

    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(5);

    private final SchoolRegistry schools;
    private final JournalSources sources;

    public ConnectionCheck(SchoolRegistry schools, JournalSources sources) {
        this.schools = schools;
        this.sources = sources;
    }

    /** Empty when no school file has this id. */
    public Optional<Report> check(String schoolId) {
        return run(schoolId, true);
    }

    public Optional<Report> reachability(String schoolId) {
        return run(schoolId, false);
    }

    private Optional<Report> run(String schoolId, boolean full) {
        Optional<SchoolSettings> school = schools.school(schoolId);
        Optional<SchoolRegistry.Misconfigured> bad = schools.misconfigured(schoolId);
        if (school.isEmpty() && bad.isEmpty()) {
            return Optional.empty();
        }
        List<Endpoint> out = new ArrayList<>();
        bad.ifPresent(m -> out.add(new Endpoint("config", "Файл настроек", String.valueOf(m.file()), false,
                "Файл с ошибками" + (school.isPresent() ? " (работает прежняя исправная настройка)" : "") + ": "
                        + String.join("; ", m.problems()))));
        school.ifPresent(s -> {
            if (s.sourceSystem() == SourceSystem.ASIOU) {
                out.add(folder("inbox", "Папка входящих выгрузок АСИОУ", s.asiou().inbox()));
                if (full) {
                    out.add(folder("archive", "Папка архива выгрузок", s.asiou().archive()));
                    out.add(folder("quarantine", "Папка карантина", s.asiou().quarantine()));
                }
            } else {
                out.add(full ? source(s) : reach("source", sourceTitle(s), sourceUrl(s), sourceName(s),
                        sourceTimeout(s)));
            }
            if (s.deliversToDnevnik()) {
                out.add(full ? dnevnik(s) : reach("dnevnik", "Дневник.ру", s.dnevnik().baseUrl(), "Дневник.ру",
                        s.dnevnik().timeout()));
            }
        });
        return Optional.of(new Report(schoolId, out.stream().allMatch(Endpoint::ok), out, Instant.now()));
    }

    private Endpoint source(SchoolSettings s) {
        String title = sourceTitle(s);
        URI url = sourceUrl(s);
        String name = sourceName(s);
        long seconds = sourceTimeout(s).toSeconds();
        try (JournalSource src = sources.open(s)) {
            JournalSource.SourceInfo info = src.probe();
            int classes = src.classes().size();
            return new Endpoint("source", title, url.toString(), true, "Вход выполнен: " + info.product()
                    + " версии " + info.version() + ", классов: " + classes);
        } catch (AsursoException e) {
            return new Endpoint("source", title, url.toString(), false, switch (e.reason()) {
                case LOGIN_REFUSED -> e.httpStatus() == 409
                        ? "Неверный логин или пароль АСУ РСО (проверьте source.login и source.password)"
                        : "Учётная запись не подходит: " + e.getMessage();
                case THROTTLED -> "АСУ РСО временно не пускает эту учётную запись после неудачных входов"
                        + (e.retryAfter() == null ? "" : ": повторите после " + e.retryAfter());
                case ESIA_ONLY -> "Сервер АСУ РСО пускает только через Госуслуги: попросите администратора "
                        + "региона разрешить вход по логину и паролю для учётной записи интеграции";
                case UNAVAILABLE -> transport(name, url, seconds, e.httpStatus(), e);
                case SESSION_LOST -> "АСУ РСО сразу теряет сеанс после входа: повторите позже";
                case BAD_RESPONSE -> "По адресу " + url + " отвечает не АСУ РСО или адрес неверен (ответ не "
                        + "разобрать, код " + e.httpStatus() + ")";
            });
        } catch (EljurException e) {
            return new Endpoint("source", title, url.toString(), false, switch (e.reason()) {
                case AUTH_REFUSED -> "Неверный логин или пароль ЭлЖур (проверьте source.login и source.password)";
                case DEVKEY_REFUSED -> "ЭлЖур не принял ключ разработчика или поддомен школы (проверьте "
                        + "source.devkey и source.vendor)";
                case UNAVAILABLE -> transport(name, url, seconds, e.state(), e);
                case TOKEN_EXPIRED -> "ЭлЖур сразу отзывает выданный токен: повторите позже";
                case BAD_RESPONSE -> "По адресу " + url + " отвечает не API ЭлЖур или адрес неверен (нужен адрес "
                        + "с путём, например https://api.eljur.ru/apiv3)";
            });
        } catch (RuntimeException e) {
            return new Endpoint("source", title, url.toString(), false, transport(name, url, seconds, 0, e));
        }
    }

    private Endpoint dnevnik(SchoolSettings s) {
        URI url = s.dnevnik().baseUrl();
        long seconds = s.dnevnik().timeout().toSeconds();
        try (DnevnikClient client = new DnevnikClient(s.dnevnik())) {
            int groups = client.eduGroups(s.dnevnikSchoolId()).size();
            return new Endpoint("dnevnik", "Дневник.ру", url.toString(), true,
                    "Вход выполнен, школа " + s.dnevnikSchoolId() + " найдена, классов: " + groups);
        } catch (DnevnikException e) {
            String why = switch (e.kind()) {
                case AUTH -> "Дневник.ру не принял учётные данные (проверьте targets.dnevnik.client-id, "
                        + "client-secret, username и password)";
                case PERMANENT -> e.httpStatus() == 404 || e.httpStatus() == 403
                        ? "Школа " + s.dnevnikSchoolId() + " не найдена в Дневник.ру или у учётной записи нет к ней "
                        + "доступа (проверьте targets.dnevnik.school-id)"
                        : "Дневник.ру отклонил запрос (код " + e.httpStatus() + "): проверьте адрес "
                        + "targets.dnevnik.base-url";
                case RATE_LIMITED -> "Дневник.ру ограничивает частоту запросов: повторите позже";
                case RETRYABLE -> transport("Дневник.ру", url, seconds, e.httpStatus(), e);
            };
            return new Endpoint("dnevnik", "Дневник.ру", url.toString(), false, why);
        } catch (RuntimeException e) {
            return new Endpoint("dnevnik", "Дневник.ру", url.toString(), false,
                    transport("Дневник.ру", url, seconds, 0, e));
        }
    }

    /** The server answers HTTP at all; 5xx counts as down. No login. */
    private Endpoint reach(String name, String title, URI url, String who, Duration timeout) {
        Duration t = timeout.compareTo(REACH_TIMEOUT) < 0 ? timeout : REACH_TIMEOUT;
        HttpClient http = HttpClient.newBuilder().connectTimeout(t).build();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(t).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() >= 500) {
                return new Endpoint(name, title, url.toString(), false, "Сервер " + who + " отвечает ошибкой "
                        + r.statusCode() + ": он перегружен или на обслуживании");
            }
            return new Endpoint(name, title, url.toString(), true, "Сервер отвечает");
        } catch (IOException | RuntimeException e) {
            return new Endpoint(name, title, url.toString(), false, transport(who, url, t.toSeconds(), 0, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Endpoint(name, title, url.toString(), false, "Проверка прервана");
        }
    }

    static Endpoint folder(String name, String title, Path path) {
        String where = path.toAbsolutePath().toString();
        if (!Files.exists(path)) {
            return new Endpoint(name, title, where, false, "Папка не существует");
        }
        if (!Files.isDirectory(path)) {
            return new Endpoint(name, title, where, false, "Это не папка, а файл");
        }
        try {
            Path probe = Files.createTempFile(path, ".diary-bridge-check", ".tmp");
            Files.delete(probe);
            return new Endpoint(name, title, where, true, "Папка есть, запись разрешена");
        } catch (IOException | RuntimeException e) {
            return new Endpoint(name, title, where, false, "В папку нельзя записать: нет прав у пользователя, "
                    + "под которым работает diary-bridge");
        }
    }

    /** Timeouts, refused connections, unknown hosts and 5xx, in the words of the person who fixes them. */
    static String transport(String who, URI url, long timeoutSeconds, int status, Throwable e) {
        if (status >= 500) {
            return "Сервер " + who + " отвечает ошибкой " + status + ": он перегружен или на обслуживании, "
                    + "повторите позже";
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return "Сервер " + who + " не отвечает за " + timeoutSeconds + " с: не удалось соединиться с "
                        + url.getHost();
            }
            if (c instanceof HttpTimeoutException) {
                return "Сервер не отвечает за " + timeoutSeconds + " с (" + who + ", " + url.getHost() + ")";
            }
            if (c instanceof ConnectException) {
                return "Сервер " + who + " недоступен: по адресу " + url.getHost()
                        + (url.getPort() > 0 ? ":" + url.getPort() : "") + " никто не принимает соединения "
                        + "(сервер выключен, адрес неверен или мешает сетевой экран)";
            }
            if (c instanceof UnknownHostException) {
                return "Адрес " + url.getHost() + " не найден: проверьте имя сервера в настройках";
            }
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("timed out") || m.contains("Таймаут")) {
            return "Сервер не отвечает за " + timeoutSeconds + " с (" + who + ", " + url.getHost() + ")";
        }
        return "Сервер " + who + " недоступен: " + m;
    }

    private static String sourceTitle(SchoolSettings s) {
        return s.sourceSystem() == SourceSystem.ASURSO ? "АСУ РСО" : "ЭлЖур";
    }

    private static String sourceName(SchoolSettings s) {
        return sourceTitle(s);
    }

    private static URI sourceUrl(SchoolSettings s) {
        return s.sourceSystem() == SourceSystem.ASURSO ? s.asurso().baseUrl() : s.eljur().baseUrl();
    }

    private static Duration sourceTimeout(SchoolSettings s) {
        return s.sourceSystem() == SourceSystem.ASURSO ? s.asurso().timeout() : s.eljur().timeout();
    }
}
