package ru.diarybridge.routes.documents;

/** Renders a {@link Document}; thread-safe. */
public interface DocumentRenderer {

    /** PDF/A-like printable PDF with an embedded Cyrillic font. */
    byte[] pdf(Document document);

    /** XLSX workbook, one sheet per table, header row bold and frozen. */
    byte[] xlsx(Document document);
}
