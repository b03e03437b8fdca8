package jaudit.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** The connection file Jupyter hands the kernel: where to bind and how to sign. */
public record ConnectionInfo(String transport, String ip, int shellPort, int controlPort, int iopubPort,
                             int stdinPort, int heartbeatPort, String signatureScheme, String key) {

    public static ConnectionInfo read(ObjectMapper json, Path file) throws IOException {
        JsonNode node = json.readTree(file.toFile());
        if (node == null || !node.isObject()) {
            throw new IOException("connection file " + file + " is not a JSON object");
        }
        return new ConnectionInfo(node.path("transport").asText("tcp"), node.path("ip").asText("127.0.0.1"),
                port(node, "shell_port"), port(node, "control_port"), port(node, "iopub_port"),
                port(node, "stdin_port"), port(node, "hb_port"),
                node.path("signature_scheme").asText("hmac-sha256"), node.path("key").asText(""));
    }

    private static int port(JsonNode node, String name) throws IOException {
        JsonNode port = node.get(name);
        if (port == null || !port.canConvertToInt()) {
            throw new IOException("connection file lacks an integer '" + name + "'");
        }
        return port.asInt();
    }

    /** The ZeroMQ endpoint for a port; ipc endpoints use the port as a file suffix, as jupyter_client does. */
    public String endpoint(int port) {
        return "ipc".equals(transport) ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }
}
