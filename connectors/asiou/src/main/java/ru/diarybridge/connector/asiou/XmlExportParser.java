package ru.diarybridge.connector.asiou;

import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** XML exports: XSD validation first (with line, column and element of each error), then the records. */
final class XmlExportParser {

    private static final Schema SCHEMA = loadSchema();
    private static final Set<String> SECTIONS = Set.of("classes", "subjects", "pupils", "lessons", "works", "marks",
            "attendances", "homeworks", "periodMarks");

    private XmlExportParser() {
    }

    private static Schema loadSchema() {
        URL xsd = XmlExportParser.class.getResource(ExportFormat.XSD_RESOURCE);
        if (xsd == null) {
            throw new IllegalStateException("contract XSD missing from the classpath: " + ExportFormat.XSD_RESOURCE);
        }
        try {
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("contract XSD is broken", e);
        }
    }

    static Schema schema() {
        return SCHEMA;
    }

    /** Configured once: looking the factory up and applying its features took more CPU than some small files' parse. */
    private static final SAXParserFactory SAX = saxFactory();

    private static SAXParserFactory saxFactory() {
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setNamespaceAware(true);
        try {
            // no DTDs: an export never needs one, and they open the door to entity expansion attacks
            spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the XML parser cannot refuse DTDs", e);
        }
        return spf;
    }

    /** A factory is not required to be thread-safe; the parser it makes is used by one thread only. */
    private static XMLReader newReader() throws ParserConfigurationException, SAXException {
        synchronized (SAX) {
            return SAX.newSAXParser().getXMLReader();
        }
    }

    /** Schema errors; empty when the file is well-formed and valid. */
    static List<FileError> validate(Path file) throws IOException {
        String name = file.getFileName().toString();
        Collector collector = new Collector(name);
        try (InputStream in = Files.newInputStream(file)) {
            XMLReader reader = newReader();
            ValidatorHandler validator = SCHEMA.newValidatorHandler();
            validator.setErrorHandler(collector);
            reader.setErrorHandler(collector);
            reader.setContentHandler(new Tracking(validator, collector));
            InputSource source = new InputSource(in);
            source.setSystemId(file.toUri().toString());
            reader.parse(source);
        } catch (SAXParseException | Oversized e) {
            // fatal: not well-formed, or a value too long to be validated; the collector already holds it
        } catch (SAXException | ParserConfigurationException e) {
            collector.errors.add(new FileError(name, 0, "", "не удалось разобрать XML: " + e.getMessage()));
        }
        collector.flush();
        return collector.errors;
    }

    /** The records of a valid file, each with the line of its element. */
    static List<RawRecord> records(Path file) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<RawRecord> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = factory.createXMLStreamReader(in);
            try {
                while (r.hasNext()) {
                    if (r.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    String type = r.getLocalName();
                    if (SECTIONS.contains(type)) {
                        continue;
                    }
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        if (r.getAttributeNamespace(i) == null || r.getAttributeNamespace(i).isEmpty()) {
                            fields.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                    }
                    out.add(new RawRecord(type, r.getLocation().getLineNumber(), fields, false));
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException("XML became unreadable after validation", e);
        }
        return out;
    }

    /**
     * No field of the contract is longer than {@value ExportAssembler#MAX_TEXT_CHARS} characters. A value far longer
     * is refused before the validator sees it: Xerces checks a pattern facet before the length facet, and a pattern on
     * a value of megabytes takes minutes (found by the bad-input suite).
     */
    static final int MAX_VALUE_CHARS = 4 * ExportAssembler.MAX_TEXT_CHARS;

    /** Stops the parse at an oversized value; its error is already collected. */
    private static final class Oversized extends SAXException {
        Oversized() {
            super("oversized value");
        }
    }

    /** Forwards SAX events to the validator and keeps the element path, so that each error can name its element. */
    private static final class Tracking implements ContentHandler {
        private final ContentHandler next;
        private final Deque<String> stack;
        private final Collector collector;
        private Locator locator;

        Tracking(ContentHandler next, Collector collector) {
            this.next = next;
            this.stack = collector.stack;
            this.collector = collector;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
            next.setDocumentLocator(locator);
        }

        @Override
        public void startDocument() throws SAXException {
            next.startDocument();
        }

        @Override
        public void endDocument() throws SAXException {
            next.endDocument();
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) throws SAXException {
            next.startPrefixMapping(prefix, uri);
        }

        @Override
        public void endPrefixMapping(String prefix) throws SAXException {
            next.endPrefixMapping(prefix);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            stack.push(localName);
            for (int i = 0; i < atts.getLength(); i++) {
                int length = atts.getValue(i).length();
                if (length > MAX_VALUE_CHARS) {
                    collector.flush();
                    collector.errors.add(new FileError(collector.file, locator == null ? 0 : locator.getLineNumber(),
                            localName + "/@" + atts.getLocalName(i), "значение длиной " + length
                                    + " символов: ни одно поле выгрузки не бывает длиннее "
                                    + ExportAssembler.MAX_TEXT_CHARS + " символов"));
                    throw new Oversized();
                }
            }
            next.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            next.endElement(uri, localName, qName);
            stack.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            next.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            next.ignorableWhitespace(ch, start, length);
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            next.processingInstruction(target, data);
        }

        @Override
        public void skippedEntity(String name) throws SAXException {
            next.skippedEntity(name);
        }
    }

    /**
     * Collects errors in Russian. Xerces reports a bad attribute value twice (the facet, then cvc-attribute.3 naming
     * the attribute): the two are merged into one error on {@code element/@attribute}.
     */
    private static final class Collector implements ErrorHandler {
        final String file;
        final Deque<String> stack = new ArrayDeque<>();
        final List<FileError> errors = new ArrayList<>();
        private SchemaMessages.Translated pending;
        private int pendingLine;
        private String pendingElement;

        Collector(String file) {
            this.file = file;
        }

        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) {
            String element = stack.isEmpty() ? "" : stack.peek();
            SchemaMessages.Translated t = SchemaMessages.translate(e.getMessage());
            if (t.attribute() != null && t.mergesWithPrevious() && pending != null && pendingLine == e.getLineNumber()) {
                String reason = "snils".equals(t.attribute()) ? SchemaMessages.SNILS_FORMAT : pending.reason();
                errors.add(new FileError(file, pendingLine, pendingElement + "/@" + t.attribute(), reason));
                pending = null;
                return;
            }
            flush();
            if (t.facet()) {
                pending = t;
                pendingLine = e.getLineNumber();
                pendingElement = element;
                return;
            }
            String where = t.element() != null ? t.element() : element;
            if (t.attribute() != null) {
                where = where + "/@" + t.attribute();
            }
            errors.add(new FileError(file, e.getLineNumber(), where, t.reason()));
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            flush();
            String element = stack.isEmpty() ? "" : stack.peek();
            errors.add(new FileError(file, e.getLineNumber(), element,
                    "файл не является правильным XML: ошибка разметки в столбце " + e.getColumnNumber()
                            + " (сообщение разборщика: " + e.getMessage() + ")"));
            throw e;
        }

        void flush() {
            if (pending != null) {
                errors.add(new FileError(file, pendingLine, pendingElement, pending.reason()));
                pending = null;
            }
        }
    }
}
