package ru.diarybridge.app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every console endpoint (pages and JSON API) for every role, against the user's own school and another school:
 * allowed means answered (2xx or a redirect back to the page), forbidden means 403. Users come from the real
 * console_user table of the demo.
 */
class ConsoleAccessMatrixTest extends ConsoleTestSupport {

    /** SEE_FILE: a file that may not exist yet: allowed means anything but 401/403 (404 when not made yet). */
    enum Need { ANY, SEE, SEE_FILE, ACT, APPROVE, AUDIT }

    record Endpoint(String method, String path, Need need) {
        MockHttpServletRequestBuilder request(String school) {
            String p = path.replace("{school}", school);
            return "GET".equals(method) ? get(p) : post(p);
        }
    }

    static final String UNTIL = LocalDate.now().plusDays(7).toString();

    /** Every console endpoint; pause before resume so that no school stays paused. */
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/console", Need.ANY),
            new Endpoint("GET", "/console/audit", Need.AUDIT),
            new Endpoint("GET", "/console/schools/{school}", Need.SEE),
            new Endpoint("GET", "/console/schools/{school}/rejected.csv", Need.SEE),
            new Endpoint("POST", "/console/schools/{school}/sync", Need.ACT),
            new Endpoint("POST", "/console/schools/{school}/dry-run", Need.ACT),
            new Endpoint("POST", "/console/schools/{school}/pause?until=" + UNTIL + "&reason=каникулы", Need.ACT),
            new Endpoint("POST", "/console/schools/{school}/resume", Need.ACT),
            new Endpoint("POST", "/console/schools/{school}/approve-hold", Need.APPROVE),
            new Endpoint("POST", "/console/schools/{school}/dead-letters/replay", Need.ACT),
            new Endpoint("POST", "/console/schools/{school}/archive?period=nope", Need.ACT),
            new Endpoint("POST", "/console/schools/{school}/archive/verify", Need.ACT),
            new Endpoint("GET", "/api/console/me", Need.ANY),
            new Endpoint("GET", "/api/console/states", Need.ANY),
            new Endpoint("GET", "/api/console/schools", Need.ANY),
            new Endpoint("GET", "/api/console/openapi", Need.ANY),
            new Endpoint("GET", "/api/console/audit", Need.AUDIT),
            new Endpoint("GET", "/api/console/schools/{school}", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/runs", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/reconciliation", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/rejected", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/rejected.csv", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/events", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/holds", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/dead-letters", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/findings", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/reports", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/archive-runs", Need.SEE),
            new Endpoint("GET", "/api/console/schools/{school}/reports/0/pdf", Need.SEE_FILE),
            new Endpoint("GET", "/console/schools/{school}/reports/0/xlsx", Need.SEE_FILE),
            new Endpoint("POST", "/api/console/schools/{school}/dead-letters/replay?errorCode=parameterInvalid",
                    Need.ACT),
            new Endpoint("POST", "/api/console/schools/{school}/sync", Need.ACT),
            new Endpoint("POST", "/api/console/schools/{school}/dry-run", Need.ACT),
            new Endpoint("POST", "/api/console/schools/{school}/pause?until=" + UNTIL, Need.ACT),
            new Endpoint("POST", "/api/console/schools/{school}/resume", Need.ACT),
            new Endpoint("POST", "/api/console/schools/{school}/approve-hold", Need.APPROVE),
            new Endpoint("POST", "/api/console/schools/{school}/archive?period=nope", Need.ACT),
            new Endpoint("POST", "/api/console/schools/{school}/archive/verify", Need.ACT));

    @Autowired
    MockMvc mvc;
    @Autowired
    ConsoleUsers users;
    @Autowired
    JdbcTemplate jdbc;

    static boolean allowed(ConsoleRole role, Need need, boolean own) {
        return switch (need) {
            case ANY -> true;
            case SEE, SEE_FILE -> role != ConsoleRole.SCHOOL_IT || own;
            case ACT -> role == ConsoleRole.REGIONAL_OPERATOR || role == ConsoleRole.SCHOOL_IT && own;
            case APPROVE -> role == ConsoleRole.REGIONAL_OPERATOR;
            case AUDIT -> role != ConsoleRole.SCHOOL_IT;
        };
    }

    @Test
    void everyEndpointForEveryRoleOnOwnAndAnotherSchool() throws Exception {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (String username : List.of("operator", "auditor", "it-107")) {
            ConsoleUser u = users.loadUserByUsername(username);
            for (String school : List.of(OWN, OTHER)) {
                for (Endpoint e : ENDPOINTS) {
                    MockHttpServletRequestBuilder req = e.request(school).with(user(u));
                    if ("POST".equals(e.method())) {
                        req = req.with(csrf());
                    }
                    MvcResult r = mvc.perform(req).andReturn();
                    calls++;
                    int status = r.getResponse().getStatus();
                    boolean expect = allowed(u.role(), e.need(), school.equals(u.schoolId()) || u.schoolId() == null);
                    boolean ok = expect ? (e.need() == Need.SEE_FILE ? status != 401 && status != 403
                            : status >= 200 && status < 400) : status == 403;
                    if (!ok) {
                        wrong.add(username + " " + e.method() + " " + e.path() + " @" + school + ": " + status
                                + (expect ? " (должно быть разрешено)" : " (должно быть запрещено)"));
                    }
                }
            }
        }
        assertThat(wrong).as("role × endpoint mismatches").isEmpty();
        assertThat(calls).isEqualTo(3 * 2 * ENDPOINTS.size());
        // refused actions are in the audit log too, with the user and the school
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE username = 'auditor' AND outcome = 'DENIED' "
                + "AND action = 'SYNC_NOW'", Integer.class)).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE username = 'it-107' AND action = 'PAUSE' "
                + "AND school_id = ? AND outcome = 'OK'", Integer.class, OWN)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM school_pause", Integer.class)).isZero();
    }

    @Test
    void schoolItSeesOnlyItsOwnSchoolInTheRegion() throws Exception {
        String json = mvc.perform(get("/api/console/schools").with(user(users.loadUserByUsername("it-107"))))
                .andReturn().getResponse().getContentAsString();
        assertThat(json).contains("\"schoolId\":\"demo-107\"").doesNotContain("demo-eljur-76")
                .doesNotContain("demo-asiou-31");
        String all = mvc.perform(get("/api/console/schools").with(user(users.loadUserByUsername("auditor"))))
                .andReturn().getResponse().getContentAsString();
        assertThat(all).contains("demo-107", "demo-eljur-76", "demo-asiou-31");
    }

    @Test
    void anonymousIsSentToLoginAndTheApiAnswers401() throws Exception {
        for (Endpoint e : ENDPOINTS) {
            // a browser asks for HTML and is sent to the login page; the API answers 401
            MockHttpServletRequestBuilder req = e.request(OWN).accept(e.path().startsWith("/api/")
                    ? org.springframework.http.MediaType.APPLICATION_JSON : org.springframework.http.MediaType.TEXT_HTML);
            if ("POST".equals(e.method())) {
                req = req.with(csrf());
            }
            int status = mvc.perform(req).andReturn().getResponse().getStatus();
            if (e.path().startsWith("/api/")) {
                assertThat(status).as(e.path()).isEqualTo(401);
            } else {
                assertThat(status).as(e.path()).isEqualTo(302);
            }
        }
        // what the console does not cover keeps working without login
        assertThat(mvc.perform(get("/actuator/health")).andReturn().getResponse().getStatus()).isIn(200, 503);
    }

    @Test
    void anActionWithoutTheCsrfTokenIsRefused() throws Exception {
        ConsoleUser operator = users.loadUserByUsername("operator");
        assertThat(mvc.perform(post("/console/schools/" + OWN + "/resume").with(user(operator)))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(post("/api/console/schools/" + OWN + "/resume").with(user(operator)))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void loginChecksTheHashedPasswordAndIsAudited() throws Exception {
        String hash = jdbc.queryForObject("SELECT password_hash FROM console_user WHERE username = 'operator'",
                String.class);
        assertThat(hash).startsWith("{bcrypt}").doesNotContain("operator");
        MvcResult bad = mvc.perform(SecurityMockMvcRequestBuilders.formLogin("/console/login").user("operator")
                .password("неверный")).andReturn();
        assertThat(bad.getResponse().getRedirectedUrl()).isEqualTo("/console/login?error");
        MvcResult good = mvc.perform(SecurityMockMvcRequestBuilders.formLogin("/console/login").user("operator")
                .password("operator")).andReturn();
        assertThat(good.getResponse().getRedirectedUrl()).isEqualTo("/console");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'LOGIN' AND username = 'operator' "
                + "AND outcome = 'OK'", Integer.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'LOGIN' AND outcome = 'FAILED'",
                Integer.class)).isPositive();
    }
}
