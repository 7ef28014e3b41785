package ru.diarybridge.routes.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import ru.diarybridge.model.ClassJournal;

class RegulationChecksTest {

    private final PlantedSchool school = new PlantedSchool();

    private List<Finding> checkAll() {
        List<Finding> all = new ArrayList<>();
        for (ClassJournal j : school.journals.values()) {
            all.addAll(RegulationChecks.check(j, PlantedSchool.PERIODS, null, PlantedSchool.SEEN_ON));
        }
        return all;
    }

    @Test
    void everyPlantedViolationIsFoundWhereItWasPlantedAndNothingElse() {
        List<Finding> findings = checkAll();
        Map<String, String> found = findings.stream()
                .collect(Collectors.toMap(Finding::recordKey, Finding::ruleCode, (a, b) -> a + "+" + b));
        assertThat(found).isEqualTo(school.planted);
        assertThat(findings).hasSize(school.planted.size());
        // every rule has at least one planted violation
        assertThat(Set.copyOf(school.planted.values()))
                .isEqualTo(Rules.all().stream().map(Rule::code).collect(Collectors.toSet()));
    }

    @Test
    void findingsNameClassSubjectDateTeacherAndPupilByIdAndCiteTheClause() {
        Finding late = checkAll().stream().filter(f -> f.ruleCode().equals("LATE_MARK")).findFirst().orElseThrow();
        assertThat(late.clause()).isEqualTo("004 §7.4");
        assertThat(late.className()).isEqualTo("5а");
        assertThat(late.teacherKey()).isEqualTo("asurso:school-1:t-мат");
        assertThat(late.pupilKey()).isEqualTo("asurso:school-1:c5а-p1");
        assertThat(late.text()).isEqualTo("Класс 5а, предмет «Математика», урок 05.10.2026, учитель "
                + "asurso:school-1:t-мат, ученик asurso:school-1:c5а-p1: отметка «4» выставлена 14.10.2026, "
                + "через 9 дн. после урока, а не в день урока и не в течение 7 дней (004 §7.4)");
        assertThat(checkAll()).allSatisfy(f -> {
            assertThat(f.text()).doesNotContain("Фамилия").doesNotContain("Имя").contains(f.clause());
            assertThat(f.firstSeen()).isEqualTo(PlantedSchool.SEEN_ON);
            assertThat(f.schoolId()).isEqualTo(PlantedSchool.SCHOOL);
        });
        Finding control10 = checkAll().stream().filter(f -> f.recordKey().endsWith("m10-control-late"))
                .findFirst().orElseThrow();
        assertThat(control10.text()).contains("через 9 дн., допускается не более 7 дн. для 10 класса");
    }

    @Test
    void onlyChangedRecordsAreCheckedForEntryRulesButMissingRetestIsJudgedOnTheWholeRead() {
        ClassJournal j5 = school.journals.get("5а");
        List<Finding> none = RegulationChecks.check(j5, PlantedSchool.PERIODS, List.of(), PlantedSchool.SEEN_ON);
        assertThat(none).extracting(Finding::ruleCode)
                .containsExactlyInAnyOrder("NOT_CERTIFIED_WITHOUT_CONDITION", "NO_RETEST");

        List<Finding> one = RegulationChecks.check(j5, PlantedSchool.PERIODS,
                List.of(PlantedSchool.key("m-late").asString()), PlantedSchool.SEEN_ON);
        assertThat(one).extracting(Finding::ruleCode)
                .containsExactlyInAnyOrder("LATE_MARK", "NOT_CERTIFIED_WITHOUT_CONDITION", "NO_RETEST");
    }

    @Test
    void missingRetestIsNotJudgedBeforeItsTermIsOver() {
        ClassJournal j5 = school.journals.get("5а");
        // the «2» of 18.11 may still be re-tested up to 22.11
        assertThat(RegulationChecks.check(j5, PlantedSchool.PERIODS, List.of(), PlantedSchool.d(11, 22)))
                .extracting(Finding::ruleCode).doesNotContain("NO_RETEST");
    }

    @Test
    void notCertifiedIsJudgedOnlyOnAReadOfTheWholePeriod() {
        ClassJournal j5 = school.journals.get("5а");
        ClassJournal part = new ClassJournal(j5.schoolClass(), PlantedSchool.d(10, 12), j5.to(), j5.pupils(),
                j5.subjects(), j5.lessons(), j5.works(), j5.marks(), j5.attendance(), j5.homework(), j5.periodMarks(),
                j5.problems());
        assertThat(RegulationChecks.check(part, PlantedSchool.PERIODS, List.of(), PlantedSchool.SEEN_ON))
                .extracting(Finding::ruleCode).containsExactly("NO_RETEST");
    }

    @Test
    void bareControlTitlesAreRecognised() {
        assertThat(Rules.ControlWorkWithoutTopic.bare("Контрольная работа № 1")).isTrue();
        assertThat(Rules.ControlWorkWithoutTopic.bare("Контрольная работа №1.")).isTrue();
        assertThat(Rules.ControlWorkWithoutTopic.bare("Практическая работа № 5")).isTrue();
        assertThat(Rules.ControlWorkWithoutTopic.bare("Практическая работа № 5 по теме «Периметр квадрата»"))
                .isFalse();
        assertThat(Rules.ControlWorkWithoutTopic.bare("Контрольная работа: дроби")).isFalse();
    }
}
