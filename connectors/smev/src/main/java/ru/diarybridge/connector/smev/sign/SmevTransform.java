package ru.diarybridge.connector.smev.sign;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The SMEV transform {@code urn://smev-gov-ru/xmldsig/transform} (facts §3.2) as a pure function over the UTF-8
 * bytes of one element: whitespace-only text dropped, every namespace prefix rewritten to ns1, ns2, … in order of
 * first use and declared only on the element that introduces it, attributes sorted (namespaced by namespace URI
 * and local name, then unqualified by local name), empty elements written as start+end tag, elements without a
 * namespace rejected. Makes the digest independent of prefixes and pretty-printing.
 */
public final class SmevTransform {

    public static final String URI = "urn://smev-gov-ru/xmldsig/transform";

    private SmevTransform() {
    }

    public static byte[] transform(byte[] input) {
        try {
            return run(input).getBytes(StandardCharsets.UTF_8);
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("SMEV transform: input is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private record Attr(String uri, String local, String value) {
    }

    private static String run(byte[] input) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(input), "UTF-8");
        StringBuilder out = new StringBuilder(input.length);
        Deque<List<String[]>> scopes = new ArrayDeque<>();
        Deque<String> openTags = new ArrayDeque<>();
        int[] counter = {0};
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        String uri = reader.getNamespaceURI();
                        if (uri == null || uri.isEmpty()) {
                            throw new IllegalArgumentException("SMEV transform: element without a namespace: "
                                    + reader.getLocalName());
                        }
                        List<String[]> declared = new ArrayList<>();
                        scopes.push(declared);
                        String prefix = prefixFor(uri, scopes, declared, counter);
                        List<Attr> attrs = new ArrayList<>();
                        for (int i = 0; i < reader.getAttributeCount(); i++) {
                            String attrUri = reader.getAttributeNamespace(i);
                            attrs.add(new Attr(attrUri == null ? "" : attrUri, reader.getAttributeLocalName(i),
                                    reader.getAttributeValue(i)));
                        }
                        attrs.sort(Comparator.comparing((Attr a) -> a.uri().isEmpty())
                                .thenComparing(Attr::uri).thenComparing(Attr::local));
                        List<String> attrPrefixes = new ArrayList<>();
                        for (Attr a : attrs) {
                            attrPrefixes.add(a.uri().isEmpty() ? null : prefixFor(a.uri(), scopes, declared, counter));
                        }
                        String tag = prefix + ":" + reader.getLocalName();
                        openTags.push(tag);
                        out.append('<').append(tag);
                        for (String[] d : declared) {
                            out.append(" xmlns:").append(d[1]).append("=\"").append(escapeAttr(d[0])).append('"');
                        }
                        for (int i = 0; i < attrs.size(); i++) {
                            Attr a = attrs.get(i);
                            out.append(' ');
                            if (attrPrefixes.get(i) != null) {
                                out.append(attrPrefixes.get(i)).append(':');
                            }
                            out.append(a.local()).append("=\"").append(escapeAttr(a.value())).append('"');
                        }
                        out.append('>');
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        out.append("</").append(openTags.pop()).append('>');
                        scopes.pop();
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        String text = reader.getText();
                        if (!text.trim().isEmpty()) {
                            out.append(escapeText(text));
                        }
                    }
                    default -> {
                        // comments, processing instructions, document start/end: not part of the signed content
                    }
                }
            }
        } finally {
            reader.close();
        }
        return out.toString();
    }

    private static String prefixFor(String uri, Deque<List<String[]>> scopes, List<String[]> declared, int[] counter) {
        for (List<String[]> scope : scopes) {
            for (String[] mapping : scope) {
                if (mapping[0].equals(uri)) {
                    return mapping[1];
                }
            }
        }
        String prefix = "ns" + (++counter[0]);
        declared.add(new String[] {uri, prefix});
        return prefix;
    }

    private static String escapeText(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\r' -> b.append("&#xD;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String escapeAttr(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '"' -> b.append("&quot;");
                case '\t' -> b.append("&#x9;");
                case '\n' -> b.append("&#xA;");
                case '\r' -> b.append("&#xD;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
