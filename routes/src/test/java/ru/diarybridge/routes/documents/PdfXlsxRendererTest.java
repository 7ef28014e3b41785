package ru.diarybridge.routes.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class PdfXlsxRendererTest {

    private final PdfXlsxRenderer renderer = new PdfXlsxRenderer();

    private static Document journal(int rows, boolean landscape) {
        List<List<String>> data = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            data.add(List.of(String.valueOf(i), "Ученик " + i + " Щербаков-Ёлкин",
                    i % 2 == 0 ? "5" : "4,5",
                    "Тема урока: правописание приставок пре- и при- в словах с неясным значением " + i));
        }
        return new Document("Сводная ведомость учёта успеваемости",
                List.of("Школа: МБОУ «Школа № 107»", "Класс: 5А", "Период: 1 четверть 2026/2027 учебного года"),
                List.of(new Document.Table("Русский язык", List.of("№", "Фамилия, имя", "Оценка", "Тема"), data)),
                List.of("Классный руководитель ____________"), landscape);
    }

    private static String text(PDDocument pdf, int page) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(pdf);
    }

    @Test
    void pdfCarriesCyrillicTextThatExtractsBack() throws IOException {
        byte[] bytes = renderer.pdf(journal(3, false));
        assertThat(new String(bytes, 0, 5)).isEqualTo("%PDF-");
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            String all = new PDFTextStripper().getText(pdf);
            assertThat(all).contains("Сводная ведомость учёта успеваемости", "Класс: 5А", "Русский язык",
                    "Фамилия, имя", "Ученик 2 Щербаков-Ёлкин", "Классный руководитель", "Стр. 1 из 1");
            assertThat(pdf.getDocumentInformation().getTitle()).isEqualTo("Сводная ведомость учёта успеваемости");
            PDPage page = pdf.getPage(0);
            assertThat(page.getMediaBox().getWidth()).isLessThan(page.getMediaBox().getHeight());
            // the font travels with the file: a reader without DejaVu still prints Cyrillic
            PDFont font = page.getResources().getFont(page.getResources().getFontNames().iterator().next());
            assertThat(font.isEmbedded()).isTrue();
            assertThat(font.getName()).contains("DejaVuSans");
        }
    }

    @Test
    void longTableRepeatsItsHeaderAndNumbersEveryPage() throws IOException {
        byte[] bytes = renderer.pdf(journal(150, true));
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            int pages = pdf.getNumberOfPages();
            assertThat(pages).isGreaterThan(2);
            assertThat(pdf.getPage(0).getMediaBox().getWidth()).isGreaterThan(pdf.getPage(0).getMediaBox().getHeight());
            for (int p = 1; p <= pages; p++) {
                String page = text(pdf, p);
                assertThat(page).as("page %d", p).contains("Фамилия, имя", "Стр. " + p + " из " + pages);
            }
            String all = new PDFTextStripper().getText(pdf);
            for (int i = 1; i <= 150; i++) {
                assertThat(all).contains("Ученик " + i + " Щербаков-Ёлкин");
            }
            assertThat(text(pdf, pages)).contains("Классный руководитель");
        }
    }

    @Test
    void narrowColumnsWrapWordsAndBreakOverlongOnes() throws IOException {
        String longWord = "Сверхдлиннаяслитнаястрокабезединогопробела".repeat(4);
        List<String> headers = new ArrayList<>();
        List<String> row = new ArrayList<>();
        for (int c = 0; c < 14; c++) {
            headers.add("Колонка " + c);
            row.add(c == 3 ? longWord : "слово другое третье четвёртое пятое шестое седьмое " + c);
        }
        Document doc = new Document("Широкая таблица", null,
                List.of(new Document.Table("Т", headers, List.of(row))), null, true);
        try (PDDocument pdf = Loader.loadPDF(renderer.pdf(doc))) {
            String all = new PDFTextStripper().getText(pdf);
            // ordinary words are wrapped whole
            assertThat(all.replaceAll("\\s+", " ")).contains("Колонка 13", "седьмое 13");
            assertThat(all.lines().filter(l -> l.contains("четвёртое")).count()).isEqualTo(13);
            // the overlong word was broken over lines, yet no letter lost
            assertThat(all.replaceAll("\\s+", "")).contains(longWord);
            assertThat(all).doesNotContain(longWord);
        }
    }

    @Test
    void charactersTheFontLacksDoNotBreakRendering() throws IOException {
        Document doc = new Document("Заголовок\tс табуляцией", List.of("смайлик \uD83D\uDE00 и ��"),
                List.of(new Document.Table("Т", List.of("А"), List.of(List.of("строка\r\nвторая")))), null, false);
        try (PDDocument pdf = Loader.loadPDF(renderer.pdf(doc))) {
            String all = new PDFTextStripper().getText(pdf);
            assertThat(all).contains("Заголовок с табуляцией", "смайлик", "строка", "вторая");
        }
    }

    @Test
    void xlsxHasOneSheetPerTableWithBoldFrozenHeader() throws IOException {
        String longCaption = "Сводный отчет об успеваемости класса 11Б за учебный год";
        Document doc = new Document("Сводный отчет", List.of("Класс: 11Б"), List.of(
                new Document.Table(longCaption, List.of("Ученик", "Средний балл"),
                        List.of(List.of("Иванов Пётр", "4,5"), List.of("Петрова Анна", "5"))),
                new Document.Table(longCaption, List.of("Ученик", "Пропущено"), List.of(List.of("Иванов Пётр", "12"))),
                new Document.Table("Лист: [итоги]*?", List.of("Ученик"), List.of())),
                List.of("Решение педсовета: ____"), true);
        byte[] bytes = renderer.xlsx(doc);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(3);
            String first = wb.getSheetName(0);
            String second = wb.getSheetName(1);
            assertThat(first).hasSize(31).isEqualTo(longCaption.substring(0, 31));
            assertThat(second).hasSizeLessThanOrEqualTo(31).endsWith("(2)").isNotEqualTo(first);
            assertThat(wb.getSheetName(2)).doesNotContain("[", "]", ":", "*", "?");

            XSSFSheet sheet = wb.getSheetAt(0);
            DataFormatter fmt = new DataFormatter();
            assertThat(fmt.formatCellValue(sheet.getRow(0).getCell(0))).isEqualTo("Сводный отчет");
            assertThat(fmt.formatCellValue(sheet.getRow(1).getCell(0))).isEqualTo("Класс: 11Б");
            Row header = sheet.getRow(3);
            assertThat(fmt.formatCellValue(header.getCell(0))).isEqualTo("Ученик");
            assertThat(fmt.formatCellValue(header.getCell(1))).isEqualTo("Средний балл");
            assertThat(wb.getFontAt(header.getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
            PaneInformation pane = sheet.getPaneInformation();
            assertThat(pane.isFreezePane()).isTrue();
            assertThat(pane.getHorizontalSplitPosition()).isEqualTo((short) 4);

            XSSFCell name = sheet.getRow(4).getCell(0);
            assertThat(name.getStringCellValue()).isEqualTo("Иванов Пётр");
            assertThat(wb.getFontAt(name.getCellStyle().getFontIndex()).getBold()).isFalse();
            XSSFCell mark = sheet.getRow(4).getCell(1);
            assertThat(mark.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(mark.getNumericCellValue()).isEqualTo(4.5);
            assertThat(fmt.formatCellValue(sheet.getRow(5).getCell(0))).isEqualTo("Петрова Анна");
            assertThat(fmt.formatCellValue(sheet.getRow(7).getCell(0))).isEqualTo("Решение педсовета: ____");
            int width = sheet.getColumnWidth(0);
            assertThat(width).isBetween(6 * 256, 60 * 256);
            assertThat(sheet.getPrintSetup().getLandscape()).isTrue();

            Sheet empty = wb.getSheetAt(2);
            assertThat(fmt.formatCellValue(empty.getRow(3).getCell(0))).isEqualTo("Ученик");
        }
    }

    @Test
    void sheetNamesStayUniqueIgnoringCase() {
        java.util.Set<String> used = new java.util.HashSet<>();
        assertThat(PdfXlsxRenderer.sheetName("Итоги", used, 1)).isEqualTo("Итоги");
        assertThat(PdfXlsxRenderer.sheetName("ИТОГИ", used, 2)).isEqualTo("ИТОГИ (2)");
        assertThat(PdfXlsxRenderer.sheetName("итоги", used, 3)).isEqualTo("итоги (3)");
        assertThat(PdfXlsxRenderer.sheetName(" ", used, 4)).isEqualTo("Лист 4");
    }
}
