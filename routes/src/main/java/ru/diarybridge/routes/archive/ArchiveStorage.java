package ru.diarybridge.routes.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where archive files live, addressed by a relative path with '/' separators
 * ({@code <school>/<year>/<period>/<file>}). The default is {@link FileSystemArchiveStorage}; an S3-compatible
 * store is {@link S3ArchiveStorage}. Large files (the half-year export) go through {@link #put(String, Path)} and
 * {@link #sha256(String)}, which the implementations stream.
 */
public interface ArchiveStorage {

    /** Writes (or replaces) the file at {@code path}. */
    void put(String path, byte[] content) throws IOException;

    /** The file's bytes, or empty when there is no such file. */
    Optional<byte[]> get(String path) throws IOException;

    /** Relative paths of the files under {@code prefix} (a folder path, or "" for all), sorted. */
    List<String> list(String prefix) throws IOException;

    boolean exists(String path) throws IOException;

    /** Writes (or replaces) the file at {@code path} with the content of a local file, without loading it whole. */
    default void put(String path, Path source) throws IOException {
        put(path, Files.readAllBytes(source));
    }

    /** The SHA-256 (hex) of the file, or empty when there is no such file. */
    default Optional<String> sha256(String path) throws IOException {
        Optional<byte[]> content = get(path);
        return content.map(ru.diarybridge.model.ContentHash::sha256);
    }

    /** The SHA-256 (hex) of a stream, read to its end. */
    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream d = new DigestInputStream(in, md)) {
                d.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", e);
        }
    }

    /** Where the storage is, for messages (a folder, a bucket). */
    String describe();
}
