package ru.diarybridge.routes.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.diarybridge.model.ContentHash;
import ru.diarybridge.routes.documents.PdfXlsxRenderer;
import ru.diarybridge.routes.sync.SyncStatePersistenceTestAccess;
import ru.diarybridge.simulator.school.GeneratedSchool;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A whole archive run and its verification through {@link ArchiveService} on a real S3-protocol server: the
 * archive under prefix {@code archive/}, the half-year export under {@code export/} of the same bucket.
 */
class ArchiveOnS3Test {

    private static final String SCHOOL = "demo-107";
    private static final String BUCKET = "school-archive";
    private static final ZoneId ZONE = ZoneId.of("Europe/Samara");

    @TempDir
    static Path tmp;

    private static S3ProxyServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3ProxyServer(Files.createDirectories(tmp.resolve("s3")));
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        SyncStatePersistenceTestAccess.dropSchemas();
    }

    @Test
    void aRunIsStoredInTheBucketAndVerificationNamesExactlyTheChangedAndTheMissingObject() throws Exception {
        GeneratedJournalStore store = new GeneratedJournalStore(SCHOOL, GeneratedSchool.SCHOOL_ID,
                LocalDate.of(2026, 10, 19), LocalDate.of(2027, 1, 20));
        store.classFilter = c -> c.name().equals("5а") || c.name().equals("10а");
        ArchiveRepository repo = new ArchiveRepository(SyncStatePersistenceTestAccess.database("h2"));
        S3ArchiveStorage archive = S3ArchiveStorage.create(s3.settings(BUCKET, "archive/"));
        S3ArchiveStorage export = S3ArchiveStorage.create(s3.settings(BUCKET, "export/"));
        LocalDate today = LocalDate.of(2026, 12, 30);
        ArchiveService service = new ArchiveService(store, repo, archive, export, new PdfXlsxRenderer(),
                id -> GeneratedSchool.SCHOOL_NAME, Clock.fixed(today.atTime(4, 0).atZone(ZONE).toInstant(), ZONE));
        ArchivePeriod h1 = service.periods(SCHOOL).stream().filter(p -> p.folder().equals("h1")).findFirst()
                .orElseThrow();

        ArchiveService.RunResult run = service.archive(SCHOOL, h1, "manual");
        assertThat(run.status()).isEqualTo(ArchiveRepository.Status.COMPLETE);
        String dir = SCHOOL + "/2026-2027/h1/";
        String exportPath = dir + "export-" + SCHOOL + "-2026-2027-h1.jsonl";
        assertThat(archive.list(dir)).containsExactly(dir + "journal-10а.pdf", run.manifestPath(),
                dir + "summary-10а.pdf", dir + "summary-10а.xlsx");
        assertThat(export.list("")).containsExactly(exportPath);
        try (S3Client raw = s3.client()) {
            // what is in the bucket is byte for byte what the database recorded
            for (ArchiveRepository.FileRow f : repo.filesOfRun(run.runId())) {
                String key = (f.store() == ArchiveRepository.Store.EXPORT ? "export/" : "archive/") + f.path();
                byte[] object = raw.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
                assertThat(ContentHash.sha256(object)).as(key).isEqualTo(f.sha256());
            }
            assertThat(service.verify(SCHOOL).ok()).isTrue();

            // one byte flipped in one object, behind the storage's back
            String changed = dir + "summary-10а.xlsx";
            byte[] bytes = raw.getObjectAsBytes(b -> b.bucket(BUCKET).key("archive/" + changed)).asByteArray();
            bytes[bytes.length / 2] ^= 0x01;
            raw.putObject(b -> b.bucket(BUCKET).key("archive/" + changed), RequestBody.fromBytes(bytes));
            ArchiveService.VerificationResult flipped = service.verify(SCHOOL);
            assertThat(flipped.problems()).singleElement().asString().contains("изменён", changed);
            assertThat(flipped.mismatched()).isEqualTo(1);
            assertThat(flipped.missing()).isZero();

            // the export object deleted
            raw.deleteObject(b -> b.bucket(BUCKET).key("export/" + exportPath));
            ArchiveService.VerificationResult both = service.verify(SCHOOL);
            assertThat(both.problems()).hasSize(2);
            assertThat(both.problems()).filteredOn(p -> p.contains("отсутствует")).singleElement().asString()
                    .contains(exportPath, "s3://" + BUCKET + "/export/");
            assertThat(both.missing()).isEqualTo(1);
            assertThat(both.mismatched()).isEqualTo(1);
        }
        assertThat(repo.verifications(SCHOOL)).extracting(ArchiveRepository.Verification::status)
                .containsExactly("OK", "FAILED", "FAILED");
        List<String> all = archive.list("");
        assertThat(all).contains(run.manifestPath());
        archive.close();
        export.close();
    }
}
