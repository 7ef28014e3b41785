package ru.diarybridge.routes.control;

import static java.time.temporal.ChronoUnit.DAYS;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.MarkSystem;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Period;
import ru.diarybridge.model.PeriodMark;
import ru.diarybridge.model.PeriodType;
import ru.diarybridge.model.Work;
import ru.diarybridge.model.WorkForm;

/**
 * The regulation checks, one small class per rule (regulations.md, «Rules on the data itself»). Rules about a
 * record's own entry look only at records changed in this sync; rules about something missing (no re-test,
 * «н/а» without its condition) look at the whole journal read, and the finding store keeps them unique.
 */
public final class Rules {

    private Rules() {
    }

    /** Every rule, in the order findings are listed. */
    public static List<Rule> all() {
        return List.of(new LateMark(), new LateControlMark(), new LateCorrection(), new BackDatedMark(),
                new GradeOneMark(), new NotCertifiedWithoutCondition(), new LatePeriodMark(2),
                new ControlWorkWithoutTopic(), new NoRetest(), new ForbiddenAttendanceCode());
    }

    abstract static class Base implements Rule {
        private final String code;
        private final String clause;
        private final String description;

        Base(String code, String clause, String description) {
            this.code = code;
            this.clause = clause;
            this.description = description;
        }

        @Override
        public String code() {
            return code;
        }

        @Override
        public String clause() {
            return clause;
        }

        @Override
        public String description() {
            return description;
        }
    }

    static boolean isControl(CheckContext c, Mark m) {
        return c.work(m.workKey()).map(w -> w.form() != null && w.form().control()).orElse(false);
    }

    /** 004 §7.4: marks not entered within 7 days of the lesson (control works have their own, shorter term). */
    public static final class LateMark extends Base {
        public LateMark() {
            super("LATE_MARK", "004 §7.4", "Отметка выставлена не в день урока и позже 7 дней после него");
        }

        @Override
        public List<Finding> check(CheckContext c) {
            List<Finding> out = new ArrayList<>();
            for (Mark m : c.journal().marks()) {
                Optional<Lesson> l = c.lesson(m.lessonKey());
                if (l.isEmpty() || m.dateSet() == null || !c.changed(m.key()) || isControl(c, m)) {
                    continue;
                }
                long days = DAYS.between(l.get().date(), m.dateSet());
                if (days > 7) {
                    out.add(c.finding(this, l.get(), m.pupilKey(), m.key(), "отметка «" + m.value().value()
                            + "» выставлена " + CheckContext.date(m.dateSet()) + ", через " + days
                            + " дн. после урока, а не в день урока и не в течение 7 дней"));
                }
            }
            return out;
        }
    }

    /** 003 §5.2 г; 004 регламент учителя п.3, п.5: written control work marks within 5 days (2–9) or 7 (10–11). */
    public static final class LateControlMark extends Base {
        public LateControlMark() {
            super("LATE_CONTROL_MARK", "003 §5.2 г",
                    "Отметка за контрольную (письменную) работу позже 5 дней (2–9 классы) или 7 дней (10–11 классы)");
        }

        @Override
        public List<Finding> check(CheckContext c) {
            int limit = c.grade() >= 10 ? 7 : 5;
            List<Finding> out = new ArrayList<>();
            for (Mark m : c.journal().marks()) {
                Optional<Lesson> l = c.lesson(m.lessonKey());
                if (l.isEmpty() || m.dateSet() == null || !c.changed(m.key()) || !isControl(c, m)) {
                    continue;
                }
                long days = DAYS.between(l.get().date(), m.dateSet());
                if (days > limit) {
                    out.add(c.finding(this, l.get(), m.pupilKey(), m.key(), "отметка за контрольную работу «"
                            + m.value().value() + "» выставлена через " + days + " дн., допускается не более "
                            + limit + " дн. для " + c.grade() + " класса"));
                }
            }
            return out;
        }
    }

    /** 001 §3.2.4.5: a current mark may be corrected only within 2 weeks of entry. */
    public static final class LateCorrection extends Base {
        public LateCorrection() {
            super("LATE_CORRECTION", "001 §3.2.4.5", "Текущая отметка исправлена позже 2 недель после выставления");
        }

