package ru.diarybridge.routes.archive;

import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;
import ru.diarybridge.connector.smev.sign.SigningKey;

/**
 * The optional detached signature of a run's manifest (issue 6, regulations flow 4 «authenticity»): CMS (PKCS#7)
 * SignedData without the content, DER, GOST R 34.10-2012 with GOST R 34.11-2012 — the algorithm of the SMEV signer's
 * key — and the signer's certificate inside, so that it can be checked with any CMS tool
 * ({@code openssl cms -verify -binary -inform DER -content manifest.json -in manifest.json.sig -noverify}).
 */
public final class ManifestSignature {

    /** The file of the signature: beside the manifest. */
    public static final String SUFFIX = ".sig";

    private ManifestSignature() {
    }

    /** Signs a school's manifest; the key is the school's (the SMEV keystore, or the archive's own). */
    @FunctionalInterface
    public interface Signer {
        byte[] sign(String schoolId, byte[] manifest);
    }

    private static Provider provider() {
        Provider p = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (p == null) {
            Security.addProvider(new BouncyCastleProvider());
            p = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        }
        return p;
    }

    /** A signer taking each school's key from {@code keys} at signing time (a renewed key is used at once). */
    public static Signer signer(Function<String, SigningKey> keys) {
        return (schoolId, manifest) -> sign(keys.apply(schoolId), manifest);
    }

    public static byte[] sign(SigningKey key, byte[] content) {
        try {
            Provider bc = provider();
            String algorithm = bits(key) > 256 ? "GOST3411-2012-512WITHECGOST3410-2012-512"
                    : "GOST3411-2012-256WITHECGOST3410-2012-256";
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(bc).build())
                    .build(new JcaContentSignerBuilder(algorithm).setProvider(bc).build(key.privateKey()),
                            key.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            return generator.generate(new CMSProcessableByteArray(content), false).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the manifest: " + e.getMessage(), e);
        }
    }

    private static int bits(SigningKey key) {
        return key.privateKey() instanceof ECKey ec ? ec.getParams().getCurve().getField().getFieldSize() : 256;
    }

    /**
     * Checks a detached signature over {@code content}: every signer's signature with the certificate carried in the
     * signature. Empty when it holds; otherwise the reason, in Russian. The certificate's chain of trust is not
     * checked here (a test certificate is self-signed; a qualified one is checked by the recipient's tools).
     */
    public static Optional<String> verify(byte[] content, byte[] signature) {
        try {
            Provider bc = provider();
            CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(content), signature);
            Store<X509CertificateHolder> certificates = signed.getCertificates();
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.isEmpty()) {
                return Optional.of("в подписи нет ни одного подписанта");
            }
            for (SignerInformation signer : signers) {
                @SuppressWarnings("unchecked")
                Collection<X509CertificateHolder> match = certificates.getMatches(signer.getSID());
                if (match.isEmpty()) {
                    return Optional.of("в подписи нет сертификата подписанта");
                }
                X509Certificate cert = new JcaX509CertificateConverter().setProvider(bc)
                        .getCertificate(match.iterator().next());
                if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(bc).build(cert))) {
                    return Optional.of("подпись не соответствует содержимому манифеста (сертификат "
                            + cert.getSubjectX500Principal().getName() + ")");
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Optional.of("подпись не соответствует содержимому манифеста или повреждена: " + reason);
        }
    }
}
