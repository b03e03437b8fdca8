package jaudit.instrument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.BiConsumer;
import jaudit.instrument.agent.AuditAgent;
import jaudit.instrument.boot.Bridge;
import jaudit.instrument.boot.NativeHooks;
import jaudit.instrument.boot.SystemHooks;

/**
 * The kernel's typed way into the guard's classes inside java.base (the copies the agent defined,
 * or the plain classes when the JVM runs without the agent, as in unit tests): the names of their
 * methods are spelled here and nowhere outside this module.
 */
public final class BridgeHooks {
    private static final MethodHandle INSTALL = find(Bridge.class, "install",
            MethodType.methodType(Object.class, BiConsumer.class));
    private static final MethodHandle ENTER = find(Bridge.class, "enter",
            MethodType.methodType(Object.class, Object.class, Object.class));
    private static final MethodHandle LEAVE = find(Bridge.class, "leave",
            MethodType.methodType(void.class, Object.class, Object.class));
    private static final MethodHandle CURRENT = find(Bridge.class, "current",
            MethodType.methodType(Object.class, Object.class));
    private static final MethodHandle AUDIT_READS = find(Bridge.class, "auditReads",
            MethodType.methodType(void.class, Object.class));
    private static final MethodHandle CONFIG = find(SystemHooks.class, "config",
            MethodType.methodType(void.class, String.class));

    private BridgeHooks() {
    }

    /** The handle that raises {@code native.call} (caller, callee, target method). */
    static MethodHandle nativeCall() {
        return find(NativeHooks.class, "nativeCall",
                MethodType.methodType(void.class, String.class, String.class, Object.class));
    }

    private static MethodHandle find(Class<?> bootClass, String name, MethodType type) {
        try {
            return MethodHandles.publicLookup().findStatic(AuditAgent.inJavaBase(bootClass), name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the guard has no " + bootClass.getSimpleName() + "." + name + type, e);
        }
    }

    /** Installs the kernel's event handler, once per JVM; returns the key that enter and leave need. */
    public static Object install(BiConsumer<Object, Object[]> handler) {
        return call(INSTALL, handler);
    }

    /** Makes {@code context} the calling thread's; returns what {@link #leave} needs to restore the previous one. */
    public static Object enter(Object key, Object context) {
        return call(ENTER, key, context);
    }

    public static void leave(Object key, Object token) {
        call(LEAVE, key, token);
    }

    /** The calling thread's context, or null outside every cell's. */
    public static Object current(Object key) {
        // On every write to System.out: invokeExact, without invokeWithArguments' boxing of an array.
        try {
            return (Object) CURRENT.invokeExact(key);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes reads and listings raise {@code file.read} from now on, for policies with {@code read_roots}. */
    public static void auditReads(Object key) {
        call(AUDIT_READS, key);
    }

    /**
     * Raises {@code audit.config} on the calling thread: denied in audited code, nothing elsewhere.
     * Guards every way the kernel lets the host change audit state.
     */
    public static void configChange(String what) {
        call(CONFIG, what);
    }

    /** Calls into the guard; what it throws (a denial, a refused key) reaches the caller as it is. */
    private static Object call(MethodHandle handle, Object... args) {
        try {
            return handle.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