        @Override
        public List<Finding> check(CheckContext c) {
            List<Finding> out = new ArrayList<>();
            for (Mark m : c.journal().marks()) {
                Optional<Lesson> l = c.lesson(m.lessonKey());
                if (l.isEmpty() || m.dateSet() == null || m.dateCorrected() == null || !c.changed(m.key())) {
                    continue;
                }
                long days = DAYS.between(m.dateSet(), m.dateCorrected());
                if (days > 14) {
                    out.add(c.finding(this, l.get(), m.pupilKey(), m.key(), "отметка выставлена "
                            + CheckContext.date(m.dateSet()) + " и исправлена " + CheckContext.date(m.dateCorrected())
                            + ", через " + days + " дн. (допускается в течение 2 недель)"));
                }
            }
            return out;
        }
    }

    /**
     * 003 §5.2 ж: no marks «задним числом» — a current mark entered into a reporting period that had already
     * ended when it was set.
     */
    public static final class BackDatedMark extends Base {
        public BackDatedMark() {
            super("BACK_DATED_MARK", "003 §5.2 ж",
                    "Отметка выставлена «задним числом»: в уже закончившийся учебный период");
        }

        @Override
        public List<Finding> check(CheckContext c) {
            List<Finding> out = new ArrayList<>();
            for (Mark m : c.journal().marks()) {
                Optional<Lesson> l = c.lesson(m.lessonKey());
                if (l.isEmpty() || m.dateSet() == null || !c.changed(m.key())) {
                    continue;
                }
                Optional<Period> term = c.termOf(l.get().date());
                if (term.isPresent() && m.dateSet().isAfter(term.get().end())) {
                    out.add(c.finding(this, l.get(), m.pupilKey(), m.key(), "отметка «" + m.value().value()
                            + "» выставлена " + CheckContext.date(m.dateSet()) + " в период «" + term.get().name()
                            + "», закончившийся " + CheckContext.date(term.get().end())));
                }
            }
            return out;
        }
    }

    /** 001 §3.2.4.11: no marks at all in grade 1. */
    public static final class GradeOneMark extends Base {
        public GradeOneMark() {
            super("GRADE_ONE_MARK", "001 §3.2.4.11", "Отметка в 1 классе (безотметочное обучение)");
        }

        @Override
        public List<Finding> check(CheckContext c) {
            List<Finding> out = new ArrayList<>();
            if (c.grade() != 1) {
                return out;
            }
            for (Mark m : c.journal().marks()) {
                Optional<Lesson> l = c.lesson(m.lessonKey());
                if (l.isPresent() && c.changed(m.key())) {
                    out.add(c.finding(this, l.get(), m.pupilKey(), m.key(),
                            "в 1 классе выставлена отметка «" + m.value().value() + "»"));
                }
            }
            for (PeriodMark pm : c.journal().periodMarks()) {
                if (c.changed(pm.key())) {
                    out.add(c.finding(this, pm.subjectKey(), c.teacherOf(pm.subjectKey()), null, pm.dateSet(),
                            pm.pupilKey(), pm.key(), "в 1 классе выставлена отметка за "
                                    + pm.periodType().russian() + " «" + pm.value().value() + "»"));
                }
            }
            return out;
        }
    }

    /** 001 §4.3: «н/а» only with fewer than 3 current marks and more than 50% of lessons missed. */
    public static final class NotCertifiedWithoutCondition extends Base {
        public NotCertifiedWithoutCondition() {
            super("NOT_CERTIFIED_WITHOUT_CONDITION", "001 §4.3",
                    "«н/а» при наличии трёх текущих отметок или пропуске не более 50 % уроков");
        }

