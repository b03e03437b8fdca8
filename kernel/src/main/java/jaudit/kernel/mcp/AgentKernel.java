package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import jaudit.kernel.client.KernelClient;
import jaudit.kernel.client.KernelGoneException;
import jaudit.kernel.client.KernelProcess;
import jaudit.kernel.handler.CommHandlers;
import jaudit.kernel.install.Kernelspec;
import jaudit.kernel.protocol.ConnectionInfo;

/**
 * The kernel the agent's cells run in: one this server started from a kernelspec (restartable, shut
 * down with the server), or one already running that it attached to through its connection file (the
 * person's, shared). The server opens a {@code jaudit.audit} comm on it, so that the kernel's questions
 * about the agent's cells reach the server.
 */
final class AgentKernel implements AutoCloseable {
    /** A kernel started here may be a cold JVM on a slow machine; one attached to is running already. */
    private static final Duration STARTED_READY = Duration.ofSeconds(60);
    private static final Duration ATTACHED_READY = Duration.ofSeconds(15);
    private static final Duration REPLY = Duration.ofSeconds(30);

    private final ObjectMapper json;
    private final Optional<KernelProcess> process;
    private final String commId = UUID.randomUUID().toString();
    /** The connection, made in the background for a kernel started here: its JVM starts while the MCP client initialises. */
    private volatile CompletableFuture<KernelClient> client;

    private AgentKernel(ObjectMapper json, Optional<KernelProcess> process) {
        this.json = json;
        this.process = process;
    }

    static AgentKernel start(ObjectMapper json, Kernelspec spec, Path workingDir) throws IOException {
        KernelProcess process = new KernelProcess(spec, json, workingDir);
        AgentKernel kernel = new AgentKernel(json, Optional.of(process));
        kernel.connectSoon(process.start());
        return kernel;
    }

    /**
     * Attaches in the background too: a kernel that does not answer (not running, another key) is
     * each tool's clear error, and the server stays up to say so.
     */
    static AgentKernel attach(ObjectMapper json, Path connectionFile) throws IOException {
        AgentKernel kernel = new AgentKernel(json, Optional.empty());
        kernel.connectSoon(ConnectionInfo.read(json, connectionFile));
        return kernel;
    }

    private void connectSoon(ConnectionInfo connection) {
        client = CompletableFuture.supplyAsync(() -> {
            try {
                return connect(connection);
            } catch (TimeoutException e) {
                throw new KernelGoneException(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KernelGoneException("interrupted while the kernel started");
            }
        });
    }

    private KernelClient connect(ConnectionInfo connection) throws TimeoutException, InterruptedException {
        KernelClient connected = KernelClient.connect(connection, json,
                process.isPresent() ? STARTED_READY : ATTACHED_READY);
        process.ifPresent(p -> p.process().onExit().thenAccept(ended ->
                connected.fail("the kernel died (exit status " + ended.exitValue() + ")")));
        ObjectNode open = json.createObjectNode();
        open.put("comm_id", commId);
        open.put("target_name", CommHandlers.AUDIT_TARGET);
        open.putObject("data");
        connected.send(KernelClient.Route.SHELL, "comm_open", open, m -> { });
        return connected;
    }

    /** The connection, once made; waits for a kernel still starting. */
    KernelClient client() {
        try {
            return client.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof KernelGoneException gone ? gone : new KernelGoneException(e.getCause().toString());
        }
    }

    boolean started() {
        return process.isPresent();
    }

    /** Interrupts the running cell (the kernel's interrupt: every shell's). */
    void interrupt() throws TimeoutException, InterruptedException {
        client().send(KernelClient.Route.CONTROL, "interrupt_request", json.createObjectNode(), m -> { }).await(REPLY);
    }

    /** Answers the kernel's question {@code id}: {@code once}, {@code session} or {@code deny}. */
    void answer(String id, String decision) {
        ObjectNode content = json.createObjectNode();
        content.put("comm_id", commId);
        ObjectNode answer = content.putObject("data").putObject(CommHandlers.ANSWER);
        answer.put("id", id);
        answer.put("decision", decision);
        client().send(KernelClient.Route.CONTROL, "comm_msg", content, m -> { });
    }

    /** A fresh JVM for a kernel this server started; a kernel it attached to is the person's, not its own to restart. */
    void restart() throws IOException, TimeoutException, InterruptedException {
        if (process.isEmpty()) {
            throw new IllegalStateException("not a kernel this server started");
        }
        shutDown();
        connectSoon(process.get().start());
        client();
    }

    private void shutDown() {
        KernelClient old = client != null && client.isDone() && !client.isCompletedExceptionally() ? client.join() : null;
        if (old != null) {
            ObjectNode content = json.createObjectNode();
            content.put("restart", false);
            try {
                old.send(KernelClient.Route.CONTROL, "shutdown_request", content, m -> { }).reply()
                        .get(5, java.util.concurrent.TimeUnit.SECONDS);
                process.ifPresent(p -> p.process().onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join());
            } catch (Exception e) {
                // Killed below.
            }
            old.close();
        }
        process.ifPresent(KernelProcess::stop);
    }

    @Override
    public void close() {
        if (process.isPresent()) {
            shutDown();
        } else if (client != null && client.isDone() && !client.isCompletedExceptionally()) {
            client.join().close();
        }
    }
}
