package ru.diarybridge.connector.smev.sign;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import org.apache.xml.security.algorithms.SignatureAlgorithmSpi;
import org.apache.xml.security.signature.XMLSignatureException;

/**
 * GOST R 34.10-2012 (256) with GOST R 34.11-2012 (256) for Santuario, computed by BouncyCastle. The raw BC
 * signature bytes are used as they are (facts §3.1: no byte reversal).
 */
public abstract class GostSignatureSpi extends SignatureAlgorithmSpi {

    static final String JCE_NAME = "GOST3411-2012-256withECGOST3410-2012-256";

    private final Signature signature;

    protected GostSignatureSpi() throws XMLSignatureException {
        this(null);
    }

    protected GostSignatureSpi(Provider provider) throws XMLSignatureException {
        try {
            signature = Signature.getInstance(JCE_NAME, provider != null ? provider : GostXmlDsig.provider());
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected String engineGetJCEAlgorithmString() {
        return JCE_NAME;
    }

    @Override
    protected String engineGetJCEProviderName() {
        return signature.getProvider().getName();
    }

    @Override
    protected void engineUpdate(byte[] input) throws XMLSignatureException {
        try {
            signature.update(input);
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineUpdate(byte input) throws XMLSignatureException {
        try {
            signature.update(input);
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineUpdate(byte[] buf, int offset, int len) throws XMLSignatureException {
        try {
            signature.update(buf, offset, len);
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineInitSign(Key key) throws XMLSignatureException {
        engineInitSign(key, (SecureRandom) null);
    }

    @Override
    protected void engineInitSign(Key key, SecureRandom random) throws XMLSignatureException {
        try {
            if (random == null) {
                signature.initSign((PrivateKey) key);
            } else {
                signature.initSign((PrivateKey) key, random);
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineInitSign(Key key, AlgorithmParameterSpec spec) throws XMLSignatureException {
        engineInitSign(key);
    }

    @Override
    protected byte[] engineSign() throws XMLSignatureException {
        try {
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineInitVerify(Key key) throws XMLSignatureException {
        try {
            signature.initVerify((PublicKey) key);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] value) throws XMLSignatureException {
        try {
            return signature.verify(value);
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws XMLSignatureException {
        throw new XMLSignatureException("empty", new Object[] {"GOST signatures take no parameters"});
    }

    @Override
    protected void engineSetHMACOutputLength(int length) throws XMLSignatureException {
        throw new XMLSignatureException("empty", new Object[] {"not an HMAC"});
    }

    /** The URN form SMEV uses. */
    public static class Urn extends GostSignatureSpi {
        public Urn() throws XMLSignatureException {
            super();
        }

        public Urn(Provider provider) throws XMLSignatureException {
            super(provider);
        }

        @Override
        protected String engineGetURI() {
            return GostXmlDsig.SIGNATURE_URN;
        }
    }

    /** The xmldsig-more URI alias some peers send (facts §3.1). */
    public static class Uri extends GostSignatureSpi {
        public Uri() throws XMLSignatureException {
            super();
        }

        public Uri(Provider provider) throws XMLSignatureException {
            super(provider);
        }

        @Override
        protected String engineGetURI() {
            return GostXmlDsig.SIGNATURE_URI;
        }
    }
}
