package ru.diarybridge.connector.smev;

/** Which messages a GetRequest/GetResponse asks for: the content's root QName; both null means any type. */
public record MessageSelector(String namespaceUri, String rootElementLocalName) {
    public static MessageSelector any() {
        return new MessageSelector(null, null);
    }
}
