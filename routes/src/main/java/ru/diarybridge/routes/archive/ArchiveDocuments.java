package ru.diarybridge.routes.archive;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.routes.documents.Document;

/**
 * Builds the archive's documents from one class's journal for one period; pure (no I/O, no clock). Texts are in
 * Russian: they are printed, signed and kept.
 */
public final class ArchiveDocuments {

    /** Lesson columns per table of the class journal, so that a landscape page stays readable. */
    static final int LESSONS_PER_TABLE = 16;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM");

    /** A pupil without the final mark they should have for the period, in one subject. */
    public record Missing(String className, String subject, NaturalKey pupilKey) {
        @Override
        public String toString() {
            return "класс " + className + ", " + subject + ": нет итоговой отметки у ученика " + pupilKey;
        }
    }

    private ArchiveDocuments() {
    }

    // ------------------------------------------------------------------------------------------ journal

    /** The class journal: per subject the marks and attendance by lesson with the period mark, then the lessons. */
    public static Document classJournal(String schoolName, ArchivePeriod period, ClassJournal j, LocalDate madeOn) {
        Map<NaturalKey, List<Mark>> marksByLesson = j.marks().stream()
                .filter(m -> m.lessonKey() != null).collect(Collectors.groupingBy(Mark::lessonKey));
        Map<NaturalKey, List<AttendanceEntry>> attendanceByLesson = j.attendance().stream()
                .collect(Collectors.groupingBy(AttendanceEntry::lessonKey));
        Map<NaturalKey, List<Work>> worksByLesson = j.works().stream()
                .filter(w -> w.lessonKey() != null).collect(Collectors.groupingBy(Work::lessonKey));
        Map<NaturalKey, List<Homework>> homeworkByLesson = j.homework().stream()
                .filter(h -> h.lessonKey() != null).collect(Collectors.groupingBy(Homework::lessonKey));
        List<Person> pupils = pupils(j);
        List<Document.Table> tables = new ArrayList<>();
        for (Subject subject : subjectsTaught(j)) {
            List<Lesson> lessons = j.lessons().stream().filter(l -> subject.key().equals(l.subjectKey()))
                    .sorted(Comparator.comparing(Lesson::date).thenComparing(Lesson::number)).toList();
            Map<NaturalKey, String> finals = finalMarks(j, period, subject.key());
            int parts = Math.max(1, (lessons.size() + LESSONS_PER_TABLE - 1) / LESSONS_PER_TABLE);
            for (int part = 0; part < parts; part++) {
                List<Lesson> chunk = lessons.subList(part * LESSONS_PER_TABLE,
                        Math.min(lessons.size(), (part + 1) * LESSONS_PER_TABLE));
                boolean last = part == parts - 1;
                List<String> headers = new ArrayList<>(List.of("№", "Ученик"));
                chunk.forEach(l -> headers.add(l.date().format(DAY) + "\nур. " + l.number()));
                if (last) {
                    headers.add("Итог: " + period.name());
                }
                List<List<String>> rows = new ArrayList<>();
                int n = 0;
                for (Person p : pupils) {
                    List<String> row = new ArrayList<>(List.of(String.valueOf(++n), pupilName(p)));
                    for (Lesson l : chunk) {
                        List<String> cell = new ArrayList<>();
                        marksByLesson.getOrDefault(l.key(), List.of()).stream()
                                .filter(m -> p.key().equals(m.pupilKey()))
                                .forEach(m -> cell.add(m.value().value()));
                        attendanceByLesson.getOrDefault(l.key(), List.of()).stream()
                                .filter(a -> p.key().equals(a.pupilKey()))
                                .forEach(a -> cell.add(a.code().code()));
                        row.add(String.join(" ", cell));
                    }
                    if (last) {
                        row.add(finals.getOrDefault(p.key(), ""));
                    }
                    rows.add(row);
                }
                String caption = subject.name() + ": отметки и посещаемость"
                        + (parts > 1 ? " (часть " + (part + 1) + " из " + parts + ")" : "");
                tables.add(new Document.Table(caption, headers, rows));
            }
            List<List<String>> lessonRows = new ArrayList<>();
            for (Lesson l : lessons) {
                String works = worksByLesson.getOrDefault(l.key(), List.of()).stream()
                        .map(w -> w.form().russian() + (w.title() == null || w.title().isBlank()
                                || w.title().equals(l.topic()) ? "" : ": " + w.title()))
                        .collect(Collectors.joining("; "));
                String homework = homeworkByLesson.getOrDefault(l.key(), List.of()).stream()
                        .map(h -> h.text() + (h.dueDate() == null ? "" : " (к " + h.dueDate().format(DAY) + ")"))
                        .collect(Collectors.joining("; "));
                lessonRows.add(List.of(l.date().format(ArchivePeriod.DATE), String.valueOf(l.number()),
                        nz(l.topic()), works, homework));
            }
            tables.add(new Document.Table(subject.name() + ": темы уроков и домашние задания",
                    List.of("Дата", "Урок", "Тема урока", "Формы работы", "Домашнее задание"), lessonRows));
        }
        return new Document("Классный журнал " + j.schoolClass().name() + " класса",
                preface(schoolName, period, j, madeOn), tables,
                List.of("Условные обозначения посещаемости: Н, н, НП, ОТ — отсутствовал (без уважительной причины), "
                                + "Б — болел, У, УП — уважительная причина, О, ОП — опоздал.",
                        "Классный руководитель ____________________ (подпись, расшифровка, дата)",
                        "Заместитель директора по УВР ____________________ (подпись, расшифровка, дата)"),
                true);
    }

