package jaudit.instrument;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import jaudit.policy.CallSiteDisabled;
import jaudit.policy.CodeOrigins;

/**
 * Links the guards that {@link NativeCallSites} put in front of calls. A guard does not make the
 * call: it only raises {@code native.call} (caller, callee) when the call's target is a native
 * method of a class outside the JDK, which the running cell's policy denies when
 * {@code monitor_calls} is on. Every other guard is a constant no-op, which the JIT inlines away.
 */
public final class NativeCalls {
    private static final MethodHandle RAISE = BridgeHooks.nativeCall();
    private static final MethodHandle NO_OP = MethodHandles.empty(MethodType.methodType(void.class));

    private NativeCalls() {
    }

    /**
     * The bootstrap method of every guard: {@code name} and {@code descriptor} are those of the call
     * it guards, {@code owner} the internal name of the class the call names.
     *
     * <p>The target is found by reflection, never by a method-handle lookup, whose access checks
     * are stricter than the JVM's (a public method inherited from a non-public class through a
     * public one, as in every Kotlin-compiled jar). Any exception or linkage error here links the
     * no-op, so the call then fails, or not, as it would without the guard: a guard that breaks a
     * legitimate call is worse than one that misses a native one. Errors that are not about linking
     * (a stack overflow, a stopped thread) pass through: the JVM then records no linkage, and the
     * guard links again on its next run.
     */
    public static CallSite link(MethodHandles.Lookup caller, String name, MethodType type, String owner,
                                String descriptor, String callerName) {
        Method target;
        try {
            Class<?> ownerClass = Class.forName(owner.replace('/', '.'), false, caller.lookupClass().getClassLoader());
            target = resolve(ownerClass, name, descriptor);
        } catch (Exception | LinkageError e) {
            return new ConstantCallSite(NO_OP);
        }
        if (target == null || !Modifier.isNative(target.getModifiers())) {
            return new ConstantCallSite(NO_OP);
        }
        return new MonitoredSite(callerName, target.getDeclaringClass().getName() + "." + name, target);
    }

    /**
     * The method the JVM's resolution would pick among the classes outside the JDK, or null.
     * Superinterfaces, which resolution searches after the superclasses, hold no native methods,
     * and a class of the JDK has only the JDK's classes above it.
     */
    private static Method resolve(Class<?> owner, String name, String descriptor) {
        for (Class<?> c = owner; c != null && !CodeOrigins.isJdk(c); c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(name) && descriptorOf(method).equals(descriptor)) {
                    return method;
                }
            }
        }
        return null;
    }

    private static String descriptorOf(Method method) {
        return MethodType.methodType(method.getReturnType(), method.getParameterTypes()).toMethodDescriptorString();
    }

    /**
     * A guard in front of a call into native code: it raises the event before each call until a
     * host's on_call callback disables the site, which then becomes the no-op.
     */
    private static final class MonitoredSite extends MutableCallSite {
        private static final MethodHandle CHECK;

        static {
            try {
                CHECK = MethodHandles.lookup().findVirtual(MonitoredSite.class, "check", MethodType.methodType(void.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final String caller;
        private final String callee;
        private final Method target;
        private volatile boolean initialized;

        MonitoredSite(String caller, String callee, Method target) {
            super(NO_OP.type());
            this.caller = caller;
            this.callee = callee;
            this.target = target;
            setTarget(CHECK.bindTo(this));
        }

        private void check() throws Throwable {
            if (!initialized) {
                // The JVM initialises the method's class at the call, just after this guard, and that is
                // where a library loads its native code: initialising it here keeps that order, so the
                // library's load is judged (and named in the denial) before the first call into it. An
                // initialiser that fails throws here what the call would have thrown.
                Class<?> declaring = target.getDeclaringClass();
                Class.forName(declaring.getName(), true, declaring.getClassLoader());
                initialized = true;
            }
            try {
                RAISE.invokeExact(caller, callee, (Object) target);
            } catch (CallSiteDisabled disabled) {
                setTarget(NO_OP);
            }
        }
    }
}
