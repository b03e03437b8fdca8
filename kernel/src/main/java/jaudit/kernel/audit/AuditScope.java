package jaudit.kernel.audit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import jaudit.instrument.BridgeHooks;
import jaudit.policy.AuditContext;

/**
 * Runs kernel work under a cell's audit context. Holds the bridge's key, which only the kernel has,
 * so cell code can neither enter another policy nor leave its own.
 */
public final class AuditScope {
    private final Object key;
    private final AuditGate gate;
    private volatile boolean readsAudited;

    private AuditScope(Object key, AuditGate gate) {
        this.key = key;
        this.gate = gate;
    }

    public static AuditScope install(AuditGate gate) {
        return new AuditScope(BridgeHooks.install(gate), gate);
    }

    /** The denials made under {@code context} since it was entered, forgotten once taken. */
    public List<Denial> takeDenials(AuditContext context) {
        return gate.takeDenials(context);
    }

    /**
     * The context of the calling thread: the cell's, for a cell's thread and the threads and tasks it
     * started; empty for the kernel's own threads.
     */
    public Optional<AuditContext> current() {
        return Optional.ofNullable((AuditContext) BridgeHooks.current(key));
    }

    /** Runs {@code work} on this thread with {@code context} in force, restoring the previous context after. */
    public <T> T run(AuditContext context, Callable<T> work) throws Exception {
        if (context.policy().enabled() && context.policy().readRoots().isPresent() && !readsAudited) {
            BridgeHooks.auditReads(key);
            readsAudited = true;
        }
        Object token = BridgeHooks.enter(key, context);
        try {
            return work.call();
        } finally {
            BridgeHooks.leave(key, token);
        }
    }
}
