package jaudit.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.natives.Caller;
import com.example.natives.Missing;
import com.example.natives.Shrinking;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jaudit.instrument.boot.Bridge;
import jaudit.policy.CallSiteDisabled;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class NativeCallSitesTest {
    private static final List<List<Object>> RAISED = new CopyOnWriteArrayList<>();
    /** The context in which the handler answers native calls as a host's on_call answering DISABLE. */
    private static final String DISABLING = "In[5] on_call DISABLE";
    /** Denies native calls the way a policy with monitor_calls does; records every event. */
    private static final Object KEY = Bridge.install((context, event) -> {
        RAISED.add(List.of(event));
        if (event[0].equals("native.call")) {
            if (context.equals(DISABLING)) {
                throw new CallSiteDisabled();
            }
            throw new SecurityException("Audit: native.call blocked");
        }
    });

    /**
     * Loads {@code Caller.method} as the kernel would load a user's jar: every class of its package
     * passes through the transformer chain. The jar is not quite the one Caller was compiled against:
     * {@code Missing} is gone and {@code Shrinking} lost its method {@code removed}.
     */
    private static Method woven(String method) throws Exception {
        return Class.forName(Caller.class.getName(), true, new WovenPackage()).getMethod(method);
    }

    private static final class WovenPackage extends ClassLoader {
        private static final String PACKAGE = Caller.class.getPackageName() + ".";

        WovenPackage() {
            super(NativeCallSitesTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.equals(Missing.class.getName())) {
                throw new ClassNotFoundException(name);
            }
            String internalName = name.replace('.', '/');
            byte[] bytes;
            try (InputStream in = getParent().getResourceAsStream(internalName + ".class")) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
            if (name.equals(Shrinking.class.getName())) {
                bytes = withoutMethod(bytes, "removed");
            }
            byte[] rewritten = TransformerChain.standard().apply(internalName, bytes);
            return defineClass(name, rewritten, 0, rewritten.length);
        }

        private static byte[] withoutMethod(byte[] classFile, String method) {
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    return name.equals(method) ? null : super.visitMethod(access, name, descriptor, signature,
                            exceptions);
                }
            }, 0);
            return writer.toByteArray();
        }
    }

    private static Throwable failureOf(Method method) {
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> method.invoke(null));
        return e.getCause();
    }

    private static Object audited(Method method) throws Exception {
        Object token = Bridge.enter(KEY, "In[1]");
        try {
            return method.invoke(null);
        } finally {
            Bridge.leave(KEY, token);
        }
    }

    @Test
    void callsToJavaMethodsOfALibraryRunAsBeforeAndRaiseNothing() throws Exception {
        RAISED.clear();
        assertEquals(42, audited(woven("callJava")));
        assertTrue(RAISED.isEmpty(), RAISED.toString());
    }

    /** Runs the woven method inside an audited context, where the handler denies native calls. */
    private static Throwable deniedIn(String method, String context) throws Exception {
        Method call = woven(method);
        Object token = Bridge.enter(KEY, context);
        try {
            return failureOf(call);
        } finally {
            Bridge.leave(KEY, token);
        }
    }

    @Test
    void aCallToALibrarysNativeMethodRaisesNativeCallWithCallerAndCallee() throws Exception {
        RAISED.clear();
        assertInstanceOf(SecurityException.class, deniedIn("callStaticNative", "In[2]"));
        assertEquals(1, RAISED.size());
        assertEquals(List.of("native.call", "com.example.natives.Caller.callStaticNative",
                "com.example.natives.Library.hash"), RAISED.get(0).subList(0, 3));
        assertEquals("hash", ((Method) RAISED.get(0).get(3)).getName());
    }

    @Test
    void nativeInstanceMethodsAreCheckedToo() throws Exception {
        RAISED.clear();
        assertInstanceOf(SecurityException.class, deniedIn("callInstanceNative", "In[3]"));
        assertEquals("com.example.natives.Library.size", RAISED.get(0).get(2));
    }

    @Test
    void outsideAnAuditedContextTheNativeMethodIsSimplyCalled() throws Exception {
        RAISED.clear();
        assertInstanceOf(UnsatisfiedLinkError.class, failureOf(woven("callStaticNative")));
        assertTrue(RAISED.isEmpty(), RAISED.toString());
    }

    @Test
    void aCallSiteTheHostDisablesCallsTheNativeMethodAndRaisesNothingMore() throws Exception {
        RAISED.clear();
        Method call = woven("callStaticNativeTwice");
        Object token = Bridge.enter(KEY, DISABLING);
        try {
            assertEquals(2, call.invoke(null), "both calls reach the (absent) native code");
        } finally {
            Bridge.leave(KEY, token);
        }
        assertEquals(1, RAISED.size(), RAISED.toString());
    }

    @Test
    void aPublicMethodInheritedFromANonPublicClassRunsThroughItsPublicSubclass() throws Exception {
        RAISED.clear();
        assertEquals("a,b", audited(woven("callThroughPublicSubclass")));
        assertTrue(RAISED.isEmpty(), RAISED.toString());
    }

    @Test
    void aNativeMethodInheritedFromANonPublicClassIsCheckedAndNamedByItsDeclaringClass() throws Exception {
        RAISED.clear();
        assertInstanceOf(SecurityException.class, deniedIn("callInheritedNative", "In[4]"));
        assertEquals(List.of("native.call", "com.example.natives.Caller.callInheritedNative",
                "com.example.lib.ListsBase.checksum"), RAISED.get(0).subList(0, 3));
    }

    @Test
    void callerSensitiveMethodsSeeTheRealCaller() throws Exception {
        assertEquals(true, audited(woven("registerParallelLoader")));
    }

    @Test
    void aMethodOfAClassReflectionCannotListRunsAsBefore() throws Exception {
        assertEquals(3, audited(woven("callBesideAMissingClass")));
    }

    @Test
    void aMissingClassOrMethodFailsAtTheCallWithTheJvmsOwnError() throws Exception {
        Throwable noClass = failureOf(woven("callMissingClass"));
        assertInstanceOf(NoClassDefFoundError.class, noClass);
        assertEquals("com/example/natives/Missing", noClass.getMessage());
        Throwable noMethod = failureOf(woven("callRemovedMethod"));
        assertInstanceOf(NoSuchMethodError.class, noMethod);
        assertEquals("'int com.example.natives.Shrinking.removed()'", noMethod.getMessage());
    }
}
