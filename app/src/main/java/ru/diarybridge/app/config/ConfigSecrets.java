package ru.diarybridge.app.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest in the school files: {@code ENC(<base64 of 12-byte IV + AES-GCM ciphertext and tag>)}, decrypted
 * with the AES key (base64 of 16, 24 or 32 bytes) in the environment variable {@value #KEY_VARIABLE}. A tampered
 * value or a wrong key fails the GCM tag check, so it is never silently turned into a wrong password.
 */
public final class ConfigSecrets {

    public static final String KEY_VARIABLE = "DIARY_BRIDGE_CONFIG_KEY";
    private static final Pattern ENC = Pattern.compile("^ENC\\((.*)\\)$", Pattern.DOTALL);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A value that cannot be decrypted; the message is Russian and never holds the value. */
    public static final class SecretException extends IllegalArgumentException {
        SecretException(String message) {
            super(message);
        }
    }

    private final SecretKeySpec key;
    private final String keyProblem;

    private ConfigSecrets(SecretKeySpec key, String keyProblem) {
        this.key = key;
        this.keyProblem = keyProblem;
    }

    /** @param base64Key the variable's value; null or blank when it is not set */
    public static ConfigSecrets fromKey(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            return new ConfigSecrets(null, "значение зашифровано (ENC(...)), но переменная окружения "
                    + KEY_VARIABLE + " с ключом не задана");
        }
        try {
            byte[] raw = Base64.getDecoder().decode(base64Key.trim());
            if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
                throw new IllegalArgumentException();
            }
            return new ConfigSecrets(new SecretKeySpec(raw, "AES"), null);
        } catch (IllegalArgumentException e) {
            return new ConfigSecrets(null, "ключ в переменной " + KEY_VARIABLE
                    + " не base64 от 16, 24 или 32 байт (создайте: java -jar diary-bridge.jar --generate-key)");
        }
    }

    /** A fresh random 256-bit key, base64. */
    public static String generateKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    public static boolean isEncrypted(String value) {
        return value != null && ENC.matcher(value.trim()).matches();
    }

    public String encrypt(String plain) {
        requireKey();
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return "ENC(" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv)
                    .put(ct).array()) + ")";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The value itself when it is not {@code ENC(...)}. */
    public String decryptIfEncrypted(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = ENC.matcher(value.trim());
        if (!m.matches()) {
            return value;
        }
        requireKey();
        byte[] all;
        try {
            all = Base64.getDecoder().decode(m.group(1).trim());
        } catch (IllegalArgumentException e) {
            throw new SecretException("зашифрованное значение повреждено (не base64)");
        }
        if (all.length <= IV_BYTES) {
            throw new SecretException("зашифрованное значение повреждено (слишком короткое)");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretException("не расшифровать: значение зашифровано другим ключом или изменено "
                    + "(проверьте " + KEY_VARIABLE + ")");
        } catch (GeneralSecurityException e) {
            throw new SecretException("не расшифровать: " + e.getClass().getSimpleName());
        }
    }

    private void requireKey() {
        if (key == null) {
            throw new SecretException(keyProblem);
        }
    }

    /**
     * How a secret may be shown in a page or a log: never in full. Short values show nothing but their presence;
     * longer ones their first two characters.
     */
    public static String masked(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        if (isEncrypted(secret)) {
            return "ENC(…)";
        }
        return secret.length() < 8 ? "••••••" : secret.substring(0, 2) + "••••••";
    }
}
