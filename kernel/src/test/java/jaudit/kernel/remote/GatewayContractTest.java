package jaudit.kernel.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The launcher's side of Enterprise Gateway's contract, as EG's response manager reads it. */
class GatewayContractTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theReportDecryptsWithTheGatewaysPrivateKeyAsEgDoes() throws Exception {
        // EG makes a 1024-bit key: enough for the AES key it protects.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair gateway = generator.generateKeyPair();
        String publicKey = Base64.getEncoder().encodeToString(gateway.getPublic().getEncoded());
        ObjectNode info = json.createObjectNode().put("shell_port", 5001).put("kernel_id", "k1");

        JsonNode envelope = json.readTree(Base64.getDecoder().decode(
                ConnectionReport.payload(json, info, ConnectionReport.publicKey(publicKey))));
        assertEquals(1, envelope.get("version").asInt());
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.DECRYPT_MODE, gateway.getPrivate());
        byte[] aesKey = rsa.doFinal(Base64.getDecoder().decode(envelope.get("key").asText()));
        assertEquals(16, aesKey.length);
        Cipher aes = Cipher.getInstance("AES/ECB/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
        assertEquals(info, json.readTree(aes.doFinal(Base64.getDecoder().decode(envelope.get("conn_info").asText()))));
    }

    @Test
    void eachReportUsesAFreshAesKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        var key = generator.generateKeyPair().getPublic();
        ObjectNode info = json.createObjectNode().put("kernel_id", "k1");
        JsonNode first = json.readTree(Base64.getDecoder().decode(ConnectionReport.payload(json, info, key)));
        JsonNode second = json.readTree(Base64.getDecoder().decode(ConnectionReport.payload(json, info, key)));
        assertTrue(!first.get("conn_info").equals(second.get("conn_info")));
    }

    @Test
    void aPortRangeIsAnyFreePortOrSpansAtLeastAThousandPorts() throws Exception {
        assertTrue(PortRange.parse("0..0").any());
        PortRange range = PortRange.parse("40000..41000");
        List<Integer> ports = range.choose(5);
        assertEquals(5, ports.stream().distinct().count());
        ports.forEach(p -> assertTrue(p >= 40000 && p <= 41000, "port " + p));
        try (ServerSocket bound = range.bind()) {
            assertTrue(bound.getLocalPort() >= 40000 && bound.getLocalPort() <= 41000);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PortRange.parse("9000..9100")).getMessage()
                .contains("must span at least"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PortRange.parse("9000-10000")).getMessage()
                .contains("LOWER..UPPER"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PortRange.parse("70000..80000")).getMessage()
                .contains("not a range of ports"));
    }

    @Test
    void theLegacyOptionNamesEgsKernelspecsSendMeanTheSame() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        String key = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        RemoteOptions options = RemoteOptions.parse(List.of("--RemoteProcessProxy.kernel-id", "k9",
                "--RemoteProcessProxy.response-address", "10.0.0.5:8877", "--RemoteProcessProxy.public-key", key,
                "--RemoteProcessProxy.port-range", "0..0", "--RemoteProcessProxy.spark-context-initialization-mode",
                "none", "--orphan-timeout=30"));
        assertEquals("k9", options.kernelId());
        assertEquals("10.0.0.5", options.responseHost());
        assertEquals(8877, options.responsePort());
        assertEquals(Duration.ofSeconds(30), options.orphanTimeout());
        assertEquals("{}", options.policy());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RemoteOptions.parse(List.of("--kernel-id", "k",
                "--response-address", "10.0.0.5:8877"))).getMessage().contains("remote needs --public-key"));
    }
}
