package ru.diarybridge.routes.smev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.w3c.dom.Element;
import ru.diarybridge.connector.smev.FaultClass;
import ru.diarybridge.connector.smev.ReceivedRequest;
import ru.diarybridge.connector.smev.RejectionCode;
import ru.diarybridge.connector.smev.SmevFaultCode;
import ru.diarybridge.connector.smev.content.DiaryContent;
import ru.diarybridge.connector.smev.content.DiaryRequest;
import ru.diarybridge.connector.smev.sign.GostKeyTool;
import ru.diarybridge.connector.smev.sign.SigningKey;
import ru.diarybridge.model.AttendanceCode;
import ru.diarybridge.model.AttendanceEntry;
import ru.diarybridge.model.ClassJournal;
import ru.diarybridge.model.Consent;
import ru.diarybridge.model.Enrolment;
import ru.diarybridge.model.Homework;
import ru.diarybridge.model.Lesson;
import ru.diarybridge.model.Mark;
import ru.diarybridge.model.MarkValue;
import ru.diarybridge.model.NaturalKey;
import ru.diarybridge.model.Person;
import ru.diarybridge.model.PersonRole;
import ru.diarybridge.model.SchoolClass;
import ru.diarybridge.model.SourceSystem;
import ru.diarybridge.model.Subject;
import ru.diarybridge.model.Work;
import ru.diarybridge.model.WorkForm;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.smev.SmevMessageStore.InboundState;
import ru.diarybridge.routes.smev.SmevMessageStore.Outbound;
import ru.diarybridge.routes.smev.SmevMessageStore.OutboundState;
import ru.diarybridge.simulator.smev.SmevSimulator;

/**
 * The provider role end to end through the SMEV simulator's published CXF endpoint, with the messages in H2 (the
 * same Flyway migrations as the application): the decision (001 §3.1.2), store-before-Ack, the MessageID
 * discipline and every fault class.
 */
class SmevProviderTest {

    private static final String SCHOOL = "school-1";
    static final String PARENT = "11223344595";
    private static final String STRANGER = "98765432100";
    static final String PUPIL = "12345678901";
    private static final String NO_CONSENT_PUPIL = "10987654321";
    static final LocalDate DAY = LocalDate.of(2026, 9, 2);

    @TempDir
    Path dir;

    private SmevSimulator smev;
    private SmevMessageStore store;
    private JdbcTemplate jdbc;
    private SmevProvider provider;
    private SchoolSettings school;
    private final AtomicBoolean failNextStore = new AtomicBoolean();
    private final DiaryContent diary = new DiaryContent(null);

