package ru.diarybridge.connector.smev.sign;

import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@link MessageSigner} with BouncyCastle + Santuario: exclusive c14n of SignedInfo, GOST R 34.10-2012 (256),
 * reference {@code #Id} with transforms exc-c14n + SMEV transform, digest GOST R 34.11-2012 (256), KeyInfo with
 * the signer's certificate (facts §3.1). The key is asked of {@code keys} for every signature, so a reloaded key
 * store takes effect on the next message.
 */
public class GostXmlSigner implements MessageSigner {

    private static final String WRAPPER_NS = "urn://diary-bridge/signing";

    private final Supplier<SigningKey> keys;

    public GostXmlSigner(Supplier<SigningKey> keys) {
        GostXmlDsig.init();
        this.keys = keys;
    }

    @Override
    public X509Certificate certificate() {
        return keys.get().certificate();
    }

    @Override
    public Element sign(Element target) {
        String id = target.getAttribute("Id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("element to sign has no Id: " + target.getLocalName());
        }
        SigningKey key = keys.get();
        Document doc = GostXmlDsig.newDocument();
        Element wrapper = doc.createElementNS(WRAPPER_NS, "w:Signed");
        doc.appendChild(wrapper);
        Element copy = (Element) doc.importNode(target, true);
        wrapper.appendChild(copy);
        GostXmlDsig.declareNamespaces(copy);
        copy.setIdAttributeNS(null, "Id", true);
        try {
            XMLSignature signature = new XMLSignature(doc, "", GostXmlDsig.SIGNATURE_URN,
                    Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            wrapper.appendChild(signature.getElement());
            Transforms transforms = new Transforms(doc);
            transforms.addTransform(GostXmlDsig.EXC_C14N);
            transforms.addTransform(SmevTransform.URI);
            signature.addDocument("#" + id, transforms, GostXmlDsig.DIGEST_URN);
            signature.addKeyInfo(key.certificate());
            // no whitespace between the signature's elements: SOAP stacks (JAXB's DOM for xs:any) drop it in
            // transit, which would change the canonical SignedInfo the receiver checks
            stripWhitespace(signature.getElement());
            signature.sign(key.privateKey());
            Element result = signature.getElement();
            stripWhitespace(result);
            Document out = GostXmlDsig.newDocument();
            out.appendChild(out.importNode(result, true));
            return out.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign element " + target.getLocalName() + " (" + id + ")", e);
        }
    }

    private static void stripWhitespace(Element element) {
        org.w3c.dom.Node child = element.getFirstChild();
        while (child != null) {
            org.w3c.dom.Node next = child.getNextSibling();
            if (child.getNodeType() == org.w3c.dom.Node.TEXT_NODE && child.getNodeValue().isBlank()
                    && (child.getPreviousSibling() instanceof Element || next instanceof Element
                    || child.getParentNode().getChildNodes().getLength() > 1)) {
                element.removeChild(child);
            } else if (child instanceof Element e) {
                stripWhitespace(e);
            }
            child = next;
        }
    }
}
