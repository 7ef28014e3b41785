package ru.diarybridge.routes.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;

/** The same {@link ArchiveStorage} contract on the file system and on a real S3-protocol server (S3Proxy). */
class ArchiveStorageContractTest {

    @TempDir
    static Path tmp;

    private static S3ProxyServer s3;
    private static int buckets;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3ProxyServer(Files.createDirectories(tmp.resolve("s3")));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    static Stream<Arguments> storages() {
        return Stream.of(Arguments.of("filesystem"), Arguments.of("s3"), Arguments.of("s3-no-prefix"));
    }

    private static ArchiveStorage storage(String kind) throws Exception {
        String bucket = "contract-" + ++buckets;
        return switch (kind) {
            case "filesystem" -> new FileSystemArchiveStorage(Files.createDirectories(tmp.resolve(bucket)));
            case "s3" -> {
                s3.createBucket(bucket);
                yield S3ArchiveStorage.create(s3.settings(bucket, "archive/"));
            }
            case "s3-no-prefix" -> {
                s3.createBucket(bucket);
                yield S3ArchiveStorage.create(s3.settings(bucket, ""));
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("storages")
    void putGetListExists(String kind) throws Exception {
        ArchiveStorage storage = storage(kind);
        storage.put("demo-107/2026-2027/q1/journal-5а.pdf", utf8("журнал 5а"));
        storage.put("demo-107/2026-2027/q1/summary-5а.xlsx", new byte[] {0, 1, 2, (byte) 0xFF});
        storage.put("demo-107/2026-2027/q2/journal-5а.pdf", utf8("q2"));
        storage.put("demo-107/2026-2027/q10/journal-5а.pdf", utf8("not q1"));
        storage.put("other/2026-2027/q1/journal-1а.pdf", utf8("other school"));

        assertThat(storage.get("demo-107/2026-2027/q1/journal-5а.pdf")).hasValueSatisfying(b ->
                assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("журнал 5а"));
        assertThat(storage.get("demo-107/2026-2027/q1/summary-5а.xlsx")).hasValueSatisfying(b ->
                assertThat(b).containsExactly(0, 1, 2, 0xFF));
        assertThat(storage.exists("demo-107/2026-2027/q1/journal-5а.pdf")).isTrue();
        // a folder is listed with its own files only, not a sibling whose name starts alike (q1 / q10)
        assertThat(storage.list("demo-107/2026-2027/q1")).containsExactly(
                "demo-107/2026-2027/q1/journal-5а.pdf", "demo-107/2026-2027/q1/summary-5а.xlsx");
        assertThat(storage.list("demo-107")).containsExactly("demo-107/2026-2027/q1/journal-5а.pdf",
                "demo-107/2026-2027/q1/summary-5а.xlsx", "demo-107/2026-2027/q10/journal-5а.pdf",
                "demo-107/2026-2027/q2/journal-5а.pdf");
        assertThat(storage.list("")).hasSize(5).contains("other/2026-2027/q1/journal-1а.pdf");
        assertThat(storage.describe()).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("storages")
    void aMissingFileIsEmptyNotAnError(String kind) throws Exception {
        ArchiveStorage storage = storage(kind);
        assertThat(storage.get("demo-107/2026-2027/q1/none.pdf")).isEmpty();
        assertThat(storage.exists("demo-107/2026-2027/q1/none.pdf")).isFalse();
        assertThat(storage.list("demo-107/2026-2027")).isEmpty();
        assertThat(storage.list("")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("storages")
    void putReplacesTheFile(String kind) throws Exception {
        ArchiveStorage storage = storage(kind);
        storage.put("s/2026-2027/year/manifest-1.json", utf8("{\"v\":1, \"long\":\"" + "x".repeat(5000) + "\"}"));
        storage.put("s/2026-2027/year/manifest-1.json", utf8("{\"v\":2}"));
        assertThat(storage.get("s/2026-2027/year/manifest-1.json")).hasValueSatisfying(b ->
                assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{\"v\":2}"));
        assertThat(storage.list("s")).containsExactly("s/2026-2027/year/manifest-1.json");
    }

    @ParameterizedTest
    @MethodSource("storages")
    void aLargeFileIsWrittenFromALocalFileAndHashedAsAStream(String kind) throws Exception {
        ArchiveStorage storage = storage(kind);
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(6).nextBytes(big);
        Path local = Files.write(tmp.resolve(kind + "-export.jsonl"), big);
        storage.put("s/2026-2027/h1/export.jsonl", local);
        assertThat(storage.sha256("s/2026-2027/h1/export.jsonl"))
                .hasValue(ru.diarybridge.model.ContentHash.sha256(big));
        assertThat(storage.get("s/2026-2027/h1/export.jsonl")).hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
        assertThat(storage.sha256("s/2026-2027/h1/none.jsonl")).isEmpty();
        assertThat(storage.list("s")).containsExactly("s/2026-2027/h1/export.jsonl");
    }

    @ParameterizedTest
    @MethodSource("storages")
    void aPathOutsideTheRootIsRefused(String kind) throws Exception {
        ArchiveStorage storage = storage(kind);
        assertThatThrownBy(() -> storage.put("../escape.pdf", utf8("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.get("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void s3KeysCarryThePrefixSoArchiveAndExportShareABucket() throws Exception {
        s3.createBucket("shared");
        ArchiveStorage archive = S3ArchiveStorage.create(s3.settings("shared", "archive"));
        ArchiveStorage export = S3ArchiveStorage.create(s3.settings("shared", "/export/"));
        archive.put("demo-107/2026-2027/h1/manifest-1.json", utf8("a"));
        export.put("demo-107/2026-2027/h1/export.jsonl", utf8("e"));
        assertThat(archive.list("")).containsExactly("demo-107/2026-2027/h1/manifest-1.json");
        assertThat(export.list("")).containsExactly("demo-107/2026-2027/h1/export.jsonl");
        assertThat(export.exists("demo-107/2026-2027/h1/manifest-1.json")).isFalse();
        try (S3Client raw = s3.client()) {
            List<String> keys = raw.listObjectsV2(b -> b.bucket("shared")).contents().stream()
                    .map(o -> o.key()).filter(k -> !k.endsWith("/")).sorted().toList();
            assertThat(keys).containsExactly("archive/demo-107/2026-2027/h1/manifest-1.json",
                    "export/demo-107/2026-2027/h1/export.jsonl");
        }
        assertThat(archive.describe()).startsWith("s3://shared/archive/");
    }

    @Test
    void aBucketThatDoesNotExistIsAnIoError() {
        ArchiveStorage storage = S3ArchiveStorage.create(s3.settings("no-such-bucket", "archive/"));
        assertThatThrownBy(() -> storage.put("a/b.pdf", utf8("x"))).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("no-such-bucket");
    }
}
