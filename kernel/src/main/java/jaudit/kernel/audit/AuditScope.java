package jaudit.kernel.audit;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import jaudit.instrument.BridgeHooks;
import jaudit.policy.AuditContext;

/**
 * Runs kernel work under a cell's audit context. Holds the bridge's key, which only the kernel has,
 * so cell code can neither enter another policy nor leave its own. The bridge is the one the agent
 * defined inside java.base, or, when the kernel runs without the agent, the plain class.
 */
public final class AuditScope {
    private final MethodHandle enter;
    private final MethodHandle leave;
    private final Object key;

    private AuditScope(MethodHandle enter, MethodHandle leave, Object key) {
        this.enter = enter;
        this.leave = leave;
        this.key = key;
    }

    public static AuditScope install(AuditGate gate) {
        MethodHandle install = BridgeHooks.find("install", MethodType.methodType(Object.class, BiConsumer.class));
        MethodHandle enter = BridgeHooks.find("enter", MethodType.methodType(Object.class, Object.class, Object.class));
        MethodHandle leave = BridgeHooks.find("leave", MethodType.methodType(void.class, Object.class, Object.class));
        try {
            return new AuditScope(enter, leave, (Object) install.invoke((BiConsumer<Object, Object[]>) gate));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot install the audit handler", e);
        }
    }

    /** Runs {@code work} on this thread with {@code context} in force, restoring the previous context after. */
    public <T> T run(AuditContext context, Callable<T> work) throws Exception {
        Object token;
        try {
            token = enter.invoke(key, (Object) context);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot enter the audit context", e);
        }
        try {
            return work.call();
        } finally {
            try {
                leave.invoke(key, token);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot leave the audit context", e);
            }
        }
    }
}
