package ru.diarybridge.connector.smev.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import ru.diarybridge.connector.smev.SmevEnvelopes;

/**
 * diary-bridge's diary вид сведений ({@code xsd/diary-bridge-diary-1.0.xsd}) under a configurable namespace:
 * reads DiaryRequest, writes DiaryResponse, and validates both against the schema (content is validated before it
 * is sent: SMEV's InvalidContent is permanent).
 */
public class DiaryContent {

    public static final String DEFAULT_NAMESPACE = "urn://diary-bridge.ru/smev/diary/1.0";
    public static final String SCHEMA_RESOURCE = "/xsd/diary-bridge-diary-1.0.xsd";

    private final String namespace;
    private final Schema schema;

    public DiaryContent(String namespace) {
        this.namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
        try (InputStream in = DiaryContent.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            String xsd = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(DEFAULT_NAMESPACE, this.namespace);
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            this.schema = factory.newSchema(new StreamSource(new StringReader(xsd)));
        } catch (IOException | SAXException e) {
            throw new IllegalStateException("diary schema cannot be loaded for namespace " + this.namespace, e);
        }
    }

    public String namespace() {
        return namespace;
    }

    public void validate(Element content) throws InvalidDiaryContentException {
        try {
            schema.newValidator().validate(new DOMSource(content));
        } catch (SAXException | IOException e) {
            throw new InvalidDiaryContentException("содержимое «" + content.getLocalName()
                    + "» не соответствует схеме дневника (" + namespace + "): " + e.getMessage(), e);
        }
    }

    public boolean isDiaryRequest(Element content) {
        return content != null && namespace.equals(content.getNamespaceURI())
                && "DiaryRequest".equals(content.getLocalName());
    }

    public DiaryRequest readRequest(Element content) throws InvalidDiaryContentException {
        if (!isDiaryRequest(content)) {
            throw new InvalidDiaryContentException("запрос не является DiaryRequest в пространстве имён " + namespace
                    + ": {" + (content == null ? "" : content.getNamespaceURI() + "}" + content.getLocalName()), null);
        }
        validate(content);
        try {
            return new DiaryRequest(text(child(child(content, "Requester"), "Snils")),
                    text(child(child(content, "Pupil"), "Snils")),
                    LocalDate.parse(text(child(child(content, "Period"), "Start"))),
                    LocalDate.parse(text(child(child(content, "Period"), "End"))));
        } catch (DateTimeParseException e) {
            throw new InvalidDiaryContentException("неверная дата периода в DiaryRequest: " + e.getParsedString(), e);
        }
    }

    public Element writeRequest(DiaryRequest request) {
        Document doc = SmevEnvelopes.newDocument();
        Element root = doc.createElementNS(namespace, "d:DiaryRequest");
        doc.appendChild(root);
        add(add(root, "Requester"), "Snils", request.requesterSnils());
        add(add(root, "Pupil"), "Snils", request.pupilSnils());
        Element period = add(root, "Period");
        add(period, "Start", request.from().toString());
        add(period, "End", request.to().toString());
        return root;
    }

    /** The DiaryResponse for {@code diary}, validated. */
    public Element writeResponse(PupilDiary diary) throws InvalidDiaryContentException {
        Document doc = SmevEnvelopes.newDocument();
        Element root = doc.createElementNS(namespace, "d:DiaryResponse");
        doc.appendChild(root);
        add(add(root, "Pupil"), "Snils", diary.pupilSnils());
        Element period = add(root, "Period");
        add(period, "Start", diary.from().toString());
        add(period, "End", diary.to().toString());
        for (PupilDiary.Lesson l : diary.lessons()) {
            Element lesson = add(root, "Lesson");
            add(lesson, "Date", l.date().toString());
            add(lesson, "Number", Integer.toString(l.number()));
            add(lesson, "Subject", l.subject());
            if (l.topic() != null && !l.topic().isBlank()) {
                add(lesson, "Topic", l.topic());
            }
            if (l.attendanceCode() != null) {
                Element attendance = add(lesson, "Attendance");
                add(attendance, "Code", l.attendanceCode());
                add(attendance, "Kind", l.attendanceKind());
            }
            for (PupilDiary.Mark m : l.marks()) {
                Element mark = add(lesson, "Mark");
                add(mark, "Value", m.value());
                add(mark, "Weight", Integer.toString(m.weight()));
                if (m.work() != null && !m.work().isBlank()) {
                    add(mark, "Work", m.work());
                }
            }
            for (PupilDiary.Homework h : l.homework()) {
                Element homework = add(lesson, "Homework");
                add(homework, "Text", h.text());
                if (h.dueDate() != null) {
                    add(homework, "DueDate", h.dueDate().toString());
                }
            }
        }
        validate(root);
        return root;
    }

    private Element add(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElementNS(namespace, "d:" + name);
        parent.appendChild(e);
        return e;
    }

    private Element add(Element parent, String name, String text) {
        Element e = add(parent, name);
        e.setTextContent(text);
        return e;
    }

    private Element child(Element parent, String name) throws InvalidDiaryContentException {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName()) && namespace.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        throw new InvalidDiaryContentException("в «" + parent.getLocalName() + "» нет элемента «" + name + "»", null);
    }

    private static String text(Element e) {
        return e.getTextContent().strip();
    }
}
