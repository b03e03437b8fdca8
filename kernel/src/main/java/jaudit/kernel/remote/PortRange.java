package jaudit.kernel.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The ports a remote kernel may bind, as Enterprise Gateway's {@code --port-range lo..hi} gives
 * them: {@code 0..0} means any free port, any other range must span at least 1000 ports (or what
 * {@code EG_MIN_PORT_RANGE_SIZE} says, as for EG's own launchers), and ports are tried at random
 * inside it.
 */
public record PortRange(int lower, int upper) {
    /** Any free port. */
    public static final PortRange ANY = new PortRange(0, 0);
    static final int MIN_SIZE = minSize();
    private static final int TRIES = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    static PortRange parse(String text) {
        String[] parts = text.split("\\.\\.", -1);
        int lower;
        int upper;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            lower = Integer.parseInt(parts[0].trim());
            upper = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port-range must look like LOWER..UPPER (0..0 for any), not '" + text + "'");
        }
        if (lower < 0 || upper > 65535 || upper < lower) {
            throw new IllegalArgumentException("--port-range " + text + " is not a range of ports (0 to 65535)");
        }
        if (upper != lower && upper - lower < MIN_SIZE) {
            throw new IllegalArgumentException("--port-range " + text + " spans " + (upper - lower)
                    + " ports; it must span at least " + MIN_SIZE + " (or be 0..0 for any free port)");
        }
        return new PortRange(lower, upper);
    }

    private static int minSize() {
        String given = System.getenv().getOrDefault("EG_MIN_PORT_RANGE_SIZE", System.getenv("MIN_PORT_RANGE_SIZE"));
        try {
            return given == null ? 1000 : Integer.parseInt(given.trim());
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    boolean any() {
        return lower == upper;
    }

    /** A socket bound on every interface to a free port of the range, or an error naming the range. */
    ServerSocket bind() throws IOException {
        IOException last = null;
        for (int i = 0; i < (any() ? 1 : TRIES); i++) {
            int port = any() ? 0 : lower + RANDOM.nextInt(upper - lower + 1);
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress("0.0.0.0", port));
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw new IOException("no free port in the range " + lower + ".." + upper + " after " + TRIES + " tries"
                + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    /** {@code count} distinct free ports, found by binding each and letting it go, as EG's own launchers do. */
    public List<Integer> choose(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            while (ports.size() < count) {
                ServerSocket socket = bind();
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
