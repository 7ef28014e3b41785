package ru.diarybridge.routes.smev;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A school's SMEV 3 provider settings ({@code targets.smev} of the school YAML).
 *
 * @param mnemonic           the information system's mnemonic registered in SMEV (its queue)
 * @param keystore           PKCS#12 with the ЭП-ОВ key; re-read when the file changes
 * @param smevCertificate    the certificate (PEM or DER) SMEV signs with; SMEVSignature must be made by it
 * @param pollInterval       how often GetRequest is polled (default 5 s, facts §2.9)
 * @param testMessage        answers carry TestMessage (test environments)
 * @param contentNamespace   the namespace of the diary вид сведений (default {@code urn://diary-bridge.ru/smev/diary/1.0})
 */
public record SmevSettings(boolean enabled, String endpoint, String mnemonic, Path keystore, String keystorePassword,
                           Path smevCertificate, Duration pollInterval, boolean testMessage, String contentNamespace) {
    public SmevSettings {
        pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
        if (enabled) {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(mnemonic, "mnemonic");
        }
    }

    @Override
    public String toString() {
        return "SmevSettings[" + mnemonic + " @ " + endpoint + (testMessage ? ", test" : "") + "]";
    }
}
