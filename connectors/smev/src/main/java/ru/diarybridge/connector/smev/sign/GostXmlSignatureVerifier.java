package ru.diarybridge.connector.smev.sign;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@link SignatureVerifier} with Santuario and BouncyCastle. The signature must have exactly one reference, to
 * {@code #<Id of the signed element>} (no signature wrapping), use the GOST algorithms and match the content.
 */
public class GostXmlSignatureVerifier implements SignatureVerifier {

    private static final String WRAPPER_NS = "urn://diary-bridge/signing";

    public GostXmlSignatureVerifier() {
        GostXmlDsig.init();
    }

    @Override
    public X509Certificate verify(Element signed, Element signatureElement) throws SignatureCheckException {
        if (signatureElement == null || !"Signature".equals(signatureElement.getLocalName())
                || !GostXmlDsig.DSIG_NS.equals(signatureElement.getNamespaceURI())) {
            throw new SignatureCheckException("подпись отсутствует");
        }
        String id = signed.getAttribute("Id");
        if (id.isEmpty()) {
            throw new SignatureCheckException("подписанный элемент " + signed.getLocalName() + " не имеет атрибута Id");
        }
        Document doc = GostXmlDsig.newDocument();
        Element wrapper = doc.createElementNS(WRAPPER_NS, "w:Signed");
        doc.appendChild(wrapper);
        Element copy = (Element) doc.importNode(signed, true);
        wrapper.appendChild(copy);
        GostXmlDsig.declareNamespaces(copy);
        copy.setIdAttributeNS(null, "Id", true);
        Element sigCopy = (Element) doc.importNode(signatureElement, true);
        wrapper.appendChild(sigCopy);
        GostXmlDsig.declareNamespaces(sigCopy);
        try {
            XMLSignature signature = new XMLSignature(sigCopy, "", true);
            String method = signature.getSignedInfo().getSignatureMethodURI();
            if (!GostXmlDsig.SIGNATURE_URN.equals(method) && !GostXmlDsig.SIGNATURE_URI.equals(method)) {
                throw new SignatureCheckException("неподдерживаемый алгоритм подписи: " + method);
            }
            if (signature.getSignedInfo().getLength() != 1) {
                throw new SignatureCheckException("подпись должна содержать ровно одну ссылку");
            }
            Reference reference = signature.getSignedInfo().item(0);
            if (!("#" + id).equals(reference.getURI())) {
                throw new SignatureCheckException("подпись относится к другому элементу: " + reference.getURI());
            }
            X509Certificate certificate = certificate(sigCopy);
            certificate.checkValidity();
            if (!signature.checkSignatureValue(certificate.getPublicKey())) {
                throw new SignatureCheckException("подпись элемента " + signed.getLocalName()
                        + " не соответствует содержимому (сообщение изменено или подписано другим ключом)");
            }
            return certificate;
        } catch (SignatureCheckException e) {
            throw e;
        } catch (java.security.cert.CertificateExpiredException | java.security.cert.CertificateNotYetValidException e) {
            throw new SignatureCheckException("срок действия сертификата подписи истёк или не начался", e);
        } catch (Exception e) {
            throw new SignatureCheckException("подпись элемента " + signed.getLocalName() + " не прошла проверку: "
                    + e.getMessage(), e);
        }
    }

    /** The signer's certificate from KeyInfo/X509Data, parsed by BouncyCastle (GOST keys). */
    public static X509Certificate certificate(Element signature) throws SignatureCheckException {
        NodeList certs = signature.getElementsByTagNameNS(GostXmlDsig.DSIG_NS, "X509Certificate");
        if (certs.getLength() != 1) {
            throw new SignatureCheckException("в подписи нет сертификата (KeyInfo/X509Data/X509Certificate)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(certs.item(0).getTextContent().trim());
            return (X509Certificate) CertificateFactory.getInstance("X.509", GostXmlDsig.provider())
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new SignatureCheckException("сертификат подписи не читается: " + e.getMessage(), e);
        }
    }
}
