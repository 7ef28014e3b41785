package ru.diarybridge.routes.documents;

import java.util.List;

/**
 * A printable document in Russian made of tables: archive journals, summary sheets and control reports. One
 * description renders to both PDF (one table after another, paginated, Cyrillic font embedded) and XLSX (one
 * sheet per table).
 *
 * @param title     the heading of the first page and the XLSX file's title
 * @param preface   lines under the title (school, class, period, date of making)
 * @param tables    the tables, in order
 * @param footer    lines after the last table (signatures, notes)
 * @param landscape whether pages are landscape (wide journals) or portrait
 */
public record Document(String title, List<String> preface, List<Table> tables, List<String> footer,
                       boolean landscape) {
    public Document {
        preface = preface == null ? List.of() : List.copyOf(preface);
        tables = tables == null ? List.of() : List.copyOf(tables);
        footer = footer == null ? List.of() : List.copyOf(footer);
    }

    /**
     * @param caption the table's heading; also the XLSX sheet name (cut to 31 characters, made unique)
     * @param headers column headings
     * @param rows    cells as text, each row as long as headers (an empty string for a blank cell)
     */
    public record Table(String caption, List<String> headers, List<List<String>> rows) {
        public Table {
            headers = List.copyOf(headers);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }
}
