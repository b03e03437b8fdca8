package jaudit.kernel.remote;

import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The launcher's command line as Enterprise Gateway fills it from a kernelspec: {@code --kernel-id},
 * {@code --response-address ip:port}, {@code --public-key}, {@code --port-range lo..hi} (each also as
 * {@code --RemoteProcessProxy.<name>}, which EG's own kernelspecs still send), and jaudit's own
 * {@code --policy JSON} and {@code --orphan-timeout SECONDS}.
 *
 * @param orphanTimeout how long the kernel lives with no request on its communication port
 */
record RemoteOptions(String kernelId, String responseHost, int responsePort, PublicKey publicKey, PortRange ports,
                     String policy, Duration orphanTimeout) {
    static final Duration DEFAULT_ORPHAN_TIMEOUT = Duration.ofMinutes(2);
    private static final String LEGACY = "--RemoteProcessProxy.";
    private static final Set<String> KNOWN = Set.of("kernel-id", "response-address", "public-key", "port-range", "policy",
            "orphan-timeout");
    /** Options EG's kernelspecs pass for Spark-backed kernels; meaningless for Java, accepted and ignored. */
    private static final Set<String> IGNORED = Set.of("spark-context-initialization-mode", "cluster-type");

    static RemoteOptions parse(List<String> args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("remote takes --name value options, not '" + arg + "'");
            }
            String name = arg.startsWith(LEGACY) ? arg.substring(LEGACY.length()) : arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            }
            if (!KNOWN.contains(name) && !IGNORED.contains(name)) {
                throw new IllegalArgumentException("remote: unknown option '" + arg + "' (known: --"
                        + String.join(", --", KNOWN.stream().sorted().toList()) + ")");
            }
            if (value == null) {
                throw new IllegalArgumentException("remote: " + arg + " needs a value");
            }
            given.put(name, value);
        }
        for (String required : List.of("kernel-id", "response-address", "public-key")) {
            if (!given.containsKey(required) || given.get(required).isBlank()) {
                throw new IllegalArgumentException("remote needs --" + required
                        + " (Enterprise Gateway fills it in from the kernelspec's argv)");
            }
        }
        String address = given.get("response-address");
        int colon = address.lastIndexOf(':');
        int port;
        try {
            port = colon <= 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("--response-address must look like IP:PORT, not '" + address + "'");
        }
        Duration orphan = DEFAULT_ORPHAN_TIMEOUT;
        if (given.containsKey("orphan-timeout")) {
            try {
                orphan = Duration.ofMillis((long) (Double.parseDouble(given.get("orphan-timeout")) * 1000));
            } catch (NumberFormatException e) {
                orphan = Duration.ZERO;
            }
            if (orphan.isNegative() || orphan.isZero()) {
                throw new IllegalArgumentException("--orphan-timeout must be a positive number of seconds, not '"
                        + given.get("orphan-timeout") + "'");
            }
        }
        return new RemoteOptions(given.get("kernel-id"), address.substring(0, colon), port,
                ConnectionReport.publicKey(given.get("public-key")), PortRange.parse(given.getOrDefault("port-range", "0..0")),
                given.getOrDefault("policy", "{}"), orphan);
    }
}