    @BeforeEach
    void setUp() throws Exception {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load().migrate();
        jdbc = new JdbcTemplate(ds);
        store = new SmevMessageStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds))) {
            @Override
            public void storeReceived(String schoolId, ReceivedRequest r) {
                if (failNextStore.getAndSet(false)) {
                    throw new IllegalStateException("database down");
                }
                super.storeReceived(schoolId, r);
            }
        };
        smev = SmevSimulator.start(0);
        SigningKey key = GostKeyTool.selfSigned(SCHOOL);
        smev.register("SCHOOL1", key.certificate());
        Path keystore = dir.resolve("school.p12");
        GostKeyTool.writePkcs12(key, keystore, "school", "pw");
        Path smevCert = dir.resolve("smev.cer");
        Files.write(smevCert, smev.smevCertificate().getEncoded());
        school = new SchoolSettings(SCHOOL, "Школа 1", null, "0 0 * * * ?", SourceSystem.ASURSO, null, null, null,
                null, null, 14, null, null, null, null, null, null, new SmevSettings(true, smev.address(), "SCHOOL1", keystore, "pw", smevCert,
                Duration.ofSeconds(5), true, null));
        provider = new SmevProvider(store, new DiaryRequestDecider(journal()), new SmevClients());
    }

    @AfterEach
    void tearDown() {
        smev.close();
    }

    private static NaturalKey key(String id) {
        return NaturalKey.of(SourceSystem.ASURSO, SCHOOL, id);
    }

    static InMemoryJournalStore journal() {
        InMemoryJournalStore j = new InMemoryJournalStore();
        NaturalKey cls = key("class-5a");
        Person pupil = new Person(key("p1"), PersonRole.PUPIL, "Иванов", "Иван", null, LocalDate.of(2015, 3, 1),
                PUPIL, cls, null, Consent.givenOn(LocalDate.of(2026, 9, 1), "согл-1"),
                Enrolment.enrolled(LocalDate.of(2022, 9, 1), "пр-1"));
        Person noConsent = new Person(key("p2"), PersonRole.PUPIL, "Петров", "Пётр", null, LocalDate.of(2015, 4, 1),
                NO_CONSENT_PUPIL, cls, null, Consent.NONE, Enrolment.enrolled(LocalDate.of(2022, 9, 1), "пр-1"));
        Person parent = new Person(key("g1"), PersonRole.GUARDIAN, "Иванова", "Мария", null, null, PARENT, null,
                List.of(pupil.key(), noConsent.key()), null, null);
        Person stranger = new Person(key("g2"), PersonRole.GUARDIAN, "Сидорова", "Анна", null, null, STRANGER, null,
                List.of(key("p9")), null, null);
        j.persons.addAll(List.of(pupil, noConsent, parent, stranger));
        NaturalKey lesson = key("l1");
        NaturalKey work = key("w1");
        j.journals.add(new ClassJournal(new SchoolClass(cls, "5а", 5, "а"), DAY, DAY, List.of(pupil, noConsent),
                List.of(new Subject(key("s1"), "Математика", "Мат")),
                List.of(new Lesson(lesson, cls, null, key("s1"), null, DAY, 2, "Обыкновенные дроби")),
                List.of(new Work(work, lesson, WorkForm.values()[0], "Самостоятельная работа", 1)),
                List.of(new Mark(key("m1"), work, lesson, pupil.key(), MarkValue.five("5"), 1, DAY, null),
                        new Mark(key("m2"), work, lesson, noConsent.key(), MarkValue.five("3"), 1, DAY, null)),
                List.of(new AttendanceEntry(key("a1"), lesson, noConsent.key(), AttendanceCode.ABSENT, null)),
                List.of(new Homework(key("h1"), lesson, work, "№ 125, 126", DAY.plusDays(1), false)), List.of()));
        return j;
    }

    private String ask(String requester, String pupil) {
        Element request = diary.writeRequest(new DiaryRequest(requester, pupil, DAY.minusDays(1), DAY.plusDays(5)));
        return smev.injectRequest("SCHOOL1", "EPGU", request, true);
    }

    private SmevSimulator.SentResponse onlyResponse() {
        assertThat(smev.responses()).hasSize(1);
        return smev.responses().get(0);
    }

    @Test
    void guardianGetsTheDiary() throws Exception {
        String id = ask(PARENT, PUPIL);
        assertThat(provider.poll(school)).isEqualTo(1);

        SmevSimulator.SentResponse response = onlyResponse();
        assertThat(response.originalMessageId()).isEqualTo(id);
        Element content = response.content();
        diary.validate(content);
        assertThat(content.getElementsByTagNameNS(diary.namespace(), "Topic").item(0).getTextContent())
                .isEqualTo("Обыкновенные дроби");
        assertThat(content.getElementsByTagNameNS(diary.namespace(), "Value").item(0).getTextContent()).isEqualTo("5");
        assertThat(content.getElementsByTagNameNS(diary.namespace(), "Mark").getLength()).as("only this pupil's marks")
                .isEqualTo(1);
        assertThat(content.getElementsByTagNameNS(diary.namespace(), "Text").item(0).getTextContent())
                .isEqualTo("№ 125, 126");
        assertThat(smev.acks()).containsExactly(id + ":true");
        assertThat(store.inbound(id).orElseThrow().state()).isEqualTo(InboundState.ANSWERED);
        Outbound answer = store.answersTo(id).get(0);
        assertThat(answer.state()).isEqualTo(OutboundState.SENT);
        assertThat(answer.messageId()).isEqualTo(response.messageId());
        assertThat(answer.testMessage()).isTrue();
    }

    @Test
    void notAGuardianIsDenied() throws Exception {
        ask(STRANGER, PUPIL);
        provider.poll(school);
        assertThat(onlyResponse().rejections()).singleElement().satisfies(r -> {
            assertThat(r.getRejectionReasonCode().name()).isEqualTo(RejectionCode.ACCESS_DENIED.name());
            assertThat(r.getRejectionReasonDescription()).contains("законный представитель");
        });
    }

    @Test
    void withoutConsentTheRequestIsRejected() throws Exception {
        ask(PARENT, NO_CONSENT_PUPIL);
        provider.poll(school);
        assertThat(onlyResponse().rejections()).singleElement().satisfies(r -> {
            assertThat(r.getRejectionReasonCode().name()).isEqualTo(RejectionCode.ACCESS_DENIED.name());
            assertThat(r.getRejectionReasonDescription()).contains("Нет согласия");
        });
    }

    @Test
    void anUnknownPupilIsNoData() throws Exception {
        ask(PARENT, "55555555555");
        provider.poll(school);
        assertThat(onlyResponse().rejections()).singleElement().satisfies(r ->
                assertThat(r.getRejectionReasonCode().name()).isEqualTo(RejectionCode.NO_DATA.name()));
    }

    @Test
    void aRequestIsStoredBeforeItIsAcknowledged() throws Exception {
        String id = ask(PARENT, PUPIL);
        failNextStore.set(true);
        assertThatThrownBy(() -> provider.poll(school)).hasMessageContaining("database down");
        assertThat(smev.acks()).as("not stored, so not acknowledged").isEmpty();
        assertThat(smev.unackedCount()).isEqualTo(1);
        assertThat(store.inbound(id)).isEmpty();

        provider.poll(school);
        assertThat(smev.acks()).containsExactly(id + ":true");
        assertThat(store.inbound(id).orElseThrow().state()).isEqualTo(InboundState.ANSWERED);
        assertThat(onlyResponse().originalMessageId()).isEqualTo(id);
    }

    @Test
    void aRequestWithABadSmevSignatureIsAcknowledgedAsNotAcceptedAndNotAnswered() throws Exception {
        String id = ask(PARENT, PUPIL);
        smev.tamperNextDelivery();
        provider.poll(school);
        assertThat(smev.acks()).containsExactly(id + ":false");
        assertThat(store.inbound(id).orElseThrow().state()).isEqualTo(InboundState.IGNORED);
        assertThat(store.inbound(id).orElseThrow().signatureProblem()).contains("не соответствует содержимому");
        assertThat(smev.responses()).isEmpty();
    }

    @Test
    void aStoredButUnacknowledgedRequestIsAcknowledgedLaterAndTargetMessageIsNotFoundIsOnlyLogged() throws Exception {
        store.storeReceived(SCHOOL, new ReceivedRequest("6e2c2a5a-0000-11ee-8000-010000000001", null, "to", "EPGU",
                null, false, null, diary.toString(), null));
        provider.poll(school);
        assertThat(store.inbound("6e2c2a5a-0000-11ee-8000-010000000001").orElseThrow().state())
                .as("acked (SMEV did not know it: logged), then answered").isEqualTo(InboundState.ANSWERED);
    }

    @ParameterizedTest
    @EnumSource(value = SmevFaultCode.class, names = {"SMEV_FAILURE", "DESTINATION_OVERFLOW"})
    void retryForeverFaultsAreRetriedUnderTheSameMessageId(SmevFaultCode code) throws Exception {
        String id = ask(PARENT, PUPIL);
        smev.failNext("SendResponse", code);
        provider.poll(school);
        Outbound failed = store.answersTo(id).get(0);
        assertThat(failed.state()).isEqualTo(OutboundState.RETRY);
        assertThat(failed.faultClass()).isEqualTo(FaultClass.RETRY_FOREVER.name());
        assertThat(failed.faultCode()).isEqualTo(code.name());
        assertThat(failed.reasonRu()).startsWith(code.reason());
        assertThat(smev.responses()).isEmpty();

        provider.poll(school);
        Outbound sent = store.answersTo(id).get(0);
        assertThat(store.answersTo(id)).hasSize(1);
        assertThat(sent.messageId()).isEqualTo(failed.messageId());
        assertThat(sent.state()).isEqualTo(OutboundState.SENT);
        assertThat(sent.attempts()).isEqualTo(2);
        assertThat(onlyResponse().messageId()).isEqualTo(failed.messageId());
    }

    @Test
    void aLostAnswerIsRetriedWithTheSameIdAndMessageIsAlreadySentCountsAsSent() throws Exception {
        String id = ask(PARENT, PUPIL);
        smev.loseNextAnswer("SendResponse");
        provider.poll(school);
        Outbound first = store.answersTo(id).get(0);
        assertThat(first.state()).isEqualTo(OutboundState.RETRY);
        assertThat(first.faultCode()).isEqualTo(SmevFaultCode.TRANSPORT.name());

        provider.poll(school);
        Outbound sent = store.answersTo(id).get(0);
        assertThat(sent.messageId()).isEqualTo(first.messageId());
        assertThat(sent.state()).isEqualTo(OutboundState.SENT);
        assertThat(sent.reasonRu()).contains("MessageIsAlreadySent");
        assertThat(smev.responses()).as("SMEV holds it once").hasSize(1);
    }

    @Test
    void aStaleMessageIdGetsANewIdRecordedBesideTheOldOne() throws Exception {
        String id = ask(PARENT, PUPIL);
        smev.failNext("SendResponse", SmevFaultCode.STALE_MESSAGE_ID);
        provider.poll(school);
        List<Outbound> answers = store.answersTo(id);
        assertThat(answers).hasSize(2);
        Outbound old = answers.stream().filter(a -> a.state() == OutboundState.SUPERSEDED).findFirst().orElseThrow();
        Outbound renewed = answers.stream().filter(a -> a.state() == OutboundState.SENT).findFirst().orElseThrow();
        assertThat(old.replacedBy()).isEqualTo(renewed.messageId());
        assertThat(renewed.replacesMessageId()).isEqualTo(old.messageId());
        assertThat(old.faultCode()).isEqualTo(SmevFaultCode.STALE_MESSAGE_ID.name());
        assertThat(onlyResponse().messageId()).isEqualTo(renewed.messageId());
    }

    @ParameterizedTest
    @EnumSource(value = SmevFaultCode.class, names = {"INVALID_CONTENT", "SIGNATURE_VERIFICATION_FAULT",
            "SENDER_IS_NOT_REGISTERED"})
    void permanentAndConfigurationFaultsAreStoredForTheOperator(SmevFaultCode code) throws Exception {
        String id = ask(PARENT, PUPIL);
        smev.failNext("SendResponse", code);
        provider.poll(school);
        provider.poll(school);
        Outbound failed = store.answersTo(id).get(0);
        assertThat(failed.state()).isEqualTo(OutboundState.FAILED);
        assertThat(failed.faultClass()).isEqualTo(code.faultClass().name())
                .isIn(FaultClass.PERMANENT.name(), FaultClass.CONFIGURATION.name());
        assertThat(failed.reasonRu()).startsWith(code.reason());
        assertThat(failed.attempts()).as("not retried").isEqualTo(1);
        assertThat(store.problems(SCHOOL)).extracting(Outbound::messageId).containsExactly(failed.messageId());
        assertThat(smev.responses()).isEmpty();
    }
}
