package ru.diarybridge.connector.asiou;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV exports: RFC 4180 with «;» as separator (what Excel writes in a Russian locale), UTF-8 with or without a BOM,
 * a required header line, then one record per line, the record type in the first column.
 */
final class CsvExportParser {

    /** Rows and the structural errors found while splitting them. */
    record Parsed(List<RawRecord> records, List<FileError> errors) {
    }

    private record Row(int line, List<String> cells) {
    }

    private CsvExportParser() {
    }

    static Parsed parse(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<FileError> errors = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            errors.add(new FileError(name, 0, "", "файл не в кодировке UTF-8: сохраните его как «CSV UTF-8 (разделитель — точка с запятой)»"));
            return new Parsed(List.of(), errors);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Row> rows = split(text, name, errors);
        if (!errors.isEmpty()) {
            return new Parsed(List.of(), errors);
        }
        String header = ExportFormat.csvHeader();
        if (rows.isEmpty() || !String.join(";", rows.get(0).cells()).strip().equals(header)) {
            int line = rows.isEmpty() ? 1 : rows.get(0).line();
            errors.add(new FileError(name, line, "record",
                    "нет строки заголовка: первая строка файла должна быть «" + header + "»"));
            return new Parsed(List.of(), errors);
        }
        List<RawRecord> records = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            String type = row.cells().get(0).strip();
            List<String> columns;
            try {
                columns = ExportFormat.columns(type);
            } catch (IllegalArgumentException e) {
                errors.add(new FileError(name, row.line(), "record", "неизвестный тип записи «" + type
                        + "»; допустимые: " + String.join(", ", ExportFormat.RECORDS.keySet())));
                continue;
            }
            if (row.cells().size() != columns.size() + 1) {
                errors.add(new FileError(name, row.line(), type, "для записи «" + type + "» нужно "
                        + (columns.size() + 1) + " столбцов (record;" + String.join(";", columns) + "), а в строке "
                        + row.cells().size()));
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                fields.put(columns.get(i), row.cells().get(i + 1));
            }
            records.add(new RawRecord(type, row.line(), fields, true));
        }
        return new Parsed(records, errors);
    }

    /** Splits into rows; a quoted cell may hold «;», doubled quotes and line breaks. Blank lines are skipped. */
    private static List<Row> split(String text, String name, List<FileError> errors) {
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean afterQuote = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
                continue;
            }
            if (c == ';') {
                cells.add(cell.toString());
                cell.setLength(0);
                afterQuote = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                addRow(rows, rowLine, cells);
                cells = new ArrayList<>();
                cell.setLength(0);
                afterQuote = false;
                line++;
                rowLine = line;
            } else if (c == '"' && cell.isEmpty() && !afterQuote) {
                quoted = true;
            } else if (afterQuote) {
                errors.add(new FileError(name, line, "record",
                        "после закрывающей кавычки должен идти разделитель «;» или конец строки"));
                return rows;
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            errors.add(new FileError(name, rowLine, "record", "кавычка открыта, но не закрыта до конца файла"));
            return rows;
        }
        if (!cell.isEmpty() || !cells.isEmpty()) {
            cells.add(cell.toString());
            addRow(rows, rowLine, cells);
        }
        return rows;
    }

    private static void addRow(List<Row> rows, int line, List<String> cells) {
        boolean blank = cells.stream().allMatch(String::isBlank);
        if (!blank) {
            rows.add(new Row(line, List.copyOf(cells)));
        }
    }
}
