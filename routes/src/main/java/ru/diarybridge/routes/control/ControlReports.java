package ru.diarybridge.routes.control;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.routes.documents.Document;
import ru.diarybridge.routes.documents.Document.Table;

/**
 * Turns the figures of {@link ReportFigures} into the Russian report documents of flow 5. Pure: the caller gives
 * the journals of the window (period-bound reports: only the classes of that period) and the findings.
 */
public final class ControlReports {

    static final String NOT_EXPOSED = "Источник данных (%s) не передаёт сведения об активности пользователей "
            + "(входы, просмотры, работа с журналом); показатель не может быть рассчитан.";
    static final String PARTICIPATION_NOT_EXPOSED = "Доля родителей и учащихся, работающих с дневником "
            + "(003 §3.5): источник данных не передаёт эти сведения.";

    private ControlReports() {
    }

    /** The school a report is for; sourceName is how its journal system is called («АСУ РСО»). */
    public record School(String id, String name, String sourceName) {
    }

    public static String title(ReportKind kind, ReportKind.Window w) {
        return switch (kind) {
            case WEEKLY -> "Еженедельный отчёт об активности пользователей и своевременности заполнения журнала";
            case TEN_DAY -> "Отчёт о своевременности заполнения электронного журнала (каждые 10 дней)";
            case MONTHLY -> "Ежемесячный отчёт о заполнении электронного журнала";
            case PERIOD -> "Отчёт о заполнении журнала, успеваемости и посещаемости за период «"
                    + w.period().name() + "»";
            case PARENTS -> "Отчёты для родителей об успеваемости и посещаемости учащихся за период «"
                    + w.period().name() + "»";
            case YEAR -> "Сводные отчёты об успеваемости и посещаемости классов за " + w.period().name();
            case PRELIMINARY -> "Предварительный отчёт об успеваемости и посещаемости (за 2 недели до окончания "
                    + "периода «" + w.period().name() + "»)";
        };
    }

