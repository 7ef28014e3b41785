package ru.diarybridge.connector.smev.sign;

import java.security.cert.X509Certificate;
import org.w3c.dom.Element;

/** Checks a detached {@code ds:Signature} over one SMEV element (SMEVSignature, CallerInformationSystemSignature). */
public interface SignatureVerifier {

    /**
     * @param signed    the element the signature claims to cover (its {@code Id} is the reference target)
     * @param signature the {@code ds:Signature} element
     * @return the certificate that made the signature (the caller decides whether it trusts it)
     * @throws SignatureCheckException when the signature is absent, malformed, does not cover {@code signed}, or
     *                                 does not match its content
     */
    X509Certificate verify(Element signed, Element signature) throws SignatureCheckException;
}
