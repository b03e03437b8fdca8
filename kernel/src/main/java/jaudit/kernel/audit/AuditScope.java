package jaudit.kernel.audit;

import java.util.concurrent.Callable;
import jaudit.instrument.BridgeHooks;
import jaudit.policy.AuditContext;

/**
 * Runs kernel work under a cell's audit context. Holds the bridge's key, which only the kernel has,
 * so cell code can neither enter another policy nor leave its own.
 */
public final class AuditScope {
    private final Object key;

    private AuditScope(Object key) {
        this.key = key;
    }

    public static AuditScope install(AuditGate gate) {
        return new AuditScope(BridgeHooks.install(gate));
    }

    /** Runs {@code work} on this thread with {@code context} in force, restoring the previous context after. */
    public <T> T run(AuditContext context, Callable<T> work) throws Exception {
        Object token = BridgeHooks.enter(key, context);
        try {
            return work.call();
        } finally {
            BridgeHooks.leave(key, token);
        }
    }
}
