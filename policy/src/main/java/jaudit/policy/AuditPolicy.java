package jaudit.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public record AuditPolicy(boolean enabled, List<Path> roots, Optional<List<String>> net, boolean monitorCalls) {

    /** The keys a policy object may have. */
    public static final Set<String> KEYS = Set.of("enabled", "roots", "net", "monitor_calls");

    public AuditPolicy {
        roots = List.copyOf(roots);
        net = net.map(List::copyOf);
    }

    /** Audited, writable in the working directory and the JVM's temp dir, any network, calls monitored. */
    public static AuditPolicy standard(Path workingDir) {
        List<Path> roots = new ArrayList<>();
        roots.add(realPath(workingDir));
        roots.add(realPath(Path.of(System.getProperty("java.io.tmpdir"))));
        return new AuditPolicy(true, roots, Optional.empty(), true);
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
        for (String key : json.keySet()) {
            if (!KEYS.contains(key)) {
                throw new PolicyException("unknown key '" + key + "' in the audit policy (known keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        AuditPolicy base = standard(workingDir);
        boolean enabled = bool(json, "enabled", base.enabled());
        boolean monitorCalls = bool(json, "monitor_calls", base.monitorCalls());
        List<Path> roots = base.roots();
        if (json.containsKey("roots")) {
            Set<Path> parsed = new LinkedHashSet<>();
            for (String root : strings(json, "roots")) {
                parsed.add(root(root, workingDir, home));
            }
            roots = List.copyOf(parsed);
        }
        Optional<List<String>> net = base.net();
        if (json.containsKey("net") && json.get("net") != null) {
            List<String> patterns = strings(json, "net");
            for (String p : patterns) {
                if (!p.matches("[^:\\s]+:[0-9*?]+")) {
                    throw new PolicyException("'net' entries must look like host:port (globs allowed), not '" + p + "'");
                }
            }
            net = Optional.of(patterns);
        }
        return new AuditPolicy(enabled, roots, net, monitorCalls);
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

    private static Path root(String root, Path workingDir, Path home) throws PolicyException {
        Path path;
        if (root.equals(".")) {
            path = workingDir;
        } else if (root.equals("~") || root.startsWith("~/")) {
            path = home.resolve(root.equals("~") ? "" : root.substring(2));
        } else {
            path = Path.of(root);
            if (!path.isAbsolute()) {
                throw new PolicyException("'roots' entry '" + root
                        + "' is relative; only '.' (the kernel's working directory) may be relative");
            }
        }
        return realPath(path);
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
