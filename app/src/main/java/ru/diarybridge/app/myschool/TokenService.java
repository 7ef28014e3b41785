package ru.diarybridge.app.myschool;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * OAuth2 client credentials for «Моя школа»: checks a client's secret against its configured hash and issues a
 * bearer token, a JWT signed with HMAC-SHA256 that carries its client and its expiry. Nothing is stored: any
 * instance with the same key accepts the token; removing a client from the configuration revokes its tokens.
 */
public class TokenService {

    /** The issuer and audience written into and required of every token. */
    public static final String ISSUER = "diary-bridge";
    public static final String AUDIENCE = "myschool";
    /** Error code of the validator for a token past its expiry: the entry point answers «expired» for it. */
    public static final String EXPIRED = "token_expired";

    private final Map<String, MySchoolProperties.Client> clients;
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final SecretKey key;
    private final MySchoolProperties props;
    private final Clock clock;

    public record Issued(String token, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Issued[expiresIn=" + expiresInSeconds + "]";
        }
    }

    public TokenService(MySchoolProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
        this.clients = props.clients().stream()
                .collect(Collectors.toMap(MySchoolProperties.Client::id, Function.identity(), (a, b) -> b));
        byte[] secret;
        if (props.tokenSigningKey() == null || props.tokenSigningKey().isBlank()) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        } else {
            secret = Base64.getDecoder().decode(props.tokenSigningKey().strip());
            if (secret.length < 32) {
                throw new IllegalArgumentException(
                        "diary-bridge.myschool.token-signing-key: нужно не меньше 32 байт (base64), а их " + secret.length);
            }
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The token for a client whose secret matches its hash; empty for an unknown client or a wrong secret. */
    public Optional<Issued> issue(String clientId, String clientSecret) {
        MySchoolProperties.Client client = clientId == null ? null : clients.get(clientId);
        if (client == null || clientSecret == null || client.secretHash() == null
                || !passwords.matches(clientSecret, client.secretHash())) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant exp = now.plus(props.tokenLifetime());
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(clientId)
                .issueTime(Date.from(now)).expirationTime(Date.from(exp)).jwtID(UUID.randomUUID().toString())
                .claim("scope", "schedule.read").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing failed", e);
        }
        return Optional.of(new Issued(jwt.serialize(), props.tokenLifetime().toSeconds()));
    }

    /** Verifies signature, issuer, audience, expiry and that the client is still configured. */
    public JwtDecoder decoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(this::validate);
        return decoder;
    }

    private OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant exp = jwt.getExpiresAt();
        if (exp == null || !clock.instant().isBefore(exp)) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error(EXPIRED, "token expired", null));
        }
        List<String> aud = jwt.getAudience();
        if (!ISSUER.equals(jwt.getClaimAsString("iss")) || aud == null || !aud.contains(AUDIENCE)
                || !clients.containsKey(jwt.getSubject())) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token not accepted", null));
        }
        return OAuth2TokenValidatorResult.success();
    }
}