    public static Document build(ReportKind kind, School school, ReportKind.Window w, LocalDate madeOn,
                                 List<ClassJournal> journals, List<Finding> findings) {
        List<String> preface = List.of("Школа: " + school.name() + " (" + school.id() + ")",
                "Период: " + CheckContext.date(w.from()) + " – " + CheckContext.date(w.to()),
                "Сформирован: " + CheckContext.date(madeOn));
        List<Table> tables = new ArrayList<>();
        List<String> footer = new ArrayList<>();
        switch (kind) {
            case WEEKLY -> {
                tables.add(new Table("Активность пользователей", List.of("Показатель", "Значение"),
                        List.of(List.of("Активность пользователей за неделю",
                                String.format(NOT_EXPOSED, school.sourceName())))));
                tables.add(timelinessTable(ReportFigures.timeliness(journals, w.from(), w.to())));
                footer.add("Основание: 000 §6 (еженедельно), 000 §5.2.4; журнал заполняется в день урока "
                        + "(001 §3.2.4.2), отметки — не позднее 7 дней (004 §7.4).");
            }
            case TEN_DAY -> {
                tables.add(timelinessTable(ReportFigures.timeliness(journals, w.from(), w.to())));
                footer.add("Основание: 002 §5.2 (проверка своевременности заполнения каждые 10 дней).");
            }
            case MONTHLY -> {
                tables.add(fillTable(journals, w));
                tables.add(markCountTable(journals, w));
                tables.add(findingsTable(findings));
                footer.add(PARTICIPATION_NOT_EXPOSED);
                footer.add("Основание: 001 §3.2.2.3, 003 §6, 004 §8 (ежемесячно).");
            }
            case PERIOD -> {
                tables.add(fillTable(journals, w));
                tables.add(classProgressTable(journals, w));
                tables.add(pupilProgressTable(journals, w));
                tables.add(markCountTable(journals, w));
                footer.add("Основание: 003 §6, 004 §8 (по окончании учебного периода).");
            }
            case PARENTS, PRELIMINARY -> {
                if (kind == ReportKind.PRELIMINARY) {
                    tables.add(classProgressTable(journals, w));
                }
                tables.addAll(pupilTables(journals, w));
                footer.add(kind == ReportKind.PARENTS
                        ? "Основание: 004, регламент классного руководителя п.5 (отчёт по окончании периода)."
                        : "Основание: 003 §5.2 (предварительные отчёты за 2 недели до окончания периода).");
            }
            case YEAR -> {
                for (ClassJournal j : journals) {
                    tables.add(yearProgressTable(j, w));
                    tables.add(yearAttendanceTable(j, w));
                }
                footer.add("Графа «Решение педсовета» заполняется от руки. Основание: 004, регламент классного "
                        + "руководителя п.5.");
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return new Document(title(kind, w), preface, tables, footer, kind != ReportKind.PARENTS);
    }

    static Table timelinessTable(List<ReportFigures.Timeliness> rows) {
        return new Table("Своевременность заполнения", List.of("Класс", "Учитель (id)", "Уроков", "Уроков с темой",
                "Отметок", "В день урока", "В течение 7 дней", "Позже 7 дней", "% в день урока"),
                rows.stream().map(r -> List.of(r.className(), r.teacherKey(), n(r.lessons()), n(r.lessonsWithTopic()),
                        n(r.marks()), n(r.onLessonDay()), n(r.withinSevenDays()), n(r.later()),
                        pct(r.onDayPercent()))).toList());
    }

    static Table fillTable(List<ClassJournal> journals, ReportKind.Window w) {
        List<ReportFigures.Fill> rows = new ArrayList<>();
        journals.forEach(j -> rows.add(ReportFigures.fill(j, w.from(), w.to())));
        rows.add(ReportFigures.total(journals, w.from(), w.to()));
        return new Table("Заполнение журнала", List.of("Класс", "Учителей", "Участвуют", "% учителей", "Учеников",
                "Без отметок", "% без отметок", "С одной отметкой", "% с одной отметкой", "Уроков", "Без темы",
                "Без домашнего задания", "Отметок"),
                rows.stream().map(f -> List.of(f.className(), n(f.teachers()), n(f.teachersTakingPart()),
                        pct(f.teachersPercent()), n(f.pupils()), n(f.pupilsWithoutMarks()), pct(f.withoutMarksPercent()),
                        n(f.pupilsWithOneMark()), pct(f.oneMarkPercent()), n(f.lessons()), n(f.lessonsWithoutTopic()),
                        n(f.lessonsWithoutHomework()), n(f.marks()))).toList());
    }

    /** Pupils with fewer marks in a subject than 001 §4.5 asks for (the caption is also the XLSX sheet name). */
    static Table markCountTable(List<ClassJournal> journals, ReportKind.Window w) {
        List<List<String>> rows = new ArrayList<>();
        for (ClassJournal j : journals) {
            if (j.schoolClass().grade() == 1) {
                continue; // no marks in grade 1 (001 §3.2.4.11)
            }
            ReportFigures.markCounts(j, w.from(), w.to()).stream().filter(ReportFigures.MarkCount::belowMinimum)
                    .forEach(m -> rows.add(List.of(m.className(), m.pupilName(), m.subject(), n(m.marks()),
                            n(m.weeklyHours()), n(m.minimum()))));
        }
        return new Table("Мало отметок (001 §4.5)", List.of("Класс", "Ученик", "Предмет", "Отметок", "Часов в неделю",
                "Минимум"), rows);
    }

    static Table findingsTable(List<Finding> findings) {
        return new Table("Нарушения регламента", List.of("Класс", "Дата урока", "Правило", "Пункт", "Описание",
                "Выявлено"), findings.stream().map(f -> List.of(f.className(),
                f.lessonDate() == null ? "" : CheckContext.date(f.lessonDate()), f.ruleCode(), f.clause(), f.text(),
                CheckContext.date(f.firstSeen()))).toList());
    }

    static Table classProgressTable(List<ClassJournal> journals, ReportKind.Window w) {
        return new Table("Успеваемость и посещаемость по классам", List.of("Класс", "Учеников", "Средний балл",
                "Успевают", "% успеваемости", "Качество («4» и «5»)", "% качества", "Уроков", "Пропущено уроков",
                "Без уважительной причины", "Опозданий"),
                journals.stream().map(j -> ReportFigures.classProgress(j, w.from(), w.to())).map(c -> List.of(
                        c.className(), n(c.pupils()), avg(c.average()), n(c.pupilsWithoutUnsatisfactory()),
                        pct(c.progressPercent()), n(c.pupilsGood()), pct(c.qualityPercent()), n(c.lessons()),
                        n(c.missed()), n(c.missedUnexcused()), n(c.late()))).toList());
    }

    static Table pupilProgressTable(List<ClassJournal> journals, ReportKind.Window w) {
        List<List<String>> rows = new ArrayList<>();
        for (ClassJournal j : journals) {
            ReportFigures.pupilProgress(j, w.from(), w.to()).forEach(p -> rows.add(List.of(p.className(),
                    p.pupilName(), avg(p.average()), n(p.unsatisfactory()), n(p.missed()), n(p.missedUnexcused()),
                    n(p.late()))));
        }
        return new Table("Успеваемость и посещаемость по учащимся", List.of("Класс", "Ученик", "Средний балл",
                "Неудовлетворительных отметок", "Пропущено уроков", "Без уважительной причины", "Опозданий"), rows);
    }

    static List<Table> pupilTables(List<ClassJournal> journals, ReportKind.Window w) {
        List<Table> tables = new ArrayList<>();
        for (ClassJournal j : journals) {
            Map<String, List<ReportFigures.PupilSubject>> byPupil = new LinkedHashMap<>();
            ReportFigures.pupilSubjects(j, w.from(), w.to())
                    .forEach(s -> byPupil.computeIfAbsent(s.pupilKey(), k -> new ArrayList<>()).add(s));
            for (List<ReportFigures.PupilSubject> rows : byPupil.values()) {
                tables.add(new Table(j.schoolClass().name() + " — " + rows.get(0).pupilName(), List.of("Предмет",
                        "Отметки", "Средний балл", "Отметка за период", "Уроков", "Пропущено",
                        "Без уважительной причины", "Опозданий"),
                        rows.stream().map(s -> List.of(s.subject(), String.join(" ", s.marks()), avg(s.average()),
                                s.periodMark(), n(s.lessons()), n(s.missed()), n(s.missedUnexcused()), n(s.late())))
                                .toList()));
            }
        }
        return tables;
    }

    static Table yearProgressTable(ClassJournal j, ReportKind.Window w) {
        List<ReportFigures.PupilSubject> all = ReportFigures.pupilSubjects(j, w.from(), w.to());
        List<String> subjects = all.stream().map(ReportFigures.PupilSubject::subject).distinct().toList();
        List<String> headers = new ArrayList<>(List.of("Ученик"));
        headers.addAll(subjects);
        headers.add("Средний балл");
        headers.add("Решение педсовета");
        Map<String, List<ReportFigures.PupilSubject>> byPupil = new LinkedHashMap<>();
        all.forEach(s -> byPupil.computeIfAbsent(s.pupilKey(), k -> new ArrayList<>()).add(s));
        List<List<String>> rows = new ArrayList<>();
        for (ReportFigures.PupilProgress p : ReportFigures.pupilProgress(j, w.from(), w.to())) {
            List<String> row = new ArrayList<>(List.of(p.pupilName()));
            for (String subject : subjects) {
                row.add(byPupil.getOrDefault(p.pupilKey(), List.of()).stream().filter(s -> s.subject().equals(subject))
                        .findFirst().map(s -> s.periodMark().isEmpty() ? avg(s.average()) : s.periodMark()).orElse(""));
            }
            row.add(avg(p.average()));
            row.add("");
            rows.add(row);
        }
        return new Table("Сводный отчет об успеваемости класса " + j.schoolClass().name(), headers, rows);
    }

    static Table yearAttendanceTable(ClassJournal j, ReportKind.Window w) {
        return new Table("Сводный отчет о посещаемости класса " + j.schoolClass().name(), List.of("Ученик",
                "Уроков", "Пропущено уроков", "Без уважительной причины", "Опозданий", "Решение педсовета"),
                ReportFigures.pupilProgress(j, w.from(), w.to()).stream().map(p -> List.of(p.pupilName(),
                        n(p.lessons()), n(p.missed()), n(p.missedUnexcused()), n(p.late()), "")).toList());
    }

    static String n(int v) {
        return Integer.toString(v);
    }

    static String pct(BigDecimal v) {
        return v.toPlainString().replace('.', ',');
    }

    static String avg(BigDecimal v) {
        return v == null ? "—" : v.toPlainString().replace('.', ',');
    }
}
