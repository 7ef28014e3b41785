package ru.diarybridge.connector.smev.sign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing key from a PKCS#12 file, re-read when the file changes (modification time or size), so that a
 * renewed certificate is used without a restart (facts §6 «Signatures»: certificates change). A file that cannot
 * be read after a change keeps the previous key in use and is logged; with no previous key the call fails.
 */
public class Pkcs12KeySource implements Supplier<SigningKey> {

    private static final Logger LOG = LoggerFactory.getLogger(Pkcs12KeySource.class);

    private final Path file;
    private final char[] password;
    private final String alias;
    private SigningKey current;
    private FileTime loadedModified;
    private long loadedSize = -1;

    /** @param alias the entry to use; null for the first key entry */
    public Pkcs12KeySource(Path file, String password, String alias) {
        GostXmlDsig.init();
        this.file = file;
        this.password = password == null ? new char[0] : password.toCharArray();
        this.alias = alias;
    }

    @Override
    public synchronized SigningKey get() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (current == null || !modified.equals(loadedModified) || size != loadedSize) {
                SigningKey loaded = load();
                if (current != null) {
                    LOG.info("Хранилище ключей {} изменилось, подпись теперь ключом {}", file, loaded);
                }
                current = loaded;
                loadedModified = modified;
                loadedSize = size;
            }
        } catch (IOException | RuntimeException e) {
            if (current == null) {
                throw new IllegalStateException("хранилище ключей " + file + " не читается: " + e.getMessage(), e);
            }
            LOG.error("Хранилище ключей {} не читается, подпись прежним ключом {}: {}", file, current, e.getMessage());
        }
        return current;
    }

    private SigningKey load() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12", GostXmlDsig.provider());
            store.load(in, password);
            for (String a : Collections.list(store.aliases())) {
                if ((alias == null || alias.equals(a)) && store.isKeyEntry(a)) {
                    PrivateKey key = (PrivateKey) store.getKey(a, password);
                    X509Certificate cert = (X509Certificate) store.getCertificate(a);
                    return new SigningKey(key, cert);
                }
            }
            throw new IllegalStateException("в хранилище " + file + " нет ключа"
                    + (alias == null ? "" : " с псевдонимом " + alias));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
