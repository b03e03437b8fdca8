package jaudit.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC signatures over the header, parent header, metadata and content frames. An empty key turns
 * signing off, as the Jupyter spec allows.
 */
public final class MessageSigner {
    private static final HexFormat HEX = HexFormat.of();
    private final SecretKeySpec key;
    private final String algorithm;
    private final ThreadLocal<Mac> macs;

    public MessageSigner(String scheme, String key) {
        if (key == null || key.isEmpty()) {
            this.key = null;
            this.algorithm = null;
            this.macs = null;
            return;
        }
        this.algorithm = macAlgorithm(scheme);
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm);
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac();
    }

    private static String macAlgorithm(String scheme) {
        String s = scheme == null || scheme.isEmpty() ? "hmac-sha256" : scheme;
        return switch (s) {
            case "hmac-sha256" -> "HmacSHA256";
            case "hmac-sha512" -> "HmacSHA512";
            case "hmac-sha1" -> "HmacSHA1";
            default -> throw new IllegalArgumentException("unsupported signature_scheme: " + s);
        };
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create " + algorithm, e);
        }
    }

    public boolean enabled() {
        return key != null;
    }

    /** The hex signature of the four JSON frames, or an empty string when signing is off. */
    public String sign(List<byte[]> parts) {
        if (key == null) {
            return "";
        }
        Mac mac = macs.get();
        for (byte[] part : parts) {
            mac.update(part);
        }
        return HEX.formatHex(mac.doFinal());
    }

    /** Compares in constant time, so that a forger learns nothing from how fast a guess fails. */
    public boolean verify(byte[] signature, List<byte[]> parts) {
        if (key == null) {
            return true;
        }
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }
}
