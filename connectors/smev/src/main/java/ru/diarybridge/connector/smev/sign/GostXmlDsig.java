package ru.diarybridge.connector.smev.sign;

import java.security.Provider;
import java.security.Security;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.xml.security.algorithms.JCEMapper;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.transforms.Transform;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Algorithm identifiers of the SMEV signature layout (facts §3.1) and the one-time wiring of BouncyCastle,
 * Santuario, the GOST algorithms and the SMEV transform (facts §3.3).
 */
public final class GostXmlDsig {

    public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
    public static final String SIGNATURE_URN = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256";
    public static final String DIGEST_URN = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256";
    public static final String SIGNATURE_URI = "http://www.w3.org/2001/04/xmldsig-more#gostr34102012-gostr34112012-256";
    public static final String DIGEST_URI = "http://www.w3.org/2001/04/xmldsig-more#gostr34112012-256";
    public static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    public static final String DIGEST_JCE = "GOST3411-2012-256";

    private static boolean initialised;

    private GostXmlDsig() {
    }

    public static synchronized void init() {
        if (initialised) {
            return;
        }
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        org.apache.xml.security.Init.init();
        try {
            JCEMapper.register(DIGEST_URN, new JCEMapper.Algorithm("", DIGEST_JCE, "MessageDigest"));
            JCEMapper.register(DIGEST_URI, new JCEMapper.Algorithm("", DIGEST_JCE, "MessageDigest"));
            JCEMapper.register(SIGNATURE_URN, new JCEMapper.Algorithm("", GostSignatureSpi.JCE_NAME, "Signature"));
            JCEMapper.register(SIGNATURE_URI, new JCEMapper.Algorithm("", GostSignatureSpi.JCE_NAME, "Signature"));
            SignatureAlgorithm.register(SIGNATURE_URN, GostSignatureSpi.Urn.class);
            SignatureAlgorithm.register(SIGNATURE_URI, GostSignatureSpi.Uri.class);
            Transform.register(SmevTransform.URI, SmevTransformSpi.class);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register GOST algorithms with Santuario", e);
        }
        initialised = true;
    }

    static Provider provider() {
        init();
        return Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    }

    static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Declares on {@code root} every namespace prefix its subtree uses but does not declare: an element taken out
     * of its envelope (importNode) loses the declarations of its ancestors, and c14n would emit unbound prefixes.
     */
    static void declareNamespaces(Element root) {
        fix(root, root);
    }

    private static void fix(Element root, Element e) {
        declare(root, e, e.getPrefix(), e.getNamespaceURI());
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (a.getNamespaceURI() != null && !XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())
                    && !XMLConstants.XML_NS_URI.equals(a.getNamespaceURI())) {
                declare(root, e, a.getPrefix(), a.getNamespaceURI());
            }
        }
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                fix(root, child);
            }
        }
    }

    /** The namespace bound to {@code prefix} by an xmlns attribute on e or an ancestor (not by node names). */
    private static String declared(Element e, String prefix) {
        String name = prefix == null ? "xmlns" : "xmlns:" + prefix;
        for (Node n = e; n instanceof Element el; n = n.getParentNode()) {
            Attr a = el.getAttributeNodeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, prefix == null ? "xmlns" : prefix);
            if (a != null) {
                return a.getValue();
            }
        }
        return name.isEmpty() ? null : null;
    }

    private static void declare(Element root, Element e, String prefix, String uri) {
        if (uri == null || uri.isEmpty()) {
            return;
        }
        String bound = declared(e, prefix);
        if (uri.equals(bound)) {
            return;
        }
        Element target = bound == null ? root : e;
        target.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI,
                prefix == null ? "xmlns" : "xmlns:" + prefix, uri);
    }
}
