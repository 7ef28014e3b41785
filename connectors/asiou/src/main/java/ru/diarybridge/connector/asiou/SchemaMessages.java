package ru.diarybridge.connector.asiou;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Russian wording for the JDK validator's messages. The JDK has no Russian bundle for them, so the message key
 * (e.g. {@code cvc-pattern-valid}) and its quoted arguments are read and re-worded; unknown keys keep the original
 * text after a Russian prefix.
 */
final class SchemaMessages {

    static final String SNILS_FORMAT = "неверный формат СНИЛС: ожидается 123-456-789 01 или 11 цифр";

    private static final Pattern KEY = Pattern.compile("^(cvc-[A-Za-z0-9.\\-]+):");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("idType", "идентификатор: латинские буквы, цифры, «_», «.», «-», не длиннее 64 символов"),
            Map.entry("textType", "непустой текст не длиннее 2000 символов"),
            Map.entry("dateType", "дата ГГГГ-ММ-ДД"),
            Map.entry("date", "дата ГГГГ-ММ-ДД"),
            Map.entry("dateTime", "дата и время ГГГГ-ММ-ДДTчч:мм:сс, например 2026-01-18T20:00:00+03:00"),
            Map.entry("snilsType", "СНИЛС 123-456-789 01 или 11 цифр"),
            Map.entry("int", "целое число"),
            Map.entry("boolean", "true или false"),
            Map.entry("gradeType", "параллель 1–11"),
            Map.entry("lessonNumberType", "номер урока 1–12"),
            Map.entry("weightType", "вес 0–100"));

    /**
     * @param facet             a value error that Xerces follows with cvc-attribute.3 naming the attribute
     * @param mergesWithPrevious this is that cvc-attribute.3
     */
    record Translated(String reason, String element, String attribute, boolean facet, boolean mergesWithPrevious) {
    }

    private SchemaMessages() {
    }

    static Translated translate(String message) {
        String msg = message == null ? "" : message;
        Matcher km = KEY.matcher(msg);
        String key = km.find() ? km.group(1) : "";
        List<String> q = new ArrayList<>();
        Matcher qm = QUOTED.matcher(msg);
        while (qm.find()) {
            q.add(qm.group(1));
        }
        String a0 = q.size() > 0 ? q.get(0) : "";
        String a1 = q.size() > 1 ? q.get(1) : "";
        String a2 = q.size() > 2 ? q.get(2) : "";
        return switch (key) {
            case "cvc-pattern-valid" -> facet("значение «" + a0 + "» не подходит: ожидается " + type(a2));
            case "cvc-enumeration-valid" -> facet("недопустимое значение «" + a0 + "»; допустимые: "
                    + a1.replace("[", "").replace("]", ""));
            case "cvc-minInclusive-valid" -> facet("значение «" + a0 + "» меньше допустимого минимума " + a1);
            case "cvc-maxInclusive-valid" -> facet("значение «" + a0 + "» больше допустимого максимума " + a1);
            case "cvc-minLength-valid" -> facet("значение «" + a0 + "» короче " + a1 + " символов");
            case "cvc-maxLength-valid" -> facet("значение «" + a0 + "» длиннее " + a1 + " символов");
            case "cvc-datatype-valid.1.2.1", "cvc-datatype-valid.1.2.3" ->
                    facet("значение «" + a0 + "» не подходит: ожидается " + type(a1));
            case "cvc-attribute.3" -> new Translated("недопустимое значение «" + a0 + "» атрибута «" + a1 + "»",
                    null, a1, false, true);
            case "cvc-attribute.4" -> new Translated("атрибут «" + a1 + "» должен иметь значение «" + a2 + "»",
                    null, a1, false, false);
            case "cvc-complex-type.4" -> new Translated("не указан обязательный атрибут «" + a0 + "»",
                    a1, a0, false, false);
            case "cvc-complex-type.3.2.2" -> new Translated("атрибут «" + a0 + "» не предусмотрен контрактом",
                    a1, a0, false, false);
            case "cvc-complex-type.2.4.a" -> new Translated("элемент «" + local(a0)
                    + "» здесь не допускается; ожидается: " + locals(a1), local(a0), null, false, false);
            case "cvc-complex-type.2.4.b" -> new Translated("в элементе «" + a0
                    + "» не хватает обязательных элементов: " + locals(a1), a0, null, false, false);
            case "cvc-complex-type.2.4.d" -> new Translated("лишний элемент «" + local(a0) + "»",
                    local(a0), null, false, false);
            case "cvc-complex-type.2.1", "cvc-complex-type.2.3" -> new Translated(
                    "элемент «" + a0 + "» не может содержать текст", a0, null, false, false);
            case "cvc-elt.1.a" -> new Translated("корневой элемент «" + a0
                    + "» не описан в контракте: ожидается «export» с атрибутом xmlns=\""
                    + ExportFormat.NAMESPACE + "\"", a0, null, false, false);
            default -> new Translated("файл не соответствует схеме контракта: " + msg, null, null, false, false);
        };
    }

    private static Translated facet(String reason) {
        return new Translated(reason, null, null, true, false);
    }

    private static String type(String xsdType) {
        String t = xsdType.contains(":") ? xsdType.substring(xsdType.indexOf(':') + 1) : xsdType;
        return TYPES.getOrDefault(t, "значение типа " + t);
    }

    /** {@code {"urn:…":lesson}} → {@code lesson}. */
    private static String local(String qualified) {
        int colon = qualified.lastIndexOf(':');
        String s = colon >= 0 && qualified.startsWith("{") ? qualified.substring(colon + 1) : qualified;
        return s.replace("{", "").replace("}", "").replace("\"", "");
    }

    private static String locals(String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(",")) {
            out.add("«" + local(part.strip()) + "»");
        }
        return String.join(", ", out);
    }
}
