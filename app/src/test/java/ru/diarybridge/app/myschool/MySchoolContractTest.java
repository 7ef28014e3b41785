package ru.diarybridge.app.myschool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The «Моя школа» contract over real HTTP against the running application: tokens from the real token endpoint, and
 * every error answer checked against the JSON Schema of the documented OperationOutcome shape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MySchoolContractTest {

    static final String CLIENT = "myschool-test";
    static final String SECRET = "s3cret-" + UUID.randomUUID();
    static final byte[] KEY = new byte[32];
    static final Path LINKS;

    static {
        new SecureRandom().nextBytes(KEY);
        try {
            LINKS = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "esia-links-");
            Files.writeString(LINKS.resolve("school.csv"), """
                    esia_id;snils
                    1000000001;112-233-445 95
                    1000000002;12345
                    not an id;11223344595
                    1000000003;asurso:demo-107:student-1
                    """);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String db = "jdbc:h2:mem:myschool-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        registry.add("spring.datasource.url", () -> db);
        String artemisDir = "target/artemis-" + UUID.randomUUID();
        registry.add("spring.artemis.embedded.data-directory", () -> artemisDir);
        // absolute: in a web context a relative "../" path would be read as a servlet resource
        String schools = Path.of("../config/demo/schools").toAbsolutePath().normalize().toString();
        registry.add("diary-bridge.schools-dir", () -> schools);
        registry.add("diary-bridge.sync-on-start", () -> "false");
        registry.add("diary-bridge.schedule-enabled", () -> "false");
        registry.add("diary-bridge.myschool.enabled", () -> "true");
        String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode(SECRET);
        registry.add("diary-bridge.myschool.clients[0].id", () -> CLIENT);
        registry.add("diary-bridge.myschool.clients[0].secret-hash", () -> hash);
        registry.add("diary-bridge.myschool.token-signing-key", () -> Base64.getEncoder().encodeToString(KEY));
        registry.add("diary-bridge.myschool.max-window-days", () -> "21");
        registry.add("diary-bridge.myschool.esia-links-dir", LINKS::toString);
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonSchema OUTCOME = schema("operation-outcome.schema.json");
    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    EsiaLinks links;

    static JsonSchema schema(String name) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = MySchoolContractTest.class.getResourceAsStream("/myschool/" + name)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> tokenCall(String form, String basic) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (basic != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return send(b);
    }

    String token() throws Exception {
        HttpResponse<String> r = tokenCall("grant_type=client_credentials&client_id=" + CLIENT + "&client_secret="
                + URLEncoder.encode(SECRET, StandardCharsets.UTF_8), null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        return body.path("access_token").asText();
    }

    HttpResponse<String> schedule(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    /** The answer is a valid OperationOutcome with this status and issue code. */
    static void assertOutcome(HttpResponse<String> r, int status, String code) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(OUTCOME.validate(body)).as(r.body()).isEmpty();
        assertThat(body.path("issue").get(0).path("code").asText()).as(r.body()).isEqualTo(code);
    }

    static String mint(byte[] key, Instant expires, String subject) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(TokenService.ISSUER).audience(TokenService.AUDIENCE)
                .subject(subject).issueTime(Date.from(expires.minusSeconds(3600))).expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    @Test
    void theTokenEndpointIssuesTokensOnlyForTheRightSecret() throws Exception {
        assertThat(token()).isNotBlank();
        // HTTP Basic client authentication (RFC 6749 §2.3.1) works too
        assertThat(tokenCall("grant_type=client_credentials", CLIENT + ":" + SECRET).statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = tokenCall("grant_type=client_credentials&client_id=" + CLIENT
                + "&client_secret=wrong", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("invalid_client");
        assertThat(wrong.body()).doesNotContain(SECRET);
        assertThat(tokenCall("grant_type=client_credentials&client_id=nobody&client_secret=" + SECRET, null)
                .statusCode()).isEqualTo(401);
        HttpResponse<String> password = tokenCall("grant_type=password&client_id=" + CLIENT, null);
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(password.body()).path("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void withoutAValidTokenTheAnswerIs401WithAnOperationOutcome() throws Exception {
        assertOutcome(schedule("/Schedule/1000000001", null), 401, "login");
        assertOutcome(schedule("/Schedule/1000000001", "not-a-jwt"), 401, "security");
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        assertOutcome(schedule("/Schedule/1000000001", mint(otherKey, Instant.now().plusSeconds(600), CLIENT)),
                401, "security");
        // signed right but for a client that is not configured
        assertOutcome(schedule("/Schedule/1000000001", mint(KEY, Instant.now().plusSeconds(600), "gone")),
                401, "security");
        HttpResponse<String> expired = schedule("/Schedule/1000000001",
                mint(KEY, Instant.now().minusSeconds(1), CLIENT));
        assertOutcome(expired, 401, "expired");
        assertThat(expired.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
    }

    @Test
    void anUnknownEsiaIdIsNotFound() throws Exception {
        assertOutcome(schedule("/Schedule/999999?start=2026-11-16&end=2026-11-22", token()), 404, "not-found");
        // the bad lines of the mapping file were skipped: their ЕСИА ids are unknown
        assertOutcome(schedule("/Schedule/1000000002", token()), 404, "not-found");
    }

    @Test
    void badDatesAreStructureOrInvalid() throws Exception {
        String t = token();
        assertOutcome(schedule("/Schedule/1000000001?start=2026-13-01&end=2026-13-07", t), 400, "structure");
        assertOutcome(schedule("/Schedule/1000000001?start=16.11.2026&end=2026-11-22", t), 400, "structure");
        // start and end go together
        assertOutcome(schedule("/Schedule/1000000001?start=2026-11-16", t), 400, "invalid");
        assertOutcome(schedule("/Schedule/1000000001?start=2026-11-22&end=2026-11-16", t), 400, "invalid");
        // longer than max-window-days (21)
        assertOutcome(schedule("/Schedule/1000000001?start=2026-11-01&end=2026-11-30", t), 400, "invalid");
    }

    @Test
    void theMappingFileIsLoadedLineByLine() throws Exception {
        assertThat(links.find("1000000001")).get().satisfies(l -> assertThat(l.snils()).isEqualTo("11223344595"));
        assertThat(links.find("1000000003")).get()
                .satisfies(l -> assertThat(l.personKey().asString()).isEqualTo("asurso:demo-107:student-1"));
        EsiaLinks.LoadResult again = links.loadFile(LINKS.resolve("school.csv"));
        assertThat(again.loaded()).isEqualTo(2);
        assertThat(again.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("school.csv:3:").contains("СНИЛС").doesNotContain("12345"))
                .anySatisfy(p -> assertThat(p).startsWith("school.csv:4:").contains("esia_id"));
    }

    @Test
    void everythingElseIsOpenAsBefore() throws Exception {
        HttpResponse<String> health = schedule("/actuator/health", null);
        assertThat(health.statusCode()).isIn(200, 503);
        assertThat(health.body()).contains("\"status\"");
    }
}
