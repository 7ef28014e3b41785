package ru.diarybridge.connector.smev.sign;

import java.security.cert.X509Certificate;
import org.w3c.dom.Element;

/**
 * Makes the ЭП-ОВ of one SMEV element (facts §3.1): a detached XMLDSig {@code ds:Signature} over the element
 * referenced by its {@code Id} attribute. The BouncyCastle implementation ({@link GostXmlSigner}) serves
 * development, tests and the simulator; a certified provider (CryptoPro JCP, «Адаптер СМЭВ») replaces it behind
 * this interface.
 */
public interface MessageSigner {

    /**
     * @param target an element with a non-empty {@code Id} attribute (left unchanged)
     * @return a {@code ds:Signature} element owned by a new document
     */
    Element sign(Element target);

    /** The certificate the next signature will carry. */
    X509Certificate certificate();
}
