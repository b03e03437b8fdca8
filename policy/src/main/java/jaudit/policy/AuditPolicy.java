package jaudit.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An audit policy, immutable once parsed.
 *
 * @param enabled whether cells are audited at all
 * @param roots the real paths of the folders cells may write in
 * @param net the host:port patterns cells may connect to or listen on; empty means no list (all
 *     allowed), a present empty list allows none
 * @param monitorCalls whether calls into non-JDK native code raise {@code native.call}
 * @param allow rules that allow otherwise denied events
 * @param beforeDeny the {@link BeforeDeny} class the host named, if any
 * @param onCall the {@link OnCall} class the host named, if any
 * @param hostClasspath the jars and folders the callbacks are loaded from
 * @param data the host's value for the callbacks: immutable maps, lists, strings, numbers, booleans
 * @param ask whether a denial first asks the person at the notebook (when the request allows stdin)
 * @param askTimeout how long that question waits for an answer
 * @param log the audit log file (JSON Lines), if any; never inside a root
 * @param maven the repositories (URL globs, {@code local}) and {@code group:artifact[:version]} globs the
 *     kernel may resolve dependencies from and for; empty forbids resolution
 */
public record AuditPolicy(boolean enabled, List<Path> roots, Optional<List<String>> net, boolean monitorCalls,
                          List<AllowRule> allow, Optional<String> beforeDeny, Optional<String> onCall,
                          List<Path> hostClasspath, Object data, boolean ask, Duration askTimeout, Optional<Path> log,
                          List<String> maven) {

    /** The keys a policy object may have. */
    public static final Set<String> KEYS = Set.of("enabled", "roots", "net", "monitor_calls", "allow", "before_deny",
            "on_call", "host_classpath", "data", "ask", "ask_timeout", "log", "maven");

    public AuditPolicy {
        roots = List.copyOf(roots);
        net = net.map(List::copyOf);
        allow = List.copyOf(allow);
        hostClasspath = List.copyOf(hostClasspath);
        data = HostValues.freeze(data);
        maven = List.copyOf(maven);
    }

    /** Audited, writable in the working directory and the JVM's temp dir, any network, calls monitored. */
    public static AuditPolicy standard(Path workingDir) {
        List<Path> roots = new ArrayList<>();
        roots.add(realPath(workingDir));
        roots.add(realPath(Path.of(System.getProperty("java.io.tmpdir"))));
        return new AuditPolicy(true, roots, Optional.empty(), true, List.of(), Optional.empty(), Optional.empty(),
                List.of(), null, false, Duration.ofSeconds(60), Optional.empty(), AuditEvents.DEFAULT_MAVEN);
    }

    /**
     * Reads a policy from its JSON form (as parsed into maps, lists, strings, numbers and booleans).
     * Keys left out take the standard policy's value; anything unknown or mistyped is an error that
     * names the key, never a silently weaker policy.
     *
     * @param workingDir what the root {@code .} means: the kernel's working directory
     * @param home what {@code ~} means
     */
    public static AuditPolicy parse(Map<String, ?> json, Path workingDir, Path home) throws PolicyException {
        return standard(workingDir).with(json, workingDir, home);
    }

    /** This policy with other host data. */
    public AuditPolicy withData(Object newData) {
        return new AuditPolicy(enabled, roots, net, monitorCalls, allow, beforeDeny, onCall, hostClasspath, newData,
                ask, askTimeout, log, maven);
    }

    /** This policy with the keys {@code json} holds replaced by their values (narrower sources win). */
    public AuditPolicy with(Map<String, ?> json, Path workingDir, Path home) throws PolicyException {
        for (String key : json.keySet()) {
            if (!KEYS.contains(key)) {
                throw new PolicyException("unknown key '" + key + "' in the audit policy (known keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        boolean enabled = bool(json, "enabled", enabled());
        boolean monitorCalls = bool(json, "monitor_calls", monitorCalls());
        List<Path> roots = roots();
        if (json.containsKey("roots")) {
            Set<Path> parsed = new LinkedHashSet<>();
            for (String root : strings(json, "roots")) {
                parsed.add(path("roots", root, workingDir, home, true));
            }
            roots = List.copyOf(parsed);
        }
        Optional<List<String>> net = net();
        if (json.containsKey("net")) {
            if (json.get("net") == null) {
                net = Optional.empty();
            } else {
                List<String> patterns = strings(json, "net");
                for (String p : patterns) {
                    if (!p.matches("[^:\\s]+:[0-9*?]+")) {
                        throw new PolicyException("'net' entries must look like host:port (globs allowed), not '" + p + "'");
                    }
                }
                net = Optional.of(patterns);
            }
        }
        List<AllowRule> allow = allow();
        if (json.containsKey("allow")) {
            if (!(json.get("allow") instanceof List<?> rules)) {
                throw new PolicyException("'allow' must be a list of rules, not " + describe(json.get("allow")));
            }
            List<AllowRule> parsed = new ArrayList<>();
            for (Object rule : rules) {
                parsed.add(AllowRule.parse(rule, parsed.size()));
            }
            allow = parsed;
        }
        Optional<String> beforeDeny = className(json, "before_deny", beforeDeny());
        Optional<String> onCall = className(json, "on_call", onCall());
        List<Path> hostClasspath = hostClasspath();
        if (json.containsKey("host_classpath")) {
            List<Path> parsed = new ArrayList<>();
            for (String entry : strings(json, "host_classpath")) {
                parsed.add(path("host_classpath", entry, workingDir, home, false));
            }
            hostClasspath = parsed;
        }
        Object data = json.containsKey("data") ? json.get("data") : data();
        boolean ask = bool(json, "ask", ask());
        Duration askTimeout = askTimeout();
        if (json.containsKey("ask_timeout")) {
            if (!(json.get("ask_timeout") instanceof Number n) || n.doubleValue() <= 0) {
                throw new PolicyException("'ask_timeout' must be a positive number of seconds, not "
                        + describe(json.get("ask_timeout")));
            }
            askTimeout = Duration.ofMillis((long) (n.doubleValue() * 1000));
        }
        Optional<Path> log = log();
        if (json.containsKey("log")) {
            if (json.get("log") == null) {
                log = Optional.empty();
            } else if (!(json.get("log") instanceof String file)) {
                throw new PolicyException("'log' must be a file path, not " + describe(json.get("log")));
            } else {
                log = Optional.of(path("log", file, workingDir, home, false));
            }
        }
        List<String> maven = maven();
        if (json.containsKey("maven")) {
            maven = strings(json, "maven");
            for (String entry : maven) {
                if (!AuditEvents.repositoryEntry(entry) && !entry.matches("[^:\\s]+:[^:\\s]+(:[^:\\s]+)?")) {
                    throw new PolicyException("'maven' entries are repository URLs (https://..., globs allowed), "
                            + "\"local\", or group:artifact[:version] patterns, not '" + entry + "'");
                }
            }
            if (!maven.isEmpty() && maven.stream().noneMatch(AuditEvents::repositoryEntry)) {
                throw new PolicyException("'maven' " + maven + " names artifacts but no repository to take them from; "
                        + "add one, e.g. \"https://repo.maven.apache.org/maven2*\" (an empty list forbids resolution)");
            }
        }
        if (onCall.isPresent() && !monitorCalls) {
            throw new PolicyException("'on_call' needs 'monitor_calls': true");
        }
        if ((beforeDeny.isPresent() || onCall.isPresent()) && hostClasspath.isEmpty()) {
            throw new PolicyException("'" + (beforeDeny.isPresent() ? "before_deny" : "on_call")
                    + "' needs 'host_classpath': the jars or folders its class is loaded from");
        }
        if (log.isPresent() && WriteRootRule.allows(roots, log.get().toString())) {
            throw new PolicyException("'log' " + log.get() + " is inside a writable root: cells could rewrite it");
        }
        return new AuditPolicy(enabled, roots, net, monitorCalls, allow, beforeDeny, onCall, hostClasspath, data,
                ask, askTimeout, log, maven);
    }

    private static Optional<String> className(Map<String, ?> json, String key, Optional<String> fallback)
            throws PolicyException {
        if (!json.containsKey(key)) {
            return fallback;
        }
        Object value = json.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String name) || !name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            throw new PolicyException("'" + key + "' must name a class, such as \"com.example.HostPolicy\", not "
                    + describe(value));
        }
        return Optional.of(name);
    }

    private static boolean bool(Map<String, ?> json, String key, boolean fallback) throws PolicyException {
        Object value = json.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw new PolicyException("'" + key + "' must be true or false, not " + describe(value));
        }
        return b;
    }

    private static List<String> strings(Map<String, ?> json, String key) throws PolicyException {
        Object value = json.get(key);
        if (!(value instanceof List<?> list)) {
            throw new PolicyException("'" + key + "' must be a list of strings, not " + describe(value));
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new PolicyException("'" + key + "' must be a list of strings; it holds " + describe(item));
            }
            out.add(s);
        }
        return out;
    }

    /** A root (its real path) or another path a policy names: absolute, {@code ~/...}, or {@code .} for a root. */
    private static Path path(String key, String text, Path workingDir, Path home, boolean isRoot)
            throws PolicyException {
        Path path;
        if (isRoot && text.equals(".")) {
            path = workingDir;
        } else if (text.equals("~") || text.startsWith("~/")) {
            path = home.resolve(text.equals("~") ? "" : text.substring(2));
        } else {
            path = Path.of(text);
            if (!path.isAbsolute()) {
                throw new PolicyException("'" + key + "' entry '" + text + "' is relative; "
                        + (isRoot ? "only '.' (the kernel's working directory) may be relative" : "give an absolute path"));
            }
        }
        return isRoot ? realPath(path) : path.normalize();
    }

    /** The path with every existing part's symlinks resolved; parts that do not exist yet are kept as written. */
    public static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        // Ask for the real path first: in the common case (the folder exists) that is one call.
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                Path real = existing.toRealPath();
                return existing == absolute ? real : real.resolve(existing.relativize(absolute)).normalize();
            } catch (IOException missing) {
                // Not there (yet): resolve the nearest part that is.
            }
        }
        return absolute;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof String ? "the string \"" + value + "\""
                : value.getClass().getSimpleName().toLowerCase() + " " + value;
    }
}
