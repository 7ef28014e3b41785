package ru.diarybridge.connector.smev;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import ru.diarybridge.connector.smev.ws.basic.XMLDSigSignatureType;
import ru.diarybridge.connector.smev.ws.types.GetRequestResponse;
import ru.diarybridge.connector.smev.ws.types.GetResponseResponse;
import ru.diarybridge.connector.smev.ws.types.SenderProvidedRequestData;
import ru.diarybridge.connector.smev.ws.types.SenderProvidedResponseData;

/**
 * The DOM side of the generated SMEV types: the part of a message a signature covers is marshalled to a DOM
 * element to be signed or checked. The SMEV transform makes the digest independent of the prefixes and
 * whitespace the SOAP stack later writes (facts §3.2), so signing the JAXB object's DOM and sending the object
 * gives the same digest at the receiver. Used by the client and by the simulator.
 */
public final class SmevEnvelopes {

    public static final String TYPES_NS = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/1.3";
    public static final String BASIC_NS = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/basic/1.3";
    /** Element ids of the reference client (facts §3.1). */
    public static final String SIGNED_BY_CONSUMER = "SIGNED_BY_CONSUMER";
    public static final String SIGNED_BY_PROVIDER = "SIGNED_BY_PROVIDER";
    public static final String SIGNED_BY_CALLER = "SIGNED_BY_CALLER";
    public static final String SIGNED_BY_SMEV = "SIGNED_BY_SMEV";

    private static final JAXBContext CONTEXT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(ru.diarybridge.connector.smev.ws.types.ObjectFactory.class,
                    ru.diarybridge.connector.smev.ws.basic.ObjectFactory.class,
                    ru.diarybridge.connector.smev.ws.faults.ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SmevEnvelopes() {
    }

    /** A JAXB root element (or JAXBElement) as the root of a new DOM document. */
    public static Element toElement(Object jaxb) {
        try {
            Document doc = newDocument();
            Marshaller marshaller = CONTEXT.createMarshaller();
            marshaller.marshal(jaxb, doc);
            return doc.getDocumentElement();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot marshal " + jaxb.getClass().getSimpleName(), e);
        }
    }

    public static Element toElement(SenderProvidedRequestData data) {
        return toElement(new JAXBElement<>(new QName(TYPES_NS, "SenderProvidedRequestData"),
                SenderProvidedRequestData.class, data));
    }

    public static Element toElement(SenderProvidedResponseData data) {
        return toElement(new JAXBElement<>(new QName(TYPES_NS, "SenderProvidedResponseData"),
                SenderProvidedResponseData.class, data));
    }

    public static Element toElement(GetRequestResponse.RequestMessage.Request request) {
        return toElement(new JAXBElement<>(new QName(TYPES_NS, "Request"),
                GetRequestResponse.RequestMessage.Request.class, request));
    }

    public static Element toElement(GetResponseResponse.ResponseMessage.Response response) {
        return toElement(new JAXBElement<>(new QName(TYPES_NS, "Response"),
                GetResponseResponse.ResponseMessage.Response.class, response));
    }

    public static XMLDSigSignatureType signature(Element dsSignature) {
        XMLDSigSignatureType type = new XMLDSigSignatureType();
        type.setAny(dsSignature);
        return type;
    }

    public static Element signatureElement(XMLDSigSignatureType type) {
        return type == null ? null : type.getAny();
    }

    public static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder().newDocument();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    public static String toXml(Element element) {
        try {
            StringWriter out = new StringWriter();
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.transform(new DOMSource(element), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
