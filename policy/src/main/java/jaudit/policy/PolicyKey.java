package jaudit.policy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One key of the audit policy: its JSON name, how its value is read, its value when left out, what
 * the installer writes for it in a new kernelspec, and how {@code %audit} shows it. The keys are
 * listed, with all of this, in {@link PolicyKeys}.
 *
 * @param <T> the parsed value's type
 */
public final class PolicyKey<T> {
    /** Reads a key's JSON value (maps, lists, strings, numbers, booleans, null). */
    @FunctionalInterface
    interface Parser<T> {
        T parse(Object json, Paths paths) throws PolicyException;
    }

    /** What relative names in a policy mean: {@code .} for a root, and {@code ~}. */
    record Paths(Path workingDir, Path home) {
    }

    private final String name;
    private final Parser<T> parser;
    private final Function<Path, T> standard;
    private final Optional<Function<Path, Object>> inKernelJson;
    private final Function<T, Object> shown;

    PolicyKey(String name, Parser<T> parser, Function<Path, T> standard, Function<Path, Object> inKernelJson,
              Function<T, Object> shown) {
        this.name = name;
        this.parser = parser;
        this.standard = standard;
        this.inKernelJson = Optional.ofNullable(inKernelJson);
        this.shown = shown;
    }

    /** The key as a policy's JSON names it. */
    public String name() {
        return name;
    }

    T parse(Object json, Paths paths) throws PolicyException {
        return parser.parse(json, paths);
    }

    /** The value a policy has when the key is left out, for a kernel started in {@code workingDir}. */
    T standard(Path workingDir) {
        return standard.apply(workingDir);
    }

    /**
     * The JSON value a new kernelspec's {@code metadata.audit} states for this key, if it states
     * one, for the JVM's temp dir {@code tmpdir}.
     */
    public Optional<Object> inKernelJson(Path tmpdir) {
        return inKernelJson.map(f -> f.apply(tmpdir));
    }

    /** How {@code %audit} shows this key's value in {@code policy}. */
    public Object shown(AuditPolicy policy) {
        return shown.apply(policy.get(this));
    }

    @SuppressWarnings("unchecked")
    T in(Map<PolicyKey<?>, Object> values) {
        return (T) values.get(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
