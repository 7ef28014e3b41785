package ru.diarybridge.connector.smev.sign;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.spec.ECNamedCurveGenParameterSpec;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed GOST R 34.10-2012 (256, curve Tc26-Gost-3410-12-256-paramSetA) keys for tests, the simulator and
 * the demo. Not for production: SMEV needs a qualified certificate (facts §3.3 caveat).
 */
public final class GostKeyTool {

    private GostKeyTool() {
    }

    public static SigningKey selfSigned(String commonName) {
        return selfSigned(commonName, Duration.ofDays(365));
    }

    public static SigningKey selfSigned(String commonName, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("ECGOST3410-2012", GostXmlDsig.provider());
            generator.initialize(new ECNamedCurveGenParameterSpec("Tc26-Gost-3410-12-256-paramSetA"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + commonName + ", O=diary-bridge test");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)), name, pair.getPublic());
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(GostXmlDsig.provider())
                    .getCertificate(builder.build(new JcaContentSignerBuilder("GOST3411WITHECGOST3410-2012-256")
                            .setProvider(GostXmlDsig.provider()).build(pair.getPrivate())));
            return new SigningKey(pair.getPrivate(), cert);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a GOST key pair", e);
        }
    }

    /** Writes {@code key} as the only entry (alias {@code alias}) of a PKCS#12 file. */
    public static void writePkcs12(SigningKey key, Path file, String alias, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12", GostXmlDsig.provider());
            store.load(null, null);
            store.setKeyEntry(alias, key.privateKey(), password.toCharArray(), new java.security.cert.Certificate[] {key.certificate()});
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                store.store(out, password.toCharArray());
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write PKCS#12 " + file, e);
        }
    }
}
