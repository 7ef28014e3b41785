package ru.diarybridge.routes.control;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.diarybridge.routes.control.SmallSchool.FROM;
import static ru.diarybridge.routes.control.SmallSchool.TO;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import ru.diarybridge.routes.control.ReportFigures.ClassProgress;
import ru.diarybridge.routes.control.ReportFigures.Fill;
import ru.diarybridge.routes.control.ReportFigures.MarkCount;
import ru.diarybridge.routes.control.ReportFigures.PupilProgress;
import ru.diarybridge.routes.control.ReportFigures.PupilSubject;
import ru.diarybridge.routes.control.ReportFigures.Timeliness;
import ru.diarybridge.routes.documents.Document;

/** Every figure against a count made by hand from {@link SmallSchool} (L0 and m0 lie before the window). */
class ReportFiguresTest {

    private static final String T1 = "asurso:small:t1";
    private static final String T2 = "asurso:small:t2";

    @Test
    void fillTimelinessPerClassAndTeacher() {
        // t1: L1, L2, L5 (L2 without topic); m1, m3, m5 on the day, m2 two days later
        // t2: L3, L4; m4 eleven days later
        assertThat(ReportFigures.timeliness(List.of(SmallSchool.class5b()), FROM, TO)).containsExactly(
                new Timeliness("5б", T1, 3, 2, 4, 3, 1, 0),
                new Timeliness("5б", T2, 2, 2, 1, 0, 0, 1));
        assertThat(ReportFigures.timeliness(List.of(SmallSchool.class5b()), FROM, TO).get(0).onDayPercent())
                .isEqualByComparingTo("75.0");
    }

    @Test
    void journalFillPerClassAndSchool() {
        // 5б: t1 and t2 gave topics; A has 3 marks, B 2, C none; L2 lacks a topic; L2 and L4 lack homework
        assertThat(ReportFigures.fill(SmallSchool.class5b(), FROM, TO))
                .isEqualTo(new Fill("5б", 2, 2, 3, 1, 0, 5, 1, 2, 5));
        Fill f = ReportFigures.fill(SmallSchool.class5b(), FROM, TO);
        assertThat(f.teachersPercent()).isEqualByComparingTo("100.0");
        assertThat(f.withoutMarksPercent()).isEqualByComparingTo("33.3");
        assertThat(f.oneMarkPercent()).isEqualByComparingTo("0.0");
        // 1а: t1 gave a topic, t3 gave nothing
        assertThat(ReportFigures.fill(SmallSchool.class1a(), FROM, TO))
                .isEqualTo(new Fill("1а", 2, 1, 1, 1, 0, 2, 1, 2, 0));
        // school: t1, t2, t3 counted once; t1 and t2 take part
        Fill total = ReportFigures.total(List.of(SmallSchool.class5b(), SmallSchool.class1a()), FROM, TO);
        assertThat(total).isEqualTo(new Fill("Итого по школе", 3, 2, 4, 2, 0, 7, 2, 4, 5));
        assertThat(total.teachersPercent()).isEqualByComparingTo("66.7");
        assertThat(total.withoutMarksPercent()).isEqualByComparingTo("50.0");
    }

    @Test
    void marksPerPupilAndSubjectAgainstTheMinimum() {
        // 001 §4.5: maths 3 lessons in 7 days = 3 h/week → minimum 5; Russian 2 h/week → 4
        assertThat(ReportFigures.minimumMarks(1)).isEqualTo(3);
        assertThat(ReportFigures.markCounts(SmallSchool.class5b(), FROM, TO)).containsExactly(
                new MarkCount("5б", "asurso:small:A", "Андреев И.П.", "Математика", 2, 3, 5),
                new MarkCount("5б", "asurso:small:A", "Андреев И.П.", "Русский язык", 1, 2, 4),
                new MarkCount("5б", "asurso:small:B", "Борисова А.", "Математика", 2, 3, 5),
                new MarkCount("5б", "asurso:small:B", "Борисова А.", "Русский язык", 0, 2, 4),
                new MarkCount("5б", "asurso:small:C", "Васильев О.И.", "Математика", 0, 3, 5),
                new MarkCount("5б", "asurso:small:C", "Васильев О.И.", "Русский язык", 0, 2, 4));
    }

    @Test
    void progressAndAttendancePerPupilAndClass() {
        List<PupilSubject> subjects = ReportFigures.pupilSubjects(SmallSchool.class5b(), FROM, TO);
        assertThat(subjects.get(0)).isEqualTo(new PupilSubject("5б", "asurso:small:A", "Андреев И.П.", "Математика",
                List.of("5", "4-"), new BigDecimal("4.50"), "5", 3, 0, 0, 0));
        assertThat(subjects.get(4)).isEqualTo(new PupilSubject("5б", "asurso:small:C", "Васильев О.И.",
                "Математика", List.of(), null, "", 3, 2, 1, 0));
        assertThat(subjects.get(5)).isEqualTo(new PupilSubject("5б", "asurso:small:C", "Васильев О.И.",
                "Русский язык", List.of(), null, "", 2, 1, 0, 0));
        assertThat(ReportFigures.pupilProgress(SmallSchool.class5b(), FROM, TO)).containsExactly(
                new PupilProgress("5б", "asurso:small:A", "Андреев И.П.", new BigDecimal("4.00"), 0, 5, 0, 0, 0),
                new PupilProgress("5б", "asurso:small:B", "Борисова А.", new BigDecimal("3.00"), 1, 5, 0, 0, 1),
                new PupilProgress("5б", "asurso:small:C", "Васильев О.И.", null, 0, 5, 3, 1, 0));
        // marks 5, 4, 2, 3, 4 → 3.60; nobody below 2.5 in a subject; nobody at 3.5+ in every subject
        ClassProgress c = ReportFigures.classProgress(SmallSchool.class5b(), FROM, TO);
        assertThat(c).isEqualTo(new ClassProgress("5б", 3, new BigDecimal("3.60"), 3, 0, 5, 3, 1, 1));
        assertThat(c.progressPercent()).isEqualByComparingTo("100.0");
        assertThat(c.qualityPercent()).isEqualByComparingTo("0.0");
    }

