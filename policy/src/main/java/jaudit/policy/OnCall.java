package jaudit.policy;

import java.lang.reflect.Method;

/**
 * A host's say over calls into native code, named by the policy key {@code on_call} (which needs
 * {@code monitor_calls}) and loaded from {@code host_classpath}. Called before {@code native.call}
 * is raised, for every monitored call, from the calling thread; it must be thread-safe and quick.
 */
@FunctionalInterface
public interface OnCall {

    /** What happens to one monitored call. */
    enum Decision {
        /** Raise {@code native.call}: the policy's rules and {@code before_deny} decide. */
        RAISE,
        /** Let this call through without an event. */
        SUPPRESS,
        /** Let this call through, and stop monitoring the call site it came from. */
        DISABLE
    }

    /**
     * @param caller the calling method, {@code Class.method} ({@code cell} for a cell's top level)
     * @param callee the native method, {@code Class.method}, or {@code downcall ...} for a
     *     foreign-function handle
     * @param target the native method, or null for a foreign-function downcall
     * @param data the policy's {@code data}
     */
    Decision onCall(String caller, String callee, Method target, Object data);
}
