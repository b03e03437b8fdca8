package jaudit.kernel.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import jaudit.kernel.cell.CellRunner;
import jaudit.kernel.log.Log;

/**
 * The remote kernel's communication port, where Enterprise Gateway connects, sends one JSON object
 * and closes: {@code {"signum": 0}} is a liveness poll, {@code {"signum": 2}} an interrupt (as is the
 * signal {@code EG_ALTERNATE_SIGINT} names, when the kernelspec's env sets one),
 * {@code {"signum": 1|9|15}} ends the kernel, {@code {"shutdown": 1}} follows the control channel's
 * shutdown. A kernel that hears nothing here for its orphan timeout has lost its gateway, and exits.
 */
final class CommPort implements Runnable {
    private static final int ACCEPT_MILLIS = 1000;
    private static final int READ_MILLIS = 2000;
    private static final int MAX_REQUEST = 64 * 1024;
    private final ServerSocket socket;
    private final ObjectMapper json;
    private final CellRunner runner;
    private final Duration orphanTimeout;
    private volatile long lastHeard = System.nanoTime();
    /**
     * The signal EG sends for an interrupt: SIGINT, or the kernelspec's {@code EG_ALTERNATE_SIGINT}
     * (which EG also puts in the launcher's environment), SIGUSR1 or SIGUSR2.
     */
    private final int interruptSignal = alternateSigint(System.getenv("EG_ALTERNATE_SIGINT"));

    CommPort(ServerSocket socket, ObjectMapper json, CellRunner runner, Duration orphanTimeout) {
        this.socket = socket;
        this.json = json;
        this.runner = runner;
        this.orphanTimeout = orphanTimeout;
    }

    @Override
    public void run() {
        try {
            socket.setSoTimeout(ACCEPT_MILLIS);
        } catch (IOException e) {
            Log.error("the communication port cannot be served", e);
            return;
        }
        while (true) {
            try (Socket peer = socket.accept()) {
                peer.setSoTimeout(READ_MILLIS);
                JsonNode request = read(peer.getInputStream());
                lastHeard = System.nanoTime();
                handle(request);
            } catch (SocketTimeoutException quiet) {
                if (System.nanoTime() - lastHeard > orphanTimeout.toNanos()) {
                    Log.warn("no request from the gateway on the communication port for " + orphanTimeout.toSeconds()
                            + " s: the kernel is orphaned, exiting");
                    Runtime.getRuntime().halt(1);
                }
            } catch (IOException | RuntimeException e) {
                Log.warn("communication port: ignored a request that could not be read: " + e.getMessage());
            }
        }
    }

    private static int alternateSigint(String name) {
        if (name == null) {
            return 2;
        }
        return switch (name.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "SIGUSR1", "USR1", "10" -> 10;
            case "SIGUSR2", "USR2", "12" -> 12;
            default -> 2;
        };
    }

    private JsonNode read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_REQUEST);
        JsonNode request = json.readTree(bytes);
        if (request == null || !request.isObject()) {
            throw new IOException("expected a JSON object, got '" + new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                    + "'");
        }
        return request;
    }

    private void handle(JsonNode request) {
        if (request.has("signum")) {
            int signum = request.path("signum").asInt(-1);
            if (signum == 2 || signum == interruptSignal) {
                Log.info(runner.interrupt() ? "interrupting the running cell (signal " + signum + " from the gateway)"
                        : "interrupt (signal " + signum + " from the gateway) with no cell running");
                signum = 0;
            }
            switch (signum) {
                case 0 -> { }
                case 1, 9, 15 -> {
                    Log.info("signal " + signum + " from the gateway: exiting");
                    Runtime.getRuntime().halt(128 + signum);
                }
                default -> Log.info("signal " + signum + " from the gateway ignored");
            }
        }
        if (request.path("shutdown").asBoolean(false) || request.path("shutdown").asInt(0) != 0) {
            // The control channel's shutdown_request comes first and ends the kernel; this makes sure of it.
            Log.info("shutdown from the gateway: exiting");
            Thread exit = new Thread(() -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(0);
            }, "jaudit-remote-exit");
            exit.setDaemon(true);
            exit.start();
        }
    }
}
