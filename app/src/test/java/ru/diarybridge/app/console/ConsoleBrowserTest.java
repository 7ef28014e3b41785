package ru.diarybridge.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.diarybridge.app.SyncLauncher;
import ru.diarybridge.routes.sync.SyncRun;
import ru.diarybridge.routes.sync.SyncRunRepository;

/**
 * The console in a real headless Chromium (Debian's chromium and chromedriver; `.ci/run` installs them): an operator
 * logs in, sees the demo schools after a sync, filters, opens a school, syncs it and sees the run appear; the IT
 * specialist of another school is refused that school.
 */
class ConsoleBrowserTest extends ConsoleTestSupport {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @LocalServerPort
    int port;
    @Autowired
    SyncLauncher launcher;
    @Autowired
    JdbcTemplate jdbc;

    WebDriver browser;
    Path profile;

    @BeforeEach
    void startBrowser() throws Exception {
        // a missing browser is a failure, never a skip
        assertThat(new File(CHROMIUM).canExecute())
                .as("Chromium is missing at " + CHROMIUM + ": apt-get install chromium (.ci/run does)").isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute())
                .as("chromedriver is missing at " + CHROMEDRIVER + ": apt-get install chromium-driver (.ci/run does)")
                .isTrue();
        profile = Files.createTempDirectory("console-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=ru");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void login(String username, String password) {
        browser.get(url("/console/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("whoami")).size() == 1);
    }

    List<WebElement> schoolRows() {
        return browser.findElements(By.cssSelector("#schools tbody tr"));
    }

    void awaitNoRunGoing() {
        org.awaitility.Awaitility.await("no sync still going").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM sync_run WHERE status IN ('READING','DELIVERING')",
                        Integer.class) == 0);
    }

    @Test
    void operatorSeesFiltersAndSyncsASchool() {
        awaitNoRunGoing();
        SyncRun first = launcher.await(launcher.start(OWN, "test").orElseThrow(), Duration.ofMinutes(5));
        assertThat(first.status()).isEqualTo(SyncRunRepository.Status.COMPLETED);

        login("operator", "operator");
        assertThat(browser.getTitle()).contains("Регион");
        assertThat(schoolRows()).extracting(r -> r.getAttribute("data-school"))
                .contains(OWN, OTHER, "demo-asiou-31");
        WebElement own = browser.findElement(By.cssSelector("#schools tr[data-school='" + OWN + "']"));
        assertThat(own.getText()).contains("в норме").contains(String.valueOf(first.recordsRead()));

        browser.findElement(By.id("filter-q")).sendKeys("eljur");
        browser.findElement(By.id("filter-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> schoolRows().size() == 1);
        assertThat(schoolRows().get(0).getAttribute("data-school")).isEqualTo(OTHER);

        browser.findElement(By.id("filter-q")).clear();
        browser.findElement(By.id("filter-q")).sendKeys("107");
        browser.findElement(By.id("filter-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> schoolRows().size() == 1
                && OWN.equals(schoolRows().get(0).getAttribute("data-school")));
        browser.findElement(By.linkText(OWN)).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("sync-now")).size() == 1);
        int runsBefore = browser.findElements(By.cssSelector("#runs tbody tr")).size();
        assertThat(runsBefore).isGreaterThanOrEqualTo(1);
        int consoleRunsBefore = browser.findElements(By.cssSelector("#runs tbody tr[data-trigger='console']")).size();

        awaitNoRunGoing();
        browser.findElement(By.id("sync-now")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("message")).size() == 1);
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("синхронизация запущена");
        new WebDriverWait(browser, Duration.ofMinutes(3)).pollingEvery(Duration.ofSeconds(1)).until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("#runs tbody tr[data-trigger='console']")).size()
                    == consoleRunsBefore + 1 && d.findElements(By.cssSelector("#runs tbody tr")).size() == runsBefore + 1;
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE username = 'operator' "
                + "AND action = 'SYNC_NOW' AND school_id = ? AND outcome = 'OK'", Integer.class, OWN)).isPositive();
    }

    @Test
    void schoolItOfAnotherSchoolIsRefused() {
        login("it-76", "it-76");
        assertThat(schoolRows()).extracting(r -> r.getAttribute("data-school")).containsExactly(OTHER);
        browser.get(url("/console/schools/" + OWN));
        assertThat(browser.findElement(By.id("forbidden")).getText()).isEqualTo("Доступ запрещён");
        assertThat(browser.getPageSource()).doesNotContain("sync-now");
        browser.get(url("/console/schools/" + OTHER));
        assertThat(browser.findElements(By.id("sync-now"))).hasSize(1);
    }

    @Test
    void aWrongPasswordIsRefusedInRussian() {
        browser.get(url("/console/login"));
        browser.findElement(By.id("username")).sendKeys("operator");
        browser.findElement(By.id("password")).sendKeys("не тот");
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("login-error")).size() == 1);
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Неверное имя пользователя или пароль");
    }
}
