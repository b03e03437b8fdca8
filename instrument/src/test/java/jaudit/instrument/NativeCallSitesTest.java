package jaudit.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.natives.Caller;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jaudit.instrument.boot.Bridge;
import org.junit.jupiter.api.Test;

class NativeCallSitesTest {
    private static final List<List<Object>> RAISED = new CopyOnWriteArrayList<>();
    /** Denies native calls the way a policy with monitor_calls does; records every event. */
    private static final Object KEY = Bridge.install((context, event) -> {
        RAISED.add(List.of(event));
        if (event[0].equals("native.call")) {
            throw new SecurityException("Audit: native.call blocked");
        }
    });

    private static Method woven(String method) throws Exception {
        String name = Caller.class.getName();
        byte[] bytes;
        try (InputStream in = Caller.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        byte[] rewritten = TransformerChain.standard().apply(name.replace('.', '/'), bytes);
        ClassLoader loader = new ClassLoader(NativeCallSitesTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (n.equals(name)) {
                    synchronized (getClassLoadingLock(n)) {
                        Class<?> c = findLoadedClass(n);
                        return c != null ? c : defineClass(n, rewritten, 0, rewritten.length);
                    }
                }
                return super.loadClass(n, resolve);
            }
        };
        return Class.forName(name, true, loader).getMethod(method);
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
}