        @Override
        public List<Finding> check(CheckContext c) {
            List<Finding> out = new ArrayList<>();
            for (PeriodMark pm : c.journal().periodMarks()) {
                if (!MarkSystem.NOT_CERTIFIED.equals(pm.value().value())) {
                    continue;
                }
                Optional<Period> period = c.period(pm.periodKey())
                        .or(() -> pm.dateSet() == null ? Optional.empty() : c.termOf(pm.dateSet()));
                // judged only on a read of the whole period (the nightly full pull): a part would miscount
                if (period.isEmpty() || c.journal().from().isAfter(period.get().start())
                        || c.journal().to().isBefore(period.get().end())) {
                    continue;
                }
                List<Lesson> lessons = c.journal().lessons().stream()
                        .filter(l -> pm.subjectKey().equals(l.subjectKey()))
                        .filter(l -> period.get().contains(l.date())).toList();
                if (lessons.isEmpty()) {
                    continue;
                }
                var lessonKeys = lessons.stream().map(Lesson::key).collect(java.util.stream.Collectors.toSet());
                long marks = c.journal().marks().stream().filter(m -> pm.pupilKey().equals(m.pupilKey())
                        && lessonKeys.contains(m.lessonKey()) && MarkSystem.numeric(m.value().value()) > 0).count();
                long missed = c.journal().attendance().stream().filter(a -> pm.pupilKey().equals(a.pupilKey())
                        && lessonKeys.contains(a.lessonKey()) && a.code() != null
                        && a.code().kind() != AttendanceCode.Kind.LATE).count();
                boolean allowed = marks < 3 && missed * 2 > lessons.size();
                if (!allowed) {
                    out.add(c.finding(this, pm.subjectKey(), c.teacherOf(pm.subjectKey()), null,
                            period.get().end(), pm.pupilKey(), pm.key(),
                            "выставлено «н/а» за " + pm.periodType().russian() + " при " + marks
                                    + " текущих отметках и пропуске " + missed + " из " + lessons.size()
                                    + " уроков (допускается при менее 3 отметок и пропуске более 50 %)"));
                }
            }
            return out;
        }
    }

    /** 001 §4.7 (2 days), 004 регламент учителя п.10 (3 days): period marks are set before the period ends. */
    public static final class LatePeriodMark extends Base {
        private final int daysBefore;

        public LatePeriodMark(int daysBefore) {
            super("LATE_PERIOD_MARK", "001 §4.7; 004 регламент учителя п.10",
                    "Отметка за период выставлена позже чем за " + daysBefore + " дня до его окончания");
            this.daysBefore = daysBefore;
        }

        @Override
        public List<Finding> check(CheckContext c) {
            List<Finding> out = new ArrayList<>();
            for (PeriodMark pm : c.journal().periodMarks()) {
                if (pm.dateSet() == null || !c.changed(pm.key()) || pm.periodType() == PeriodType.EXAM
                        || pm.periodType() == PeriodType.FINAL) {
                    continue;
                }
                Optional<Period> period = c.period(pm.periodKey());
                if (period.isEmpty()) {
                    continue;
                }
                LocalDate due = period.get().end().minusDays(daysBefore);
                if (pm.dateSet().isAfter(due)) {
                    out.add(c.finding(this, pm.subjectKey(), c.teacherOf(pm.subjectKey()), null, period.get().end(),
                            pm.pupilKey(), pm.key(), "отметка за период «" + period.get().name() + "» выставлена "
                                    + CheckContext.date(pm.dateSet()) + ", срок — до " + CheckContext.date(due)
                                    + " (за " + daysBefore + " дня до окончания периода)"));
                }
            }
            return out;
        }
    }

    /** 001 §3.2.4.7: a test or practical work names its topic; «Контрольная работа № 1» alone is not allowed. */
    public static final class ControlWorkWithoutTopic extends Base {
        private static final Pattern FORM_WORDS = Pattern.compile(
                "(?iu)(контрольн\\p{L}*|практическ\\p{L}*|лабораторн\\p{L}*|проверочн\\p{L}*|самостоятельн\\p{L}*"
                        + "|работ\\p{L}*|диктант\\p{L}*|сочинени\\p{L}*|тест\\p{L}*|по\\s+теме|тема|№|no\\.?|\\d+)");
        private static final Pattern CONTROL_TITLE = Pattern.compile(
                "(?iu)^\\s*(контрольн|практическ|лабораторн|проверочн|диктант|сочинени|тест).*");

        public ControlWorkWithoutTopic() {
            super("CONTROL_WORK_WITHOUT_TOPIC", "001 §3.2.4.7",
                    "Контрольная или практическая работа без указания темы («Контрольная работа № 1»)");
        }

        /** True when nothing but the form's words and a number is left, e.g. «Контрольная работа № 1». */
        static boolean bare(String title) {
            if (title == null) {
                return true;
            }
            String rest = FORM_WORDS.matcher(title).replaceAll(" ").replaceAll("[\\p{Punct}«»\"“”„\\s]+", "");
            return rest.codePoints().filter(Character::isLetter).count() < 3;
        }

