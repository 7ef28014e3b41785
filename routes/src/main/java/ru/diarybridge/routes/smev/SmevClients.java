package ru.diarybridge.routes.smev;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import ru.diarybridge.connector.smev.SmevClient;
import ru.diarybridge.connector.smev.SmevClientSettings;
import ru.diarybridge.connector.smev.sign.GostXmlSignatureVerifier;
import ru.diarybridge.connector.smev.sign.GostXmlSigner;
import ru.diarybridge.connector.smev.sign.Pkcs12KeySource;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * One {@link SmevClient} per school, built on first use: the school's PKCS#12 (re-read when it changes) signs,
 * and SMEVSignature must be made by the configured SMEV certificate.
 */
public class SmevClients implements Function<SchoolSettings, SmevClient> {

    private final Map<String, SmevClient> clients = new ConcurrentHashMap<>();

    @Override
    public SmevClient apply(SchoolSettings school) {
        return clients.computeIfAbsent(school.schoolId(), id -> create(school.smev()));
    }

    private static SmevClient create(SmevSettings s) {
        X509Certificate smev = certificate(s);
        return new SmevClient(SmevClientSettings.of(s.endpoint()),
                new GostXmlSigner(new Pkcs12KeySource(s.keystore(), s.keystorePassword(), null)),
                new GostXmlSignatureVerifier(), smev::equals);
    }

    private static X509Certificate certificate(SmevSettings s) {
        try (InputStream in = Files.newInputStream(s.smevCertificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509",
                    org.bouncycastle.jce.provider.BouncyCastleProvider.PROVIDER_NAME).generateCertificate(in);
        } catch (Exception e) {
            throw new IllegalStateException("сертификат СМЭВ " + s.smevCertificate() + " не читается: "
                    + e.getMessage(), e);
        }
    }
}
