package ru.diarybridge.app.myschool;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.support.TransactionTemplate;
import ru.diarybridge.app.DiaryBridgeProperties;
import ru.diarybridge.connector.myschool.OperationOutcome;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.store.JournalStore;

/**
 * The «Моя школа» endpoint ({@code diary-bridge.myschool.enabled=true}). Its security chain covers only
 * {@code /Schedule/**} and {@code /oauth/**}; every other path is left to the rest of the application as before.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "diary-bridge.myschool.enabled", havingValue = "true")
public class MySchoolConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MySchoolConfiguration.class);

    @Bean
    TokenService mySchoolTokens(MySchoolProperties props) {
        return new TokenService(props, Clock.systemUTC());
    }

    @Bean
    EsiaLinks esiaLinks(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new EsiaLinks(jdbc, tx);
    }

    @Bean
    ScheduleService scheduleService(ObjectProvider<JournalStore> store, EsiaLinks links, SchoolDirectory schools,
                                    JdbcTemplate jdbc, MySchoolProperties props, DiaryBridgeProperties bridge) {
        return new ScheduleService(store, links, schools, jdbc, props, bridge.fixedDate());
    }

    /** Loads the ЕСИА links at start; a bad line is logged with file and line and skipped. */
    @Bean
    ApplicationRunner esiaLinksLoader(EsiaLinks links, MySchoolProperties props) {
        return args -> {
            EsiaLinks.LoadResult result = links.loadDirectory(props.esiaLinksDir());
            LOG.info("«Моя школа»: связей ЕСИА загружено {}, строк с ошибками {}", result.loaded(),
                    result.problems().size());
        };
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain mySchoolSecurity(HttpSecurity http, TokenService tokens, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint entryPoint = (request, response, e) -> refuse(json, response, e);
        http.securityMatcher("/Schedule/**", "/oauth/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/oauth/token").permitAll()
                        .requestMatchers("/Schedule/**").authenticated()
                        .anyRequest().denyAll())
                .exceptionHandling(x -> x.authenticationEntryPoint(entryPoint))
                .oauth2ResourceServer(o -> o.jwt(j -> j.decoder(tokens.decoder())).authenticationEntryPoint(entryPoint));
        return http.build();
    }

    /** 401 with an OperationOutcome: no token → login, expired token → expired, any other bad token → security. */
    private static void refuse(ObjectMapper json, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        OperationOutcome outcome;
        String bearerError;
        if (e instanceof InsufficientAuthenticationException) {
            outcome = OperationOutcome.error(OperationOutcome.Code.LOGIN, "Нужен токен доступа: Authorization: Bearer");
            bearerError = null;
        } else if (expired(e)) {
            outcome = OperationOutcome.error(OperationOutcome.Code.EXPIRED, "Срок действия токена истёк");
            bearerError = "invalid_token";
        } else {
            outcome = OperationOutcome.error(OperationOutcome.Code.SECURITY, "Токен доступа не принят");
            bearerError = "invalid_token";
        }
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader("WWW-Authenticate",
                bearerError == null ? "Bearer realm=\"diary-bridge\"" : "Bearer error=\"" + bearerError + "\"");
        response.setContentType(ScheduleController.JSON);
        json.writeValue(response.getOutputStream(), outcome);
    }

    private static boolean expired(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JwtValidationException v) {
                for (OAuth2Error error : v.getErrors()) {
                    if (TokenService.EXPIRED.equals(error.getErrorCode())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
