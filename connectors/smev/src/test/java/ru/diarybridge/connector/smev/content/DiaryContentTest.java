package ru.diarybridge.connector.smev.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class DiaryContentTest {

    @Test
    void requestAndResponseRoundTripUnderAConfiguredNamespace() throws Exception {
        DiaryContent content = new DiaryContent("urn://region-63.example/diary/2.0");
        DiaryRequest request = new DiaryRequest("11223344595", "12345678901", LocalDate.of(2026, 9, 1),
                LocalDate.of(2026, 9, 30));
        Element xml = content.writeRequest(request);
        assertThat(xml.getNamespaceURI()).isEqualTo("urn://region-63.example/diary/2.0");
        assertThat(content.readRequest(xml)).isEqualTo(request);

        Element response = content.writeResponse(new PupilDiary("12345678901", request.from(), request.to(), List.of(
                new PupilDiary.Lesson(LocalDate.of(2026, 9, 2), 1, "Математика", "Дроби", "н", "ABSENT",
                        List.of(new PupilDiary.Mark("5", 2, "Контрольная работа")),
                        List.of(new PupilDiary.Homework("№ 12, 13", LocalDate.of(2026, 9, 3)))))));
        assertThat(response.getElementsByTagNameNS(content.namespace(), "Lesson").getLength()).isEqualTo(1);
    }

    @Test
    void contentOutsideTheSchemaIsRejectedBeforeSending() {
        DiaryContent content = new DiaryContent(null);
        assertThat(content.namespace()).isEqualTo(DiaryContent.DEFAULT_NAMESPACE);
        Element bad = content.writeRequest(new DiaryRequest("123", "12345678901", LocalDate.of(2026, 9, 1),
                LocalDate.of(2026, 9, 30)));
        assertThatThrownBy(() -> content.validate(bad)).isInstanceOf(InvalidDiaryContentException.class)
                .hasMessageContaining("не соответствует схеме дневника");
        assertThatThrownBy(() -> new DiaryContent("urn://other").readRequest(bad))
                .isInstanceOf(InvalidDiaryContentException.class).hasMessageContaining("не является DiaryRequest");
    }
}