        @Override
        public List<Finding> check(CheckContext c) {
            List<Finding> out = new ArrayList<>();
            for (Lesson l : c.journal().lessons()) {
                List<Work> controls = c.journal().works().stream().filter(w -> l.key().equals(w.lessonKey())
                        && w.form() != null && w.form().control()).toList();
                boolean changed = c.changed(l.key()) || controls.stream().anyMatch(w -> c.changed(w.key()));
                if (!changed) {
                    continue;
                }
                String bareTitle = null;
                if (l.topic() != null && CONTROL_TITLE.matcher(l.topic()).matches() && bare(l.topic())) {
                    bareTitle = l.topic();
                }
                for (Work w : controls) {
                    if (bareTitle == null && bare(w.title())
                            && (l.topic() == null || CONTROL_TITLE.matcher(l.topic()).matches() || l.topic().isBlank())) {
                        bareTitle = w.title() == null ? w.form().russian() : w.title();
                    }
                }
                if (bareTitle != null) {
                    out.add(c.finding(this, l, null, l.key(), "«" + bareTitle.strip()
                            + "» без темы работы: нужно, например, «" + formOf(controls) + " № 1 по теме «…»»"));
                }
            }
            return out;
        }

        private static String formOf(List<Work> controls) {
            return controls.isEmpty() ? WorkForm.TEST.russian() : controls.get(0).form().russian();
        }
    }

    /** 001 §4.1: after an unsatisfactory mark the pupil is re-tested within 2–4 days and the mark recorded. */
    public static final class NoRetest extends Base {
        public NoRetest() {
            super("NO_RETEST", "001 §4.1", "После неудовлетворительной отметки нет повторного опроса в 2–4-дневный срок");
        }

        @Override
        public List<Finding> check(CheckContext c) {
            List<Finding> out = new ArrayList<>();
            for (Mark m : c.journal().marks()) {
                Optional<Lesson> l = c.lesson(m.lessonKey());
                if (l.isEmpty() || !m.value().system().unsatisfactory(m.value().value())) {
                    continue;
                }
                LocalDate date = l.get().date();
                LocalDate deadline = date.plusDays(4);
                // judged only once the term is over and the journal read covers it
                if (!c.seenOn().isAfter(deadline) || c.journal().to().isBefore(deadline)) {
                    continue;
                }
                NaturalKey subject = l.get().subjectKey();
                boolean retested = c.journal().marks().stream().anyMatch(o -> o != m
                        && m.pupilKey().equals(o.pupilKey()) && c.lesson(o.lessonKey()).map(ol ->
                                subject.equals(ol.subjectKey()) && ol.date().isAfter(date)
                                        && !ol.date().isAfter(deadline)).orElse(false));
                if (!retested) {
                    out.add(c.finding(this, l.get(), m.pupilKey(), m.key(), "неудовлетворительная отметка «"
                            + m.value().value() + "», до " + CheckContext.date(deadline)
                            + " повторной отметки по предмету нет"));
                }
            }
            return out;
        }
    }

    /** 004 регламент учителя п.7: «осв» is not used. */
    public static final class ForbiddenAttendanceCode extends Base {
        public ForbiddenAttendanceCode() {
            super("FORBIDDEN_ATTENDANCE_CODE", "004 регламент учителя п.7", "Недопустимая пометка посещаемости («осв»)");
        }

        @Override
        public List<Finding> check(CheckContext c) {
            List<Finding> out = new ArrayList<>();
            for (AttendanceEntry a : c.journal().attendance()) {
                Optional<Lesson> l = c.lesson(a.lessonKey());
                if (l.isPresent() && a.code() != null && !a.code().allowed() && c.changed(a.key())) {
                    out.add(c.finding(this, l.get(), a.pupilKey(), a.key(),
                            "пометка «" + a.code().code() + "» не допускается"));
                }
            }
            for (Mark m : c.journal().marks()) {
                Optional<Lesson> l = c.lesson(m.lessonKey());
                if (l.isPresent() && MarkSystem.RELEASED.equals(m.value().value()) && c.changed(m.key())) {
                    out.add(c.finding(this, l.get(), m.pupilKey(), m.key(), "пометка «осв» не допускается"));
                }
            }
            return out;
        }
    }
}
