package ru.diarybridge.routes.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * {@link DocumentRenderer} on PDFBox (DejaVu Sans from jasperreports-fonts, embedded as a subset, so Cyrillic
 * prints and extracts as text) and Apache POI.
 *
 * <p>PDF: A4 (landscape when the document asks), title, preface lines, then each table with its caption; the
 * header row is repeated on every page a table continues to, cells wrap at word boundaries (a word wider than its
 * column is broken), every page is numbered «Стр. N из M» at the bottom. Characters the font lacks print as «?».
 *
 * <p>XLSX: one sheet per table, named after its caption (cut to 31 characters, made unique). A sheet holds the
 * document title (row 0), the preface lines, an empty row, the bold header row (frozen with everything above it),
 * the data rows, and after an empty row the footer lines. Cells that are plain numbers («5», «4,5») are stored as
 * numbers so a spreadsheet can average them; everything else as text. Column widths follow the longest text,
 * capped at 60 characters (longer text wraps).
 */
public class PdfXlsxRenderer implements DocumentRenderer {

    private static final String FONT_DIR = "/net/sf/jasperreports/fonts/dejavu/";
    private static final byte[] REGULAR = fontBytes("DejaVuSans.ttf");
    private static final byte[] BOLD = fontBytes("DejaVuSans-Bold.ttf");

    private static final float MARGIN = 36f;
    private static final float FOOTER_SPACE = 24f;
    private static final float TITLE_SIZE = 14f;
    private static final float TEXT_SIZE = 10f;
    private static final float CAPTION_SIZE = 11f;
    private static final float CELL_SIZE = 8f;
    private static final float CELL_PAD = 2.5f;
    private static final float MIN_COLUMN = 18f;
    private static final float MAX_NATURAL_COLUMN = 220f;

