package ru.diarybridge.connector.myschool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The FHIR-like {@code Schedule} resource «Моя школа» pulls from the regional journal (target-systems §4): one
 * pupil's lessons, with topic, homework, attendance and scores, for a window of dates. Field names are exactly the
 * documented ones ({@code class}, {@code academYear}, {@code score2} …). Optional fields are left out when empty.
 * Date-times are ISO-8601 strings with an offset, e.g. {@code 2026-11-16T08:30:00+04:00}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"resourceType", "id", "meta", "school"})
public record Schedule(String resourceType, String id, Meta meta, List<School> school) {

    public static final String RESOURCE_TYPE = "Schedule";

    public Schedule(String id, Meta meta, List<School> school) {
        this(RESOURCE_TYPE, id, meta, List.copyOf(school));
    }

    /** {@code lastUpdated}: when the data served was last synced from the school's journal. */
    public record Meta(String lastUpdated) {
    }

    /** A start and an end, ISO-8601 with offset. */
    public record Period(String start, String end) {
    }

    /** One school of the pupil; {@code id} is a uuid, {@code academYear} like «2026/27». */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "name", "scheduleUrl", "period", "academYear", "distantUrl", "class"})
    public record School(String id, String name, String scheduleUrl, Period period, String academYear,
                         String distantUrl, @JsonProperty("class") List<SchoolClass> classes) {
    }

    /** The pupil's class: {@code class} «8б», {@code grade} «8» (a string in the contract). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"class", "grade", "lesson"})
    public record SchoolClass(@JsonProperty("class") String name, String grade, List<Lesson> lesson) {
    }

    /** One lesson; {@code id} is a uuid stable across calls (derived from the lesson's natural key). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "subject", "insteadOf", "topic", "homework", "period", "classroom", "distant", "note",
            "attendance", "score"})
    public record Lesson(String id, String subject, String insteadOf, String topic, String homework, Period period,
                         String classroom, Boolean distant, String note, Attendance attendance, List<Score> score) {
    }

    /** The pupil's attendance mark on the lesson, by its journal code («н», «Б», «У» …). */
    public record Attendance(String code) {
    }

    /** One mark: {@code code} the kind of work, {@code score} the value, {@code scoreSystem} the mark system. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"code", "weight", "score", "score2", "scoreSystem"})
    public record Score(String code, Integer weight, String score, String score2, String scoreSystem) {
    }
}