    // ------------------------------------------------------------------------------------ summary sheet

    /** «Сводная ведомость учёта успеваемости»: pupils × subjects, the final marks of the period, absences. */
    public static Document summarySheet(String schoolName, ArchivePeriod period, ClassJournal j, LocalDate madeOn) {
        List<Subject> subjects = subjectsTaught(j);
        List<String> headers = new ArrayList<>(List.of("№", "Ученик"));
        subjects.forEach(s -> headers.add(s.shortName() != null && !s.shortName().isBlank() ? s.shortName() : s.name()));
        headers.add("Пропущено уроков");
        headers.add("из них по болезни");
        Map<NaturalKey, Map<NaturalKey, String>> finals = new LinkedHashMap<>();
        subjects.forEach(s -> finals.put(s.key(), finalMarks(j, period, s.key())));
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (Person p : pupils(j)) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(++n), pupilName(p)));
            subjects.forEach(s -> row.add(finals.get(s.key()).getOrDefault(p.key(), "")));
            Absences a = absences(j, p.key());
            row.add(String.valueOf(a.missed()));
            row.add(String.valueOf(a.ill()));
            rows.add(row);
        }
        return new Document("Сводная ведомость учёта успеваемости", preface(schoolName, period, j, madeOn),
                List.of(new Document.Table("Ведомость " + j.schoolClass().name(), headers, rows)),
                List.of("Классный руководитель ____________________ (подпись, расшифровка, дата)"), true);
    }

    // ------------------------------------------------------------------------------------- year reports

    /** «Сводный отчет об успеваемости класса» with the «Решение педсовета» column left for hand filling. */
    public static Document progressReport(String schoolName, ArchivePeriod year, ClassJournal j, LocalDate madeOn) {
        List<Subject> subjects = subjectsTaught(j);
        List<String> headers = new ArrayList<>(List.of("№", "Ученик"));
        subjects.forEach(s -> headers.add(s.shortName() != null && !s.shortName().isBlank() ? s.shortName() : s.name()));
        headers.add("Средний балл");
        headers.add("Решение педсовета");
        Map<NaturalKey, Map<NaturalKey, String>> finals = new LinkedHashMap<>();
        subjects.forEach(s -> finals.put(s.key(), finalMarks(j, year, s.key())));
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (Person p : pupils(j)) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(++n), pupilName(p)));
            double sum = 0;
            int count = 0;
            for (Subject s : subjects) {
                String mark = finals.get(s.key()).getOrDefault(p.key(), "");
                row.add(mark);
                if (mark.matches("[1-5]")) {
                    sum += Integer.parseInt(mark);
                    count++;
                }
            }
            row.add(count == 0 ? "" : String.format(java.util.Locale.ROOT, "%.2f", sum / count).replace('.', ','));
            row.add("");
            rows.add(row);
        }
        return new Document("Сводный отчет об успеваемости класса", preface(schoolName, year, j, madeOn),
                List.of(new Document.Table("Успеваемость " + j.schoolClass().name(), headers, rows)),
                List.of("Графа «Решение педсовета» заполняется вручную: «Переведен в ___ класс, протокол педсовета "
                                + "№ ___ от ________ г.» или иное решение.",
                        "Классный руководитель ____________________ (подпись, расшифровка, дата)"),
                true);
    }

    /** «Сводный отчет о посещаемости класса»: lessons missed per pupil by reason. */
    public static Document attendanceReport(String schoolName, ArchivePeriod year, ClassJournal j, LocalDate madeOn) {
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        Absences total = new Absences(0, 0, 0, 0, 0);
        for (Person p : pupils(j)) {
            Absences a = absences(j, p.key());
            total = total.plus(a);
            rows.add(List.of(String.valueOf(++n), pupilName(p), String.valueOf(a.missed()), String.valueOf(a.ill()),
                    String.valueOf(a.excused()), String.valueOf(a.unexcused()), String.valueOf(a.late())));
        }
        rows.add(List.of("", "Итого по классу", String.valueOf(total.missed()), String.valueOf(total.ill()),
                String.valueOf(total.excused()), String.valueOf(total.unexcused()), String.valueOf(total.late())));
        return new Document("Сводный отчет о посещаемости класса", preface(schoolName, year, j, madeOn),
                List.of(new Document.Table("Посещаемость " + j.schoolClass().name(),
                        List.of("№", "Ученик", "Пропущено уроков всего", "по болезни", "по уважительной причине",
                                "без уважительной причины", "Опозданий"), rows)),
                List.of("Классный руководитель ____________________ (подпись, расшифровка, дата)"), false);
    }

    // ----------------------------------------------------------------------------------- completeness

    /**
     * Final marks the period should have and the journal lacks: every pupil still enrolled at the period's end,
     * in every subject taught in the period. Grade 1 has no marks at all (001 §3.2.4.11).
     */
    public static List<Missing> missingFinalMarks(ArchivePeriod period, ClassJournal j) {
        if (j.schoolClass().grade() == 1) {
            return List.of();
        }
        List<Missing> out = new ArrayList<>();
        for (Subject s : subjectsTaught(j)) {
            Map<NaturalKey, String> finals = finalMarks(j, period, s.key());
            for (Person p : pupils(j)) {
                boolean leftBefore = p.enrolment().leftOn() != null && !p.enrolment().leftOn().isAfter(period.end());
                if (!leftBefore && !finals.containsKey(p.key())) {
                    out.add(new Missing(j.schoolClass().name(), s.name(), p.key()));
                }
            }
        }
        return out;
    }

    /** Missing marks summed per class and subject, for the run's report: «5а, Математика: 3 ученика». */
    public static List<String> summarise(List<Missing> missing) {
        Map<String, Long> counts = missing.stream().collect(Collectors.groupingBy(
                m -> m.className() + ", " + m.subject(), LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .map(e -> "класс " + e.getKey() + ": нет итоговых отметок у " + e.getValue() + " уч.").toList();
    }

    // ------------------------------------------------------------------------------------------ helpers

    static Map<NaturalKey, String> finalMarks(ClassJournal j, ArchivePeriod period, NaturalKey subjectKey) {
        Map<NaturalKey, String> out = new LinkedHashMap<>();
        for (PeriodMark pm : j.periodMarks()) {
            if (!subjectKey.equals(pm.subjectKey()) || pm.value() == null) {
                continue;
            }
            boolean matches = period.type() == PeriodType.YEAR
                    ? pm.periodType() == PeriodType.YEAR
                    : period.key().equals(pm.periodKey());
            if (matches) {
                out.put(pm.pupilKey(), pm.value().value());
            }
        }
        return out;
    }

    /** Subjects with at least one lesson in the window, in the order the journal lists them. */
    static List<Subject> subjectsTaught(ClassJournal j) {
        java.util.Set<NaturalKey> taught = j.lessons().stream().map(Lesson::subjectKey).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<NaturalKey, Subject> byKey = j.subjects().stream()
                .collect(Collectors.toMap(Subject::key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<Subject> out = new ArrayList<>(byKey.values().stream().filter(s -> taught.contains(s.key())).toList());
        // lessons of a subject the journal does not list still belong in the archive
        taught.stream().filter(k -> !byKey.containsKey(k)).sorted(Comparator.comparing(NaturalKey::asString))
                .forEach(k -> out.add(new Subject(k, "Предмет " + k.sourceId(), null)));
        return out;
    }

    static List<Person> pupils(ClassJournal j) {
        return j.pupils().stream()
                .sorted(Comparator.comparing((Person p) -> nz(p.lastName())).thenComparing(p -> nz(p.firstName()))
                        .thenComparing(p -> p.key().asString()))
                .toList();
    }

    static String pupilName(Person p) {
        String name = (nz(p.lastName()) + " " + nz(p.firstName())).strip();
        if (name.isEmpty()) {
            name = p.key().sourceId();
        }
        if (p.enrolment().leftOn() != null) {
            name += " (выбыл " + p.enrolment().leftOn().format(ArchivePeriod.DATE) + ")";
        }
        return name;
    }

    record Absences(int missed, int ill, int excused, int unexcused, int late) {
        Absences plus(Absences o) {
            return new Absences(missed + o.missed, ill + o.ill, excused + o.excused, unexcused + o.unexcused,
                    late + o.late);
        }
    }

    static Absences absences(ClassJournal j, NaturalKey pupil) {
        int missed = 0;
        int ill = 0;
        int excused = 0;
        int unexcused = 0;
        int late = 0;
        for (AttendanceEntry a : j.attendance()) {
            if (!pupil.equals(a.pupilKey()) || a.code() == null) {
                continue;
            }
            AttendanceCode.Kind kind = a.code().kind();
            switch (kind) {
                case LATE -> late++;
                case ILL -> {
                    missed++;
                    ill++;
                }
                case EXCUSED -> {
                    missed++;
                    excused++;
                }
                default -> {
                    missed++;
                    unexcused++;
                }
            }
        }
        return new Absences(missed, ill, excused, unexcused, late);
    }

    private static List<String> preface(String schoolName, ArchivePeriod period, ClassJournal j, LocalDate madeOn) {
        return List.of("Образовательная организация: " + nz(schoolName),
                "Класс: " + j.schoolClass().name(),
                "Период: " + period.title(),
                "Сформировано " + madeOn.format(ArchivePeriod.DATE)
                        + " по данным электронного журнала, полученным diary-bridge");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
