package jaudit.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every key an audit policy may have, in the order {@code %audit} shows them: how each is read,
 * its value when left out, and what a new kernelspec states. {@link AuditPolicy} is built from
 * this table, the installer writes from it and {@code %audit} shows it.
 */
public final class PolicyKeys {
    private PolicyKeys() {
    }

    public static final PolicyKey<Boolean> ENABLED = new PolicyKey<>("enabled", PolicyKeys::bool,
            dir -> true, tmp -> true, v -> v);
    public static final PolicyKey<List<Path>> ROOTS = new PolicyKey<>("roots", (json, paths) -> roots("roots", json, paths),
            dir -> List.copyOf(new LinkedHashSet<>(List.of(WriteRootRule.realPath(dir), WriteRootRule.realPath(tmpdir())))),
            tmp -> List.of(".", tmp.toString()), PolicyKeys::strings);
    public static final PolicyKey<Optional<List<Path>>> READ_ROOTS = new PolicyKey<>("read_roots",
            (json, paths) -> json == null ? Optional.empty() : Optional.of(roots("read_roots", json, paths)),
            dir -> Optional.empty(), null, v -> v.map(PolicyKeys::strings).orElse(null));
    public static final PolicyKey<Optional<List<String>>> NET = new PolicyKey<>("net", PolicyKeys::net,
            dir -> Optional.empty(), null, v -> v.orElse(null));
    public static final PolicyKey<Boolean> MONITOR_CALLS = new PolicyKey<>("monitor_calls", PolicyKeys::bool,
            dir -> true, null, v -> v);
    public static final PolicyKey<List<AllowRule>> ALLOW = new PolicyKey<>("allow", PolicyKeys::allow,
            dir -> List.of(), null, PolicyKeys::strings);
    public static final PolicyKey<Optional<String>> BEFORE_DENY = new PolicyKey<>("before_deny",
            (json, paths) -> className("before_deny", json), dir -> Optional.empty(), null, v -> v.orElse(null));
    public static final PolicyKey<Optional<String>> ON_CALL = new PolicyKey<>("on_call",
            (json, paths) -> className("on_call", json), dir -> Optional.empty(), null, v -> v.orElse(null));
    public static final PolicyKey<List<Path>> HOST_CLASSPATH = new PolicyKey<>("host_classpath",
            PolicyKeys::hostClasspath, dir -> List.of(), null, PolicyKeys::strings);
    public static final PolicyKey<Object> DATA = new PolicyKey<>("data", (json, paths) -> HostValues.freeze(json),
            dir -> null, null, v -> v);
    public static final PolicyKey<Ask> ASK = new PolicyKey<>("ask", PolicyKeys::ask, dir -> Ask.NOBODY, null,
            v -> v == Ask.HOST ? "host" : v == Ask.PERSON);
    public static final PolicyKey<Duration> ASK_TIMEOUT = new PolicyKey<>("ask_timeout", PolicyKeys::seconds,
            dir -> Duration.ofSeconds(60), null, v -> v.toMillis() / 1000.0);
    public static final PolicyKey<Optional<Path>> LOG = new PolicyKey<>("log", PolicyKeys::log,
            dir -> Optional.empty(), null, v -> v.map(Path::toString).orElse(null));
    public static final PolicyKey<List<String>> MAVEN = new PolicyKey<>("maven", PolicyKeys::maven,
            dir -> AuditEvents.DEFAULT_MAVEN, null, v -> v);

    /**
     * Keys kernel.json states for AI agents' cells (the MCP server marks them), applied over every
     * other source, so that an agent's cells are never wider than this; requests cannot set it.
     */
    public static final PolicyKey<Map<String, Object>> AGENT = new PolicyKey<>("agent", PolicyKeys::agent,
            dir -> Map.of(), null, v -> v);

    public static final List<PolicyKey<?>> ALL = List.of(ENABLED, ROOTS, READ_ROOTS, NET, MONITOR_CALLS, ALLOW,
            BEFORE_DENY, ON_CALL, HOST_CLASSPATH, DATA, ASK, ASK_TIMEOUT, LOG, MAVEN, AGENT);

