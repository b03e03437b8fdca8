package jaudit.kernel.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import jaudit.kernel.cell.CellRunner;
import jaudit.kernel.protocol.ConnectionInfo;

/**
 * A remote kernel's link to Enterprise Gateway, the launcher side of EG's contract. EG writes no
 * connection file for a remote kernel, so the launcher picks the five ZeroMQ ports (inside the
 * given range) and the key, binds every interface, opens its communication port, reports all of it
 * to EG's response address encrypted, and then serves the communication port while the kernel runs.
 */
public final class GatewayLink {
    private final RemoteOptions options;
    private final ConnectionInfo connection;
    private final ServerSocket commPort;
    private final ObjectMapper json = new ObjectMapper();

    private GatewayLink(RemoteOptions options, ConnectionInfo connection, ServerSocket commPort) {
        this.options = options;
        this.connection = connection;
        this.commPort = commPort;
    }

    /**
     * Reads the launcher's arguments and takes its ports.
     *
     * @throws IllegalArgumentException for arguments EG's contract does not allow, naming the argument
     * @throws IOException when the port range has no free port
     */
    public static GatewayLink open(List<String> args) throws IOException {
        RemoteOptions options = RemoteOptions.parse(args);
        // The communication port is held while the five are chosen, so none of them can be it.
        ServerSocket commPort = options.ports().bind();
        List<Integer> ports = options.ports().choose(5);
        ConnectionInfo connection = new ConnectionInfo("tcp", "0.0.0.0", ports.get(0), ports.get(4), ports.get(1),
                ports.get(2), ports.get(3), "hmac-sha256", UUID.randomUUID().toString());
        return new GatewayLink(options, connection, commPort);
    }

    /** Where the kernel binds and how it signs: what the report tells EG. */
    public ConnectionInfo connection() {
        return connection;
    }

    /** The policy the command line gives, as JSON text ({@code {}} when it gives none). */
    public String policy() {
        return options.policy();
    }

    /** Sends EG the connection info, once; an unreachable response address is an error naming it. */
    public void report() throws IOException {
        ObjectNode info = json.createObjectNode();
        info.put("shell_port", connection.shellPort());
        info.put("iopub_port", connection.iopubPort());
        info.put("stdin_port", connection.stdinPort());
        info.put("control_port", connection.controlPort());
        info.put("hb_port", connection.heartbeatPort());
        info.put("ip", connection.ip());
        info.put("key", connection.key());
        info.put("transport", connection.transport());
        info.put("signature_scheme", connection.signatureScheme());
        info.put("kernel_name", "");
        long pid = ProcessHandle.current().pid();
        info.put("pid", pid);
        info.put("pgid", processGroup(pid));
        info.put("comm_port", commPort.getLocalPort());
        info.put("kernel_id", options.kernelId());
        ConnectionReport.send(options.responseHost(), options.responsePort(),
                ConnectionReport.payload(json, info, options.publicKey()));
    }

    /** Serves the communication port from now on: liveness polls, signals for {@code runner}, shutdown, orphaning. */
    public void listen(CellRunner runner) {
        Thread listener = new Thread(new CommPort(commPort, json, runner, options.orphanTimeout()), "jaudit-comm-port");
        listener.setDaemon(true);
        listener.start();
    }

    /** How the link is known in the log: the response address, the kernel id and the communication port. */
    @Override
    public String toString() {
        return "gateway " + options.responseHost() + ":" + options.responsePort() + ", kernel " + options.kernelId()
                + ", communication port " + commPort.getLocalPort();
    }

    /** The process group, from /proc (Java has no call for it); the pid when /proc cannot say. */
    private static long processGroup(long pid) throws IOException {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.isReadable(stat)) {
            return pid;
        }
        String text = Files.readString(stat, StandardCharsets.US_ASCII);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[2]);
    }
}
