package ru.diarybridge.app.myschool;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /oauth/token} (RFC 6749 §4.4): grant_type=client_credentials, the client authenticated by HTTP Basic
 * or by client_id/client_secret in the form. Answers and errors are RFC 6749's (§5.1, §5.2), not OperationOutcome:
 * OAuth2 client libraries parse those.
 */
@RestController
@ConditionalOnProperty(name = "diary-bridge.myschool.enabled", havingValue = "true")
public class TokenController {

    private static final Logger LOG = LoggerFactory.getLogger(TokenController.class);

    private final TokenService tokens;

    public TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    @PostMapping(path = "/oauth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> token(
            @RequestParam(name = "grant_type", required = false) String grantType,
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "client_secret", required = false) String clientSecret,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return error(HttpStatus.UNAUTHORIZED, "invalid_client", "malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return error(HttpStatus.UNAUTHORIZED, "invalid_client", "malformed Basic credentials");
            }
            clientId = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            clientSecret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        if (grantType == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is required");
        }
        if (!"client_credentials".equals(grantType)) {
            return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "only client_credentials is supported");
        }
        var issued = tokens.issue(clientId, clientSecret);
        if (issued.isEmpty()) {
            LOG.warn("«Моя школа»: отказ в токене клиенту {}", clientId == null ? "-" : clientId);
            return error(HttpStatus.UNAUTHORIZED, "invalid_client", "client authentication failed");
        }
        LOG.info("«Моя школа»: выдан токен клиенту {} на {} с", clientId, issued.get().expiresInSeconds());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.get().token());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.get().expiresInSeconds());
        body.put("scope", "schedule.read");
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache")
                .body(body);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status).cacheControl(CacheControl.noStore());
        if (status == HttpStatus.UNAUTHORIZED) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"diary-bridge\"");
        }
        return b.body(Map.of("error", error, "error_description", description));
    }
}
