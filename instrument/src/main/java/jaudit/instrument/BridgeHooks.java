package jaudit.instrument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import jaudit.instrument.agent.AuditAgent;
import jaudit.instrument.boot.AuditBridge;

/**
 * Handles to the audit bridge's public methods: the copy the agent defined inside java.base, or the
 * plain class when the JVM runs without the agent (unit tests).
 */
public final class BridgeHooks {
    private BridgeHooks() {
    }

    public static MethodHandle find(String name, MethodType type) {
        Class<?> bridge = AuditAgent.installed() ? AuditAgent.bridge() : AuditBridge.class;
        try {
            return MethodHandles.publicLookup().findStatic(bridge, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the audit bridge has no " + name + type, e);
        }
    }

    /**
     * Raises {@code audit.config} on the calling thread: denied in audited code, nothing elsewhere.
     * Guards every way the kernel lets the host change audit state.
     */
    public static void configChange(String what) {
        try {
            CONFIG.invokeExact(what);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static final MethodHandle CONFIG = find("config", MethodType.methodType(void.class, String.class));
}
