package jaudit.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An audit policy, immutable once parsed: a value for each of {@link PolicyKeys}. The accessors
 * name the values the guard reads; the table says what each key means, how it is read and what it
 * is when left out.
 */
public record AuditPolicy(Map<PolicyKey<?>, Object> values) {

    public AuditPolicy {
        values = Map.copyOf(values);
        for (PolicyKey<?> key : PolicyKeys.ALL) {
            if (!values.containsKey(key) && key != PolicyKeys.DATA) {
                throw new IllegalArgumentException("the policy has no value for '" + key + "'");
            }
        }
    }

    /** The value of {@code key}. */
    public <T> T get(PolicyKey<T> key) {
        return key.in(values);
    }

    /** Audited, writable in the working directory and the JVM's temp dir, any network, calls monitored. */
    public static AuditPolicy standard(Path workingDir) {
        Map<PolicyKey<?>, Object> values = new HashMap<>();
        for (PolicyKey<?> key : PolicyKeys.ALL) {
            Object standard = key.standard(workingDir);
            if (standard != null) {
                values.put(key, standard);
            }
        }
        return new AuditPolicy(values);
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
        Map<PolicyKey<?>, Object> changed = new HashMap<>(values);
        Object frozen = HostValues.freeze(newData);
        if (frozen == null) {
            changed.remove(PolicyKeys.DATA);
        } else {
            changed.put(PolicyKeys.DATA, frozen);
        }
        return new AuditPolicy(changed);
    }

    /** This policy with the keys {@code json} holds replaced by their values (narrower sources win). */
    public AuditPolicy with(Map<String, ?> json, Path workingDir, Path home) throws PolicyException {
        Map<PolicyKey<?>, Object> changed = new HashMap<>(values);
        PolicyKey.Paths paths = new PolicyKey.Paths(workingDir, home);
        for (Map.Entry<String, ?> entry : json.entrySet()) {
            PolicyKey<?> key = PolicyKeys.BY_NAME.get(entry.getKey());
            if (key == null) {
                throw new PolicyException("unknown key '" + entry.getKey() + "' in the audit policy (known keys: "
                        + String.join(", ", PolicyKeys.BY_NAME.keySet().stream().sorted().toList()) + ")");
            }
            Object parsed;
            try {
                parsed = key.parse(entry.getValue(), paths);
            } catch (PolicyException e) {
                throw new PolicyException("'" + key + "' " + e.getMessage());
            }
            if (parsed == null) {
                changed.remove(key);
            } else {
                changed.put(key, parsed);
            }
        }
        AuditPolicy policy = new AuditPolicy(changed);
        policy.checkTogether();
        return policy;
    }

    /** What no single key can check. */
    private void checkTogether() throws PolicyException {
        if (onCall().isPresent() && !monitorCalls()) {
            throw new PolicyException("'on_call' needs 'monitor_calls': true");
        }
        if ((beforeDeny().isPresent() || onCall().isPresent()) && hostClasspath().isEmpty()) {
            throw new PolicyException("'" + (beforeDeny().isPresent() ? "before_deny" : "on_call")
                    + "' needs 'host_classpath': the jars or folders its class is loaded from");
        }
        if (log().isPresent() && WriteRootRule.allows(roots(), log().get().toString(), true, null)) {
            throw new PolicyException("'log' " + log().get() + " is inside a writable root: cells could rewrite it");
        }
    }

    public boolean enabled() {
        return get(PolicyKeys.ENABLED);
    }

    /** The real paths of the folders cells may write in. */
    public List<Path> roots() {
        return get(PolicyKeys.ROOTS);
    }

    /** The real paths of the folders cells may read in, when reads are limited at all. */
    public Optional<List<Path>> readRoots() {
        return get(PolicyKeys.READ_ROOTS);
    }

    /** The host:port patterns cells may connect to or listen on; empty means no list (all allowed). */
    public Optional<List<String>> net() {
        return get(PolicyKeys.NET);
    }

    /** Whether calls into non-JDK native code raise {@code native.call}. */
    public boolean monitorCalls() {
        return get(PolicyKeys.MONITOR_CALLS);
    }

    public List<AllowRule> allow() {
        return get(PolicyKeys.ALLOW);
    }

    /** The {@link BeforeDeny} class the host named, if any. */
    public Optional<String> beforeDeny() {
        return get(PolicyKeys.BEFORE_DENY);
    }

    /** The {@link OnCall} class the host named, if any. */
    public Optional<String> onCall() {
        return get(PolicyKeys.ON_CALL);
    }

    /** The jars and folders the callbacks are loaded from. */
    public List<Path> hostClasspath() {
        return get(PolicyKeys.HOST_CLASSPATH);
    }

    /** The host's value for the callbacks: immutable maps, lists, strings, numbers, booleans, or null. */
    public Object data() {
        return get(PolicyKeys.DATA);
    }

    /** Who a denial asks before it is final. */
    public Ask ask() {
        return get(PolicyKeys.ASK);
    }

    public Duration askTimeout() {
        return get(PolicyKeys.ASK_TIMEOUT);
    }

    /** The audit log file (JSON Lines), if any; never inside a root. */
    public Optional<Path> log() {
        return get(PolicyKeys.LOG);
    }

    /** The repositories and coordinate globs the kernel may resolve dependencies from and for. */
    public List<String> maven() {
        return get(PolicyKeys.MAVEN);
    }
}
