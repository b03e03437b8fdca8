package jaudit.kernel.audit;

import jaudit.instrument.BridgeHooks;
import jaudit.policy.AuditPolicy;
import jaudit.policy.HostValues;

/**
 * The {@code data} the host handed to its callbacks, replaceable between cells (comm target
 * {@code jaudit.audit}). Replacing it is an {@code audit.config} event: denied to audited code,
 * so only the kernel's own threads, acting for the host, get past the first line.
 */
public final class HostData {
    private static final Object NOT_REPLACED = new Object();
    private static volatile Object replacement = NOT_REPLACED;

    private HostData() {
    }

    public static void replace(Object data) {
        BridgeHooks.configChange("replace the policy's data");
        replacement = HostValues.freeze(data);
    }

    /** The policy with the host's latest data, when the host replaced it. */
    static AuditPolicy applyTo(AuditPolicy policy) {
        Object data = replacement;
        return data == NOT_REPLACED ? policy : policy.withData(data);
    }
}
