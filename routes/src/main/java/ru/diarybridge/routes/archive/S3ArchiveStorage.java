package ru.diarybridge.routes.archive;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Archive files as objects of an S3-compatible store (AWS S3, MinIO, Yandex Object Storage, Ceph…): object key =
 * {@code prefix} + relative path. The bucket must exist; immutability (object lock, versioning) is the bucket's
 * configuration. A PUT of S3 is atomic, so no temporary name is needed.
 */
public class S3ArchiveStorage implements ArchiveStorage, AutoCloseable {

    /**
     * @param endpoint  the store's URL; null for AWS itself
     * @param region    the region to sign requests for (any value for most S3-compatible stores)
     * @param prefix    the key prefix, e.g. {@code archive/}; "" for the bucket root
     * @param accessKey with {@code secretKey}; null for the SDK's default chain (environment, profile, role)
     * @param pathStyle bucket in the path ({@code http://host/bucket/key}), which most self-hosted stores need
     */
    public record Settings(URI endpoint, String region, String bucket, String prefix, String accessKey,
                           String secretKey, boolean pathStyle) {
    }

    private final S3Client client;
    private final boolean ownsClient;
    private final String bucket;
    private final String prefix;
    private final String where;

    public S3ArchiveStorage(S3Client client, String bucket, String prefix) {
        this(client, false, bucket, prefix, "s3://" + bucket + "/" + normalisePrefix(prefix));
    }

    private S3ArchiveStorage(S3Client client, boolean ownsClient, String bucket, String prefix, String where) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("S3 bucket is not set");
        }
        this.client = client;
        this.ownsClient = ownsClient;
        this.bucket = bucket;
        this.prefix = normalisePrefix(prefix);
        this.where = where;
    }

    /** A storage with its own client, closed by {@link #close()}. */
    public static S3ArchiveStorage create(Settings s) {
        return new S3ArchiveStorage(client(s), true, s.bucket(), s.prefix(), "s3://" + s.bucket() + "/"
                + normalisePrefix(s.prefix()) + (s.endpoint() == null ? "" : " (" + s.endpoint() + ")"));
    }

    /** A client over the JDK's HTTP connection; checksums only where S3 requires them, as not every store has them. */
    public static S3Client client(Settings s) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(s.region() == null || s.region().isBlank() ? "us-east-1" : s.region()))
                .forcePathStyle(s.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(s.accessKey() == null || s.accessKey().isBlank()
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey())));
        if (s.endpoint() != null) {
            builder.endpointOverride(s.endpoint());
        }
        return builder.build();
    }

    static String normalisePrefix(String prefix) {
        if (prefix == null || prefix.isBlank() || prefix.equals("/")) {
            return "";
        }
        String p = prefix.strip().replaceAll("^/+", "");
        return p.endsWith("/") ? p : p + "/";
    }

    private String key(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
                || List.of(path.split("/")).contains("..")) {
            throw new IllegalArgumentException("path outside the archive root: " + path);
        }
        return prefix + path;
    }

    @Override
    public void put(String path, byte[] content) throws IOException {
        try {
            client.putObject(b -> b.bucket(bucket).key(key(path)).contentLength((long) content.length),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("S3 " + where + ": cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String path, java.nio.file.Path source) throws IOException {
        try {
            client.putObject(b -> b.bucket(bucket).key(key(path)), RequestBody.fromFile(source));
        } catch (SdkException e) {
            throw new IOException("S3 " + where + ": cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> sha256(String path) throws IOException {
        try {
            return Optional.of(ArchiveStorage.sha256(client.getObject(b -> b.bucket(bucket).key(key(path)))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("S3 " + where + ": cannot read " + path + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 " + where + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String path) throws IOException {
        try {
            return Optional.of(client.getObjectAsBytes(b -> b.bucket(bucket).key(key(path))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("S3 " + where + ": cannot read " + path + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 " + where + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        String p = folder == null || folder.isEmpty() ? prefix : key(folder.endsWith("/") ? folder : folder + "/");
        List<String> out = new ArrayList<>();
        try {
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(p)).contents()) {
                if (!o.key().endsWith("/")) { // "folder" marker objects (web consoles, some stores) are no files
                    out.add(o.key().substring(prefix.length()));
                }
            }
        } catch (SdkException e) {
            throw new IOException("S3 " + where + ": cannot list " + folder + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public boolean exists(String path) throws IOException {
        try {
            client.headObject(b -> b.bucket(bucket).key(key(path)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("S3 " + where + ": cannot check " + path + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 " + where + ": cannot check " + path + ": " + e.getMessage(), e);
        }
    }


    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