    private static final int MAX_XLSX_CHARS = 60;
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d{0,8})([.,]\\d{1,6})?");

    private static byte[] fontBytes(String name) {
        try (InputStream in = PdfXlsxRenderer.class.getResourceAsStream(FONT_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("font " + FONT_DIR + name + " not on the classpath (jasperreports-fonts)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ PDF

    @Override
    public byte[] pdf(Document document) {
        try (PDDocument pdf = new PDDocument()) {
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle(document.title());
            info.setCreator("diary-bridge");
            info.setProducer("diary-bridge (Apache PDFBox)");
            info.setCreationDate(Calendar.getInstance());
            PdfWriter w = new PdfWriter(pdf, document.landscape());
            w.paragraph(document.title(), w.bold, TITLE_SIZE);
            w.gap(4);
            for (String line : document.preface()) {
                w.paragraph(line, w.regular, TEXT_SIZE);
            }
            for (Document.Table table : document.tables()) {
                w.gap(10);
                w.table(table);
            }
            if (!document.footer().isEmpty()) {
                w.gap(12);
                for (String line : document.footer()) {
                    w.paragraph(line, w.regular, TEXT_SIZE);
                }
            }
            w.close();
            w.numberPages();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PDF «" + document.title() + "» not rendered", e);
        }
    }

    /** Lays text out top-down over as many pages as it takes. Not thread-safe; one per rendering. */
    private static final class PdfWriter {
        final PDDocument pdf;
        final PDRectangle size;
        final PDFont regular;
        final PDFont bold;
        final Glyphs glyphsRegular;
        final Glyphs glyphsBold;
        PDPageContentStream cs;
        float y;

        PdfWriter(PDDocument pdf, boolean landscape) throws IOException {
            this.pdf = pdf;
            this.size = landscape ? new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth()) : PDRectangle.A4;
            this.regular = PDType0Font.load(pdf, new java.io.ByteArrayInputStream(REGULAR), true);
            this.bold = PDType0Font.load(pdf, new java.io.ByteArrayInputStream(BOLD), true);
            this.glyphsRegular = new Glyphs(regular);
            this.glyphsBold = new Glyphs(bold);
            newPage();
        }

        float width() {
            return size.getWidth() - 2 * MARGIN;
        }

        float bottom() {
            return MARGIN + FOOTER_SPACE;
        }

        Glyphs glyphs(PDFont font) {
            return font == bold ? glyphsBold : glyphsRegular;
        }

        void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(size);
            pdf.addPage(page);
            cs = new PDPageContentStream(pdf, page);
            y = size.getHeight() - MARGIN;
        }

        void close() throws IOException {
            cs.close();
            cs = null;
        }

        void gap(float points) throws IOException {
            y -= points;
            if (y < bottom()) {
                newPage();
            }
        }

        void paragraph(String text, PDFont font, float fontSize) throws IOException {
            float leading = fontSize * 1.25f;
            for (String line : wrap(glyphs(font).clean(text), font, fontSize, width())) {
                if (y - leading < bottom()) {
                    newPage();
                }
                y -= leading;
                text(line, font, fontSize, MARGIN, y + fontSize * 0.25f);
            }
        }

        void text(String s, PDFont font, float fontSize, float x, float baseline) throws IOException {
            if (s.isEmpty()) {
                return;
            }
            cs.beginText();
            cs.setFont(font, fontSize);
            cs.newLineAtOffset(x, baseline);
            cs.showText(s);
            cs.endText();
        }

        void table(Document.Table table) throws IOException {
            int columns = table.headers().size();
            List<String> headers = table.headers().stream().map(glyphsBold::clean).toList();
            List<List<String>> rows = table.rows().stream()
                    .<List<String>>map(r -> {
                        List<String> cells = new ArrayList<>(columns);
                        for (int c = 0; c < columns; c++) {
                            cells.add(c < r.size() ? glyphsRegular.clean(r.get(c)) : "");
                        }
                        return cells;
                    }).toList();
            float[] widths = columnWidths(headers, rows, columns);
            float leading = CELL_SIZE * 1.2f;
            List<List<String>> headerLines = wrapRow(headers, widths, bold);
            float headerHeight = rowHeight(headerLines, leading);

            if (table.caption() != null && !table.caption().isBlank()) {
                // keep the caption with the header and the first row
                float needed = CAPTION_SIZE * 1.25f + headerHeight + leading + 2 * CELL_PAD;
                if (y - needed < bottom()) {
                    newPage();
                }
                paragraph(table.caption(), bold, CAPTION_SIZE);
                y -= 3;
            }
            if (y - headerHeight - leading - 2 * CELL_PAD < bottom()) {
                newPage();
            }
            drawRow(headerLines, widths, headerHeight, leading, bold, true);
            for (List<String> row : rows) {
                List<List<String>> lines = wrapRow(row, widths, regular);
                float height = rowHeight(lines, leading);
                float pageRoom = size.getHeight() - MARGIN - bottom() - headerHeight;
                if (height > pageRoom) { // a row taller than a page is cut to what fits
                    int maxLines = Math.max(1, (int) ((pageRoom - 2 * CELL_PAD) / leading));
                    lines = lines.stream().map(l -> l.size() > maxLines ? l.subList(0, maxLines) : l).toList();
                    height = rowHeight(lines, leading);
                }
                if (y - height < bottom()) {
                    newPage();
                    drawRow(headerLines, widths, headerHeight, leading, bold, true);
                }
                drawRow(lines, widths, height, leading, regular, false);
            }
        }

        float[] columnWidths(List<String> headers, List<List<String>> rows, int columns) throws IOException {
            float[] natural = new float[columns];
            float[] minimum = new float[columns];
            for (int c = 0; c < columns; c++) {
                natural[c] = Math.max(natural[c], widestLine(headers.get(c), bold));
                minimum[c] = Math.max(minimum[c], longestWord(headers.get(c), bold));
            }
            for (List<String> row : rows) {
                for (int c = 0; c < columns; c++) {
                    natural[c] = Math.max(natural[c], widestLine(row.get(c), regular));
                    minimum[c] = Math.max(minimum[c], longestWord(row.get(c), regular));
                }
            }
            float total = 0;
            for (int c = 0; c < columns; c++) {
                natural[c] = Math.max(MIN_COLUMN, Math.min(MAX_NATURAL_COLUMN, natural[c] + 2 * CELL_PAD));
                minimum[c] = Math.max(MIN_COLUMN, Math.min(natural[c], minimum[c] + 2 * CELL_PAD));
                total += natural[c];
            }
            float available = width();
            if (total <= available) {
                return natural;
            }
            // give every column its longest word first, then share the rest in proportion to what each lacks
            float sumMin = 0;
            for (float m : minimum) {
                sumMin += m;
            }
            float[] result = new float[columns];
            if (sumMin >= available) {
                for (int c = 0; c < columns; c++) {
                    result[c] = Math.max(MIN_COLUMN * 0.5f, minimum[c] * available / sumMin);
                }
                return result;
            }
            float lack = total - sumMin;
            float room = available - sumMin;
            for (int c = 0; c < columns; c++) {
                result[c] = minimum[c] + (natural[c] - minimum[c]) * room / lack;
            }
            return result;
        }

        float widestLine(String text, PDFont font) throws IOException {
            float max = 0;
            for (String line : text.split("\n")) {
                max = Math.max(max, textWidth(line, font, CELL_SIZE));
            }
            return max;
        }

        float longestWord(String text, PDFont font) throws IOException {
            float max = 0;
            for (String word : text.split("\\s+")) {
                max = Math.max(max, textWidth(word, font, CELL_SIZE));
            }
            return Math.min(max, 90f); // very long words are broken rather than widen the column
        }

        List<List<String>> wrapRow(List<String> cells, float[] widths, PDFont font) throws IOException {
            List<List<String>> out = new ArrayList<>(cells.size());
            for (int c = 0; c < cells.size(); c++) {
                out.add(wrap(cells.get(c), font, CELL_SIZE, widths[c] - 2 * CELL_PAD));
            }
            return out;
        }

        static float rowHeight(List<List<String>> lines, float leading) {
            int max = 1;
            for (List<String> l : lines) {
                max = Math.max(max, l.size());
            }
            return max * leading + 2 * CELL_PAD;
        }

        void drawRow(List<List<String>> lines, float[] widths, float height, float leading, PDFont font,
                     boolean header) throws IOException {
            float x = MARGIN;
            float total = 0;
            for (float w : widths) {
                total += w;
            }
            if (header) {
                cs.setNonStrokingColor(0.9f, 0.9f, 0.9f);
                cs.addRect(MARGIN, y - height, total, height);
                cs.fill();
                cs.setNonStrokingColor(0f, 0f, 0f);
            }
            cs.setLineWidth(0.4f);
            for (int c = 0; c < widths.length; c++) {
                cs.addRect(x, y - height, widths[c], height);
                float baseline = y - CELL_PAD - CELL_SIZE;
                for (String line : lines.get(c)) {
                    text(line, font, CELL_SIZE, x + CELL_PAD, baseline + CELL_SIZE * 0.15f);
                    baseline -= leading;
                }
                x += widths[c];
            }
            cs.stroke();
            y -= height;
        }

        float textWidth(String s, PDFont font, float fontSize) throws IOException {
            return font.getStringWidth(s) / 1000f * fontSize;
        }

        /** Lines of at most maxWidth: words kept whole where they fit, explicit line breaks honoured. */
        List<String> wrap(String text, PDFont font, float fontSize, float width) throws IOException {
            float maxWidth = width + 0.01f; // column widths are text widths plus padding; float rounding
            List<String> lines = new ArrayList<>();
            for (String paragraph : text.split("\n", -1)) {
                StringBuilder line = new StringBuilder();
                for (String word : paragraph.trim().split(" +")) {
                    if (word.isEmpty()) {
                        continue;
                    }
                    String candidate = line.isEmpty() ? word : line + " " + word;
                    if (textWidth(candidate, font, fontSize) <= maxWidth) {
                        line.setLength(0);
                        line.append(candidate);
                        continue;
                    }
                    if (!line.isEmpty()) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    // the word alone: break it by characters while it is too wide
                    String rest = word;
                    while (textWidth(rest, font, fontSize) > maxWidth && rest.length() > 1) {
                        int cut = 1;
                        while (cut < rest.length()
                                && textWidth(rest.substring(0, cut + 1), font, fontSize) <= maxWidth) {
                            cut++;
                        }
                        lines.add(rest.substring(0, cut));
                        rest = rest.substring(cut);
                    }
                    line.append(rest);
                }
                lines.add(line.toString());
            }
            return lines;
        }

        void numberPages() throws IOException {
            int total = pdf.getNumberOfPages();
            int n = 0;
            for (PDPage page : pdf.getPages()) {
                n++;
                try (PDPageContentStream footer = new PDPageContentStream(pdf, page,
                        PDPageContentStream.AppendMode.APPEND, true, true)) {
                    String label = "Стр. " + n + " из " + total;
                    float w = regular.getStringWidth(label) / 1000f * CELL_SIZE;
                    footer.beginText();
                    footer.setFont(regular, CELL_SIZE);
                    footer.newLineAtOffset(size.getWidth() - MARGIN - w, MARGIN);
                    footer.showText(label);
                    footer.endText();
                }
            }
        }
    }

    /** Replaces what the font cannot show (and control characters) so that rendering never fails on odd input. */
    private static final class Glyphs {
        private final PDFont font;
        private final ConcurrentHashMap<Integer, Boolean> known = new ConcurrentHashMap<>();

        Glyphs(PDFont font) {
            this.font = font;
        }

        String clean(String text) {
            if (text == null) {
                return "";
            }
            StringBuilder sb = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                if (cp == '\n') {
                    sb.append('\n');
                } else if (cp == '\r') {
                    // dropped; \r\n becomes \n
                } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                    sb.append(' ');
                } else if (Character.isISOControl(cp)) {
                    sb.append(' ');
                } else if (known.computeIfAbsent(cp, this::printable)) {
                    sb.appendCodePoint(cp);
                } else {
                    sb.append('?');
                }
            });
            return sb.toString();
        }

        private boolean printable(int cp) {
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- XLSX

    @Override
    public byte[] xlsx(Document document) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.getProperties().getCoreProperties().setTitle(document.title());
            wb.getProperties().getCoreProperties().setCreator("diary-bridge");
            Font boldFont = wb.createFont();
            boldFont.setBold(true);
            CellStyle titleStyle = wb.createCellStyle();
            Font titleFont = wb.createFont();
            titleFont.setBold(true);
            titleFont.setFontHeightInPoints((short) 13);
            titleStyle.setFont(titleFont);
            CellStyle headerStyle = wb.createCellStyle();
            headerStyle.setFont(boldFont);
            headerStyle.setWrapText(true);
            headerStyle.setVerticalAlignment(VerticalAlignment.TOP);
            border(headerStyle);
            CellStyle textStyle = wb.createCellStyle();
            textStyle.setWrapText(true);
            textStyle.setVerticalAlignment(VerticalAlignment.TOP);
            border(textStyle);
            CellStyle numberStyle = wb.createCellStyle();
            numberStyle.setVerticalAlignment(VerticalAlignment.TOP);
            border(numberStyle);

            Set<String> usedNames = new HashSet<>();
            List<Document.Table> tables = document.tables().isEmpty()
                    ? List.of(new Document.Table(document.title(), List.of(), List.of()))
                    : document.tables();
            for (Document.Table table : tables) {
                Sheet sheet = wb.createSheet(sheetName(table.caption(), usedNames, wb.getNumberOfSheets() + 1));
                int r = 0;
                Cell title = sheet.createRow(r++).createCell(0);
                title.setCellValue(document.title());
                title.setCellStyle(titleStyle);
                for (String line : document.preface()) {
                    sheet.createRow(r++).createCell(0).setCellValue(line);
                }
                r++;
                int columns = table.headers().size();
                int[] chars = new int[columns];
                Row header = sheet.createRow(r++);
                for (int c = 0; c < columns; c++) {
                    Cell cell = header.createCell(c);
                    cell.setCellValue(table.headers().get(c));
                    cell.setCellStyle(headerStyle);
                    chars[c] = longestLine(table.headers().get(c));
                }
                if (columns > 0) {
                    sheet.createFreezePane(0, r);
                }
                for (List<String> cells : table.rows()) {
                    Row row = sheet.createRow(r++);
                    for (int c = 0; c < columns; c++) {
                        String value = c < cells.size() && cells.get(c) != null ? cells.get(c) : "";
                        Cell cell = row.createCell(c);
                        if (NUMBER.matcher(value).matches()) {
                            cell.setCellValue(Double.parseDouble(value.replace(',', '.')));
                            cell.setCellStyle(numberStyle);
                        } else {
                            cell.setCellValue(value);
                            cell.setCellStyle(textStyle);
                        }
                        chars[c] = Math.max(chars[c], longestLine(value));
                    }
                }
                if (!document.footer().isEmpty()) {
                    r++;
                    for (String line : document.footer()) {
                        sheet.createRow(r++).createCell(0).setCellValue(line);
                    }
                }
                for (int c = 0; c < columns; c++) {
                    int width = Math.min(MAX_XLSX_CHARS, Math.max(4, chars[c]) + 2);
                    sheet.setColumnWidth(c, width * 256);
                }
                sheet.getPrintSetup().setLandscape(document.landscape());
                sheet.setRepeatingRows(new org.apache.poi.ss.util.CellRangeAddress(
                        header.getRowNum(), header.getRowNum(), -1, -1));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("XLSX «" + document.title() + "» not rendered", e);
        }
    }

    private static void border(CellStyle style) {
        style.setBorderTop(BorderStyle.THIN);
        style.setBorderBottom(BorderStyle.THIN);
        style.setBorderLeft(BorderStyle.THIN);
        style.setBorderRight(BorderStyle.THIN);
    }

    private static int longestLine(String text) {
        int max = 0;
        for (String line : text.split("\n")) {
            max = Math.max(max, line.length());
        }
        return max;
    }

    /** A valid sheet name (≤ 31 characters, no []:*?/\), unique within the workbook ignoring case. */
    static String sheetName(String caption, Set<String> used, int ordinal) {
        String base = caption == null || caption.isBlank() ? "Лист " + ordinal : caption.strip();
        base = WorkbookUtil.createSafeSheetName(base, '_');
        if (base.startsWith("'")) {
            base = "_" + base.substring(1);
        }
        if (base.endsWith("'")) {
            base = base.substring(0, base.length() - 1) + "_";
        }
        String name = base;
        for (int n = 2; used.contains(name.toLowerCase(Locale.ROOT)); n++) {
            String suffix = " (" + n + ")";
            name = base.substring(0, Math.min(base.length(), 31 - suffix.length())) + suffix;
        }
        used.add(name.toLowerCase(Locale.ROOT));
        return name;
    }
}
