package ru.diarybridge.routes.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.diarybridge.connector.smev.sign.GostKeyTool;
import ru.diarybridge.connector.smev.sign.Pkcs12KeySource;
import ru.diarybridge.connector.smev.sign.SigningKey;
import ru.diarybridge.routes.documents.PdfXlsxRenderer;
import ru.diarybridge.routes.sync.SyncStatePersistenceTestAccess;
import ru.diarybridge.simulator.school.GeneratedSchool;

/** The detached CMS signature of each manifest with the SMEV signer's GOST key, and its check by verification. */
class ManifestSignatureTest {

    private static final String SCHOOL = "demo-107";
    private static final ZoneId ZONE = ZoneId.of("Europe/Samara");

    @TempDir
    Path tmp;

    @AfterAll
    static void dropSchemas() throws Exception {
        SyncStatePersistenceTestAccess.dropSchemas();
    }

    @Test
    void aDetachedGostSignatureHoldsForItsContentOnly() throws Exception {
        SigningKey key = GostKeyTool.selfSigned("Школа 107");
        byte[] manifest = "{\"runId\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] sig = ManifestSignature.sign(key, manifest);

        CMSSignedData cms = new CMSSignedData(sig);
        assertThat(cms.isDetachedSignature()).isTrue();
        assertThat(cms.getSignedContent()).isNull();
        // GOST R 34.11-2012 (256) digest, the signer's certificate carried inside
        assertThat(cms.getSignerInfos().getSigners()).singleElement()
                .satisfies(s -> assertThat(s.getDigestAlgOID()).isEqualTo("1.2.643.7.1.1.2.2"));
        assertThat(cms.getCertificates().getMatches(null)).hasSize(1);

        assertThat(ManifestSignature.verify(manifest, sig)).isEmpty();
        assertThat(ManifestSignature.verify("{\"runId\":2}".getBytes(StandardCharsets.UTF_8), sig))
                .hasValueSatisfying(p -> assertThat(p).contains("не соответствует"));
        byte[] broken = sig.clone();
        broken[broken.length - 5] ^= 0x01;
        assertThat(ManifestSignature.verify(manifest, broken)).isPresent();
    }

    @Test
    void eachManifestIsSignedWithTheSmevKeyAndATamperedManifestIsReported() throws Exception {
        Path p12 = tmp.resolve("smev.p12");
        GostKeyTool.writePkcs12(GostKeyTool.selfSigned("Школа 107"), p12, "smev", "changeit");
        Pkcs12KeySource smevKey = new Pkcs12KeySource(p12, "changeit", null);

        GeneratedJournalStore store = new GeneratedJournalStore(SCHOOL, GeneratedSchool.SCHOOL_ID,
                LocalDate.of(2026, 10, 19), LocalDate.of(2027, 1, 20));
        store.classFilter = c -> c.name().equals("5а");
        ArchiveRepository repo = new ArchiveRepository(SyncStatePersistenceTestAccess.database("h2"));
        FileSystemArchiveStorage archive = new FileSystemArchiveStorage(tmp.resolve("archive"));
        LocalDate today = LocalDate.of(2026, 10, 27);
        ArchiveService service = new ArchiveService(store, repo, archive, null, new PdfXlsxRenderer(),
                id -> GeneratedSchool.SCHOOL_NAME, Clock.fixed(today.atTime(4, 0).atZone(ZONE).toInstant(), ZONE))
                .signManifests(ManifestSignature.signer(school -> smevKey.get()));
        ArchivePeriod q1 = service.periods(SCHOOL).stream().filter(p -> p.folder().equals("q1")).findFirst()
                .orElseThrow();

        ArchiveService.RunResult first = service.archive(SCHOOL, q1, "manual");
        ArchiveService.RunResult second = service.archive(SCHOOL, q1, "manual");
        String sigPath = second.manifestPath() + ".sig";
        assertThat(archive.exists(first.manifestPath() + ".sig")).isTrue();
        assertThat(ManifestSignature.verify(archive.get(second.manifestPath()).orElseThrow(),
                archive.get(sigPath).orElseThrow())).isEmpty();
        assertThat(repo.filesOfRun(second.runId())).filteredOn(f -> f.kind().equals("MANIFEST_SIGNATURE"))
                .singleElement().satisfies(f -> {
                    assertThat(f.path()).isEqualTo(sigPath);
                    assertThat(f.retention()).isEqualTo(Retention.MANIFEST_25Y);
                });
        assertThat(second.files()).isEqualTo(repo.filesOfRun(second.runId()).size());
        ArchiveService.VerificationResult ok = service.verify(SCHOOL);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.badSignatures()).isZero();

        // the second manifest edited: its hash and its signature no longer match
        Path manifest = archive.root().resolve(second.manifestPath());
        Files.writeString(manifest, Files.readString(manifest).replace("\"COMPLETE\"", "\"INCOMPLETE\""));
        ArchiveService.VerificationResult tampered = service.verify(SCHOOL);
        assertThat(tampered.badSignatures()).isEqualTo(1);
        assertThat(tampered.mismatched()).isEqualTo(1);
        assertThat(tampered.problems()).filteredOn(p -> p.startsWith("Подпись манифеста не сходится"))
                .singleElement().asString().contains(sigPath);
        assertThat(repo.verifications(SCHOOL)).last().satisfies(v -> {
            assertThat(v.status()).isEqualTo("FAILED");
            assertThat(v.badSignatures()).isEqualTo(1);
            assertThat(v.problems()).contains("Подпись манифеста не сходится");
        });
    }
}
