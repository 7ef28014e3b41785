package ru.diarybridge.routes.archive;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where archive files live, addressed by a relative path with '/' separators
 * ({@code <school>/<year>/<period>/<file>}). The default is {@link FileSystemArchiveStorage}; an S3-compatible
 * store would implement the same four methods (see README, «Archive»).
 */
public interface ArchiveStorage {

    /** Writes (or replaces) the file at {@code path}. */
    void put(String path, byte[] content) throws IOException;

    /** The file's bytes, or empty when there is no such file. */
    Optional<byte[]> get(String path) throws IOException;

    /** Relative paths of the files under {@code prefix} (a folder path, or "" for all), sorted. */
    List<String> list(String prefix) throws IOException;

    boolean exists(String path) throws IOException;

    /** Where the storage is, for messages (a folder, a bucket). */
    String describe();
}
