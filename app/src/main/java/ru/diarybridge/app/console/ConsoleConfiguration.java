package ru.diarybridge.app.console;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import ru.diarybridge.app.DiaryBridgeProperties;
import ru.diarybridge.app.SyncLauncher;
import ru.diarybridge.routes.school.JournalSources;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.sync.HoldPolicy;
import ru.diarybridge.routes.sync.SyncRunRepository;
import ru.diarybridge.routes.sync.SyncWindow;
import ru.diarybridge.routes.sync.TargetRecordRepository;

/**
 * The operator console: its security chain (only /console/** and /api/console/**; other endpoints keep their own
 * chains or none), its users, and its services.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {

    /** Console pages and API: form login (Russian page), CSRF on, a session; the JSON API answers 401, not a redirect. */
    @Bean
    @Order(20)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/console/**", "/api/console/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/login", "/console/console.css").permitAll()
                        .anyRequest().hasAnyRole(ConsoleRole.REGIONAL_OPERATOR.name(), ConsoleRole.SCHOOL_IT.name(),
                                ConsoleRole.AUDITOR.name()))
                .formLogin(f -> f.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .defaultSuccessUrl("/console", true).failureUrl("/console/login?error").permitAll())
                .logout(l -> l.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        PathPatternRequestMatcher.withDefaults().matcher("/api/console/**")))
                .headers(h -> h.frameOptions(f -> f.deny()));
        return http.build();
    }

    /**
     * Operations tools — Hawtio, Jolokia (it can run JMX operations) and the ops API (connection checks, configuration
     * problems) — are for the regional operator only: HTTP Basic, or the session of a console login.
     */
    @Bean
    @Order(21)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain operationsSecurity(HttpSecurity http) throws Exception {
        // matched on the raw request path: Hawtio's pages are served by its own handler mapping, which a Spring MVC
        // pattern matcher does not see, and an anonymous request then passed this chain by
        http.securityMatcher(request -> {
                    String path = request.getRequestURI().substring(request.getContextPath().length());
                    return path.startsWith("/actuator/hawtio") || path.startsWith("/actuator/jolokia")
                            || path.startsWith("/api/ops/");
                })
                .authorizeHttpRequests(a -> a.anyRequest().hasRole(ConsoleRole.REGIONAL_OPERATOR.name()))
                .httpBasic(org.springframework.security.config.Customizer.withDefaults())
                .csrf(c -> c.ignoringRequestMatchers("/actuator/jolokia/**", "/api/ops/**"))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        return http.build();
    }

    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder() {
        // {bcrypt} by default; the prefix keeps old hashes readable when the default changes
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    ConsoleUsers consoleUsers(JdbcTemplate jdbc, PasswordEncoder encoder) {
        return new ConsoleUsers(jdbc, encoder);
    }

    @Bean
    AuditLog auditLog(JdbcTemplate jdbc) {
        return new AuditLog(jdbc);
    }

    @Bean
    SchoolPauseStore schoolPauseStore(JdbcTemplate jdbc) {
        return new SchoolPauseStore(jdbc);
    }

    @Bean
    HoldPolicy holdPolicy(JdbcTemplate jdbc, ConsoleProperties props) {
        return new HoldPolicy(jdbc, props.holdMaxChangeShare(), props.holdMinRecords());
    }

    /** The oldest live change per school still owed to Dnevnik.ru, from the delivery outbox. */
    @Bean
    FamilyLagProvider familyLagProvider(ru.diarybridge.routes.sync.Outbox outbox) {
        return () -> {
            java.time.Instant now = java.time.Instant.now();
            java.util.Map<String, java.time.Instant> out = new java.util.HashMap<>();
            outbox.familyLag(ru.diarybridge.routes.dnevnik.DnevnikDelivery.TARGET)
                    .forEach((school, lag) -> out.put(school, now.minus(lag)));
            return out;
        };
    }

    @Bean
    RegionService regionService(JdbcTemplate jdbc, SchoolDirectory schools, FamilyLagProvider familyLag,
                                ConsoleProperties props) {
        return new RegionService(jdbc, schools, familyLag, props.laggingAfter(), Clock.systemUTC());
    }

    @Bean
    SchoolService schoolService(JdbcTemplate jdbc) {
        return new SchoolService(jdbc);
    }

    @Bean
    DryRun dryRun(SchoolDirectory schools, SyncRunRepository runs, TargetRecordRepository records,
                  DiaryBridgeProperties props, HoldPolicy holds) {
        return new DryRun(schools, new JournalSources(), runs, records,
                new SyncWindow(Clock.systemDefaultZone(), props.fixedDate()), holds);
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService consoleExecutor() {
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "console-sync");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    ConsoleService consoleService(SchoolDirectory schools, RegionService region, SchoolService school,
                                  SyncLauncher launcher, DryRun dryRun, SchoolPauseStore pauses, HoldPolicy holds,
                                  AuditLog audit, ExecutorService consoleExecutor,
                                  ru.diarybridge.routes.dnevnik.DeadLetters deadLetters,
                                  ru.diarybridge.routes.control.FindingRepository findings,
                                  ru.diarybridge.routes.control.ReportArchive reports,
                                  ru.diarybridge.routes.archive.ArchiveRepository archive,
                                  org.springframework.beans.factory.ObjectProvider<
                                          ru.diarybridge.routes.archive.ArchiveService> archiveService,
                                  org.apache.camel.ProducerTemplate camel) {
        return new ConsoleService(schools, region, school, launcher, dryRun, pauses, holds, audit, consoleExecutor,
                deadLetters, findings, reports, archive)
                .withArchive(archiveService.getIfAvailable(), headers ->
                        camel.sendBodyAndHeaders(ru.diarybridge.routes.ArchiveRoute.ENDPOINT, null, headers));
    }

    @Bean
    ConsoleEvents consoleEvents(ConsoleUsers users, ConsoleProperties props, SchoolDirectory schools, AuditLog audit) {
        return new ConsoleEvents(users, props, schools, audit);
    }

    /** Seeds the configured users at start and writes logins (and failed logins) to the audit log. */
    public static class ConsoleEvents {
        private final AuditLog audit;

        ConsoleEvents(ConsoleUsers users, ConsoleProperties props, SchoolDirectory schools, AuditLog audit) {
            this.audit = audit;
            users.seed(props.users(), schools);
        }

        @EventListener
        public void loggedIn(AuthenticationSuccessEvent e) {
            if (e.getAuthentication().getPrincipal() instanceof ConsoleUser u) {
                audit.record(u.username(), u.role(), "LOGIN", u.schoolId(), null, "OK");
            }
        }

        @EventListener
        public void loginFailed(AbstractAuthenticationFailureEvent e) {
            audit.record(String.valueOf(e.getAuthentication().getName()), null, "LOGIN", null,
                    e.getException().getClass().getSimpleName(), "FAILED");
        }
    }
}
