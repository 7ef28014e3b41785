package ru.diarybridge.connector.smev.sign;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A private key and its certificate, as one unit: they are replaced together when the key store changes. */
public record SigningKey(PrivateKey privateKey, X509Certificate certificate) {
    @Override
    public String toString() {
        return "SigningKey[" + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16) + "]";
    }
}
