package jaudit.kernel.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import jaudit.kernel.install.Kernelspec;
import jaudit.kernel.protocol.ConnectionInfo;
import jaudit.kernel.remote.PortRange;

/**
 * A kernel this process started from a kernelspec, as jupyter_client starts one: free ports and a
 * fresh key in a connection file only the user can read, the kernel's output on this process's
 * standard error (never its standard output, which may carry a protocol of its own), and
 * {@code JPY_PARENT_PID}, so that the kernel ends when this process does.
 */
public final class KernelProcess implements AutoCloseable {
    private final Kernelspec spec;
    private final ObjectMapper json;
    private final Path workingDir;
    private Path connectionFile;
    private ConnectionInfo connection;
    private Process process;

    public KernelProcess(Kernelspec spec, ObjectMapper json, Path workingDir) {
        this.spec = spec;
        this.json = json;
        this.workingDir = workingDir;
    }

    /** Starts the kernel (again, after a {@link #stop()}) on fresh ports. */
    public ConnectionInfo start() throws IOException {
        List<Integer> ports = PortRange.ANY.choose(5);
        connection = new ConnectionInfo("tcp", "127.0.0.1", ports.get(0), ports.get(1), ports.get(2), ports.get(3),
                ports.get(4), "hmac-sha256", UUID.randomUUID().toString());
        connectionFile = Files.createTempFile("jaudit-mcp-kernel-", ".json",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        ObjectNode file = json.createObjectNode();
        file.put("transport", connection.transport());
        file.put("ip", connection.ip());
        file.put("shell_port", connection.shellPort());
        file.put("control_port", connection.controlPort());
        file.put("iopub_port", connection.iopubPort());
        file.put("stdin_port", connection.stdinPort());
        file.put("hb_port", connection.heartbeatPort());
        file.put("signature_scheme", connection.signatureScheme());
        file.put("key", connection.key());
        file.put("kernel_name", spec.name());
        json.writeValue(connectionFile.toFile(), file);
        ProcessBuilder builder = new ProcessBuilder(spec.command(connectionFile))
                .directory(workingDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("JPY_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        process = builder.start();
        return connection;
    }

    public Process process() {
        return process;
    }

    public ConnectionInfo connection() {
        return connection;
    }

    /** Ends the kernel at once and removes its connection file. */
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (connectionFile != null) {
            try {
                Files.deleteIfExists(connectionFile);
            } catch (IOException e) {
                // A temp file left behind harms nothing.
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
