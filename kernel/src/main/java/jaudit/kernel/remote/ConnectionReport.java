package jaudit.kernel.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one message a remote kernel sends Enterprise Gateway: its connection info, encrypted as EG's
 * launchers do (version 1). A fresh AES-128 key encrypts the JSON (ECB, PKCS#7 padding), EG's RSA
 * public key encrypts that key (PKCS#1 v1.5), and both go base64-encoded in a base64-encoded JSON
 * envelope, over TCP to the response address.
 */
final class ConnectionReport {
    private static final int VERSION = 1;
    private static final int CONNECT_MILLIS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConnectionReport() {
    }

    /** EG's public key, as {@code --public-key} carries it: base64 of a DER SubjectPublicKeyInfo. */
    static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--public-key is not a base64 DER RSA public key (" + e.getMessage() + ")");
        }
    }

    /** The envelope EG's response manager decodes. */
    static String payload(ObjectMapper json, ObjectNode connectionInfo, PublicKey publicKey) throws IOException {
        try {
            byte[] aesKey = new byte[16];
            RANDOM.nextBytes(aesKey);
            // Java calls AES's PKCS#7 padding PKCS5Padding.
            Cipher aes = Cipher.getInstance("AES/ECB/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
            byte[] info = aes.doFinal(json.writeValueAsBytes(connectionInfo));
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, publicKey);
            byte[] key = rsa.doFinal(aesKey);
            ObjectNode envelope = json.createObjectNode();
            envelope.put("version", VERSION);
            envelope.put("key", Base64.getEncoder().encodeToString(key));
            envelope.put("conn_info", Base64.getEncoder().encodeToString(info));
            return Base64.getEncoder().encodeToString(json.writeValueAsBytes(envelope));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt the connection info: " + e.getMessage(), e);
        }
    }

    /** Sends the payload to {@code host:port} and closes the connection, which ends the message for EG. */
    static void send(String host, int port, String payload) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(payload.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new IOException("cannot send the connection info to the response address " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }
}