    public static final Map<String, PolicyKey<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(PolicyKey::name, Function.identity()));

    /**
     * What a new kernelspec's {@code metadata.audit} states, key by key, for the JVM temp dir
     * {@code tmpdir}: read by the installer for local and Enterprise Gateway kernelspecs alike.
     */
    public static Map<String, Object> inKernelJson(Path tmpdir) {
        Map<String, Object> stated = new LinkedHashMap<>();
        for (PolicyKey<?> key : ALL) {
            key.inKernelJson(tmpdir).ifPresent(value -> stated.put(key.name(), value));
        }
        return stated;
    }

    private static Path tmpdir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static boolean bool(Object value, PolicyKey.Paths paths) throws PolicyException {
        if (!(value instanceof Boolean b)) {
            throw new PolicyException("must be true or false, not " + describe(value));
        }
        return b;
    }

    private static Ask ask(Object value, PolicyKey.Paths paths) throws PolicyException {
        if (value instanceof Boolean b) {
            return b ? Ask.PERSON : Ask.NOBODY;
        }
        if ("host".equals(value)) {
            return Ask.HOST;
        }
        throw new PolicyException("must be true or false, or \"host\" (ask the host's code over the jaudit.audit "
                + "comm), not " + describe(value));
    }

    private static Duration seconds(Object value, PolicyKey.Paths paths) throws PolicyException {
        if (!(value instanceof Number n) || n.doubleValue() <= 0) {
            throw new PolicyException("must be a positive number of seconds, not " + describe(value));
        }
        return Duration.ofMillis((long) (n.doubleValue() * 1000));
    }

    private static List<Path> roots(String key, Object json, PolicyKey.Paths paths) throws PolicyException {
        Set<Path> parsed = new LinkedHashSet<>();
        for (String root : strings(json)) {
            parsed.add(path(key, root, paths, true));
        }
        return List.copyOf(parsed);
    }

    private static Optional<List<String>> net(Object json, PolicyKey.Paths paths) throws PolicyException {
        if (json == null) {
            return Optional.empty();
        }
        List<String> patterns = strings(json);
        for (String p : patterns) {
            if (!p.matches("[^:\\s]+:[0-9*?]+")) {
                throw new PolicyException("entries must look like host:port (globs allowed), not '" + p + "'");
            }
        }
        return Optional.of(List.copyOf(patterns));
    }

    private static List<AllowRule> allow(Object json, PolicyKey.Paths paths) throws PolicyException {
        if (!(json instanceof List<?> rules)) {
            throw new PolicyException("must be a list of rules, not " + describe(json));
        }
        List<AllowRule> parsed = new ArrayList<>();
        for (Object rule : rules) {
            parsed.add(AllowRule.parse(rule, parsed.size()));
        }
        return List.copyOf(parsed);
    }

    private static List<Path> hostClasspath(Object json, PolicyKey.Paths paths) throws PolicyException {
        List<Path> parsed = new ArrayList<>();
        for (String entry : strings(json)) {
            parsed.add(path("host_classpath", entry, paths, false));
        }
        return List.copyOf(parsed);
    }

    private static Optional<Path> log(Object json, PolicyKey.Paths paths) throws PolicyException {
        if (json == null) {
            return Optional.empty();
        }
        if (!(json instanceof String file)) {
            throw new PolicyException("must be a file path, not " + describe(json));
        }
        return Optional.of(path("log", file, paths, false));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> agent(Object json, PolicyKey.Paths paths) throws PolicyException {
        if (json == null) {
            return Map.of();
        }
        if (!(json instanceof Map<?, ?> keys)) {
            throw new PolicyException("must be an object of policy keys, not " + describe(json));
        }
        if (keys.containsKey(AGENT.name())) {
            throw new PolicyException("cannot hold \"" + AGENT.name() + "\" itself");
        }
        // Read now, so that a kernelspec with a bad agent policy stops the kernel at start, not at an agent's first cell.
        AuditPolicy.standard(paths.workingDir()).with((Map<String, ?>) keys, paths.workingDir(), paths.home());
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) keys));
    }

    private static List<String> maven(Object json, PolicyKey.Paths paths) throws PolicyException {
        List<String> maven = strings(json);
        for (String entry : maven) {
            if (!AuditEvents.repositoryEntry(entry) && !entry.matches("[^:\\s]+:[^:\\s]+(:[^:\\s]+)?")) {
                throw new PolicyException("entries are repository URLs (https://..., globs allowed), "
                        + "\"local\", or group:artifact[:version] patterns, not '" + entry + "'");
            }
        }
        if (!maven.isEmpty() && maven.stream().noneMatch(AuditEvents::repositoryEntry)) {
            throw new PolicyException(maven + " names artifacts but no repository to take them from; "
                    + "add one, e.g. \"https://repo.maven.apache.org/maven2*\" (an empty list forbids resolution)");
        }
        return List.copyOf(maven);
    }

    private static Optional<String> className(String key, Object value) throws PolicyException {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String name) || !name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            throw new PolicyException("must name a class, such as \"com.example.HostPolicy\", not " + describe(value));
        }
        return Optional.of(name);
    }

    private static List<String> strings(Object value) throws PolicyException {
        if (!(value instanceof List<?> list)) {
            throw new PolicyException("must be a list of strings, not " + describe(value));
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new PolicyException("must be a list of strings; it holds " + describe(item));
            }
            out.add(s);
        }
        return out;
    }

    private static List<String> strings(List<?> values) {
        return values.stream().map(Object::toString).toList();
    }

    /** A root (its real path) or another path a policy names: absolute, {@code ~/...}, or {@code .} for a root. */
    private static Path path(String key, String text, PolicyKey.Paths paths, boolean isRoot) throws PolicyException {
        Path path;
        if (isRoot && text.equals(".")) {
            path = paths.workingDir();
        } else if (text.equals("~") || text.startsWith("~/")) {
            path = paths.home().resolve(text.equals("~") ? "" : text.substring(2));
        } else {
            path = Path.of(text);
            if (!path.isAbsolute()) {
                throw new PolicyException("entry '" + text + "' is relative; "
                        + (isRoot ? "only '.' (the kernel's working directory) may be relative" : "give an absolute path"));
            }
        }
        return isRoot ? WriteRootRule.realPath(path) : path.normalize();
    }

    static String describe(Object value) {
        return value == null ? "null" : value instanceof String ? "the string \"" + value + "\""
                : value.getClass().getSimpleName().toLowerCase() + " " + value;
    }
}