    @Test
    void reportWindowsFollowTheirSchedules() {
        assertThat(ReportKind.WEEKLY.windows(LocalDate.of(2026, 11, 23), List.of()))
                .containsExactly(new ReportKind.Window(LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 22), null));
        assertThat(ReportKind.TEN_DAY.windows(LocalDate.of(2026, 11, 21), List.of()))
                .containsExactly(new ReportKind.Window(LocalDate.of(2026, 11, 11), LocalDate.of(2026, 11, 20), null));
        assertThat(ReportKind.MONTHLY.windows(LocalDate.of(2026, 12, 1), List.of()))
                .containsExactly(new ReportKind.Window(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), null));
        var periods = PlantedSchool.PERIODS;
        assertThat(ReportKind.PERIOD.windows(LocalDate.of(2026, 10, 25), periods)).singleElement()
                .satisfies(w -> assertThat(w.period().name()).isEqualTo("1 четверть"));
        assertThat(ReportKind.PERIOD.windows(LocalDate.of(2026, 10, 24), periods)).isEmpty();
        // 003 §5.2: 14 days before 27.12 both the 2nd quarter and the 1st half-year are due
        assertThat(ReportKind.PRELIMINARY.windows(LocalDate.of(2026, 12, 13), periods))
                .extracting(w -> w.period().name()).containsExactly("1 полугодие", "2 четверть");
        assertThat(ReportKind.PRELIMINARY.windows(LocalDate.of(2026, 12, 13), periods).get(0).to())
                .isEqualTo(LocalDate.of(2026, 12, 13));
    }

    @Test
    void weeklyReportSaysTheSourceDoesNotExposeActivity() {
        ControlReports.School school = new ControlReports.School("small", "Школа № 1", "АСУ РСО");
        Document d = ControlReports.build(ReportKind.WEEKLY, school, new ReportKind.Window(FROM, TO, null),
                LocalDate.of(2026, 10, 12), List.of(SmallSchool.class5b()), List.of());
        assertThat(d.tables().get(0).rows().get(0).get(1))
                .startsWith("Источник данных (АСУ РСО) не передаёт сведения об активности пользователей");
        assertThat(d.tables().get(1).rows()).containsExactly(
                List.of("5б", T1, "3", "2", "4", "3", "1", "0", "75,0"),
                List.of("5б", T2, "2", "2", "1", "0", "0", "1", "0,0"));
        assertThat(d.preface()).contains("Период: 05.10.2026 – 11.10.2026");
    }

    @Test
    void monthlyReportHoldsFillMarksBelowMinimumAndFindings() {
        ControlReports.School school = new ControlReports.School("small", "Школа № 1", "АСУ РСО");
        Finding f = new Finding("small", "asurso:small:5b", "5б", "asurso:small:mat", T1, "asurso:small:L1", FROM,
                "asurso:small:A", "asurso:small:m1", "LATE_MARK", "004 §7.4", "текст нарушения", TO);
        Document d = ControlReports.build(ReportKind.MONTHLY, school, new ReportKind.Window(FROM, TO, null), TO,
                List.of(SmallSchool.class5b(), SmallSchool.class1a()), List.of(f));
        assertThat(d.tables().get(0).rows().get(2)).containsExactly("Итого по школе", "3", "2", "66,7", "4", "2",
                "50,0", "0", "0,0", "7", "2", "4", "5");
        assertThat(d.tables().get(1).rows()).hasSize(6);  // 1а has no marks by rule and is left out
        assertThat(d.tables().get(2).rows()).containsExactly(
                List.of("5б", "05.10.2026", "LATE_MARK", "004 §7.4", "текст нарушения", "11.10.2026"));
        assertThat(d.footer()).contains(ControlReports.PARTICIPATION_NOT_EXPOSED);
    }

    @Test
    void yearReportsLeaveTheTeachersCouncilColumnBlank() {
        ControlReports.School school = new ControlReports.School("small", "Школа № 1", "АСУ РСО");
        var year = new ru.diarybridge.model.Period(SmallSchool.k("y"), SmallSchool.k("y"),
                ru.diarybridge.model.PeriodType.YEAR, 1, "2026/2027 учебный год", FROM, TO);
        Document d = ControlReports.build(ReportKind.YEAR, school, new ReportKind.Window(FROM, TO, year), TO,
                List.of(SmallSchool.class5b()), List.of());
        assertThat(d.tables()).extracting(Document.Table::caption).containsExactly(
                "Сводный отчет об успеваемости класса 5б", "Сводный отчет о посещаемости класса 5б");
        assertThat(d.tables().get(0).headers()).containsExactly("Ученик", "Математика", "Русский язык",
                "Средний балл", "Решение педсовета");
        assertThat(d.tables().get(0).rows().get(0)).containsExactly("Андреев И.П.", "5", "3,00", "4,00", "");
        assertThat(d.tables().get(1).rows().get(2)).containsExactly("Васильев О.И.", "5", "3", "1", "0", "");
    }
}
