package ru.diarybridge.routes.archive;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-protocol server in the test's JVM: S3Proxy (Jetty 11) over jclouds' file-system blob store, with AWS
 * signature V2/V4 authentication, on a free loopback port.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String ACCESS_KEY = "archive-test";
    static final String SECRET_KEY = "archive-test-secret";

    private final BlobStoreContext context;
    private final S3Proxy proxy;

    S3ProxyServer(Path baseDir) throws Exception {
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", baseDir.toString());
        context = ContextBuilder.newBuilder("filesystem").credentials("identity", "credential").overrides(props)
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0")).build();
        proxy.start(); // Jetty's start() returns once the connector is bound
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    S3ArchiveStorage.Settings settings(String bucket, String prefix) {
        return new S3ArchiveStorage.Settings(endpoint(), "us-east-1", bucket, prefix, ACCESS_KEY, SECRET_KEY, true);
    }

    /** A raw client for the test's own reads and tampering, bypassing the storage under test. */
    S3Client client() {
        return S3ArchiveStorage.client(settings("unused", ""));
    }

    void createBucket(String bucket) {
        try (S3Client c = client()) {
            c.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
