package jaudit.instrument;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import jaudit.policy.CallSiteDisabled;
import jaudit.policy.CodeOrigins;
import org.objectweb.asm.Opcodes;

/**
 * Links the call sites that {@link NativeCallSites} rewrote. A call to Java code is linked straight to
 * its target; a call to a native method of a class outside the JDK first raises {@code native.call}
 * (caller, callee), which the running cell's policy denies when {@code monitor_calls} is on.
 */
public final class NativeCalls {
    private static final MethodHandle RAISE = raiseHandle();

    private NativeCalls() {
    }

    /** The bootstrap method of every rewritten call site. */
    public static CallSite link(MethodHandles.Lookup caller, String name, MethodType type, String owner, int opcode,
                                String callerName) {
        MethodHandle target;
        try {
            Class<?> ownerClass = Class.forName(owner.replace('/', '.'), false, caller.lookupClass().getClassLoader());
            target = opcode == Opcodes.INVOKESTATIC
                    ? caller.findStatic(ownerClass, name, type)
                    : caller.findVirtual(ownerClass, name, type.dropParameterTypes(0, 1));
        } catch (ClassNotFoundException e) {
            return failing(type, new NoClassDefFoundError(owner));
        } catch (NoSuchMethodException e) {
            return failing(type, new NoSuchMethodError(owner.replace('/', '.') + "." + name + type));
        } catch (IllegalAccessException e) {
            return failing(type, new IllegalAccessError(e.getMessage()));
        }
        MethodHandleInfo info = caller.revealDirect(target);
        MethodHandle linked = target.asType(type);
        Class<?> declaring = info.getDeclaringClass();
        if (!Modifier.isNative(info.getModifiers()) || CodeOrigins.isJdk(declaring)) {
            return new ConstantCallSite(linked);
        }
        Method method = info.reflectAs(Method.class, caller);
        return new MonitoredSite(linked, callerName, declaring.getName() + "." + name, method);
    }

    /**
     * A call site into native code: the check runs before each call until a host's on_call callback
     * disables the site, which then links straight to its target.
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

        private final MethodHandle direct;
        private final String caller;
        private final String callee;
        private final Method target;

        MonitoredSite(MethodHandle direct, String caller, String callee, Method target) {
            super(direct.type());
            this.direct = direct;
            this.caller = caller;
            this.callee = callee;
            this.target = target;
            setTarget(MethodHandles.foldArguments(direct, CHECK.bindTo(this)));
        }

        private void check() throws Throwable {
            try {
                RAISE.invokeExact(caller, callee, (Object) target);
            } catch (CallSiteDisabled disabled) {
                setTarget(direct);
            }
        }
    }

    /** A call site that fails the way the JVM would have failed to link the original call. */
    private static CallSite failing(MethodType type, LinkageError error) {
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), LinkageError.class).bindTo(error);
        return new ConstantCallSite(MethodHandles.dropArguments(thrower, 0, type.parameterList()));
    }

    private static MethodHandle raiseHandle() {
        return BridgeHooks.nativeCall();
    }
}
