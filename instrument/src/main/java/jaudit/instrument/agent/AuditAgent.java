package jaudit.instrument.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinTask;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * The Java agent inside the kernel jar ({@code Launcher-Agent-Class}, so {@code java -jar} starts
 * it with no extra flag). It defines the audit bridge inside {@code java.base}, then hooks the JDK
 * methods listed in {@link JdkHooks}, retransforming those already loaded.
 */
public final class AuditAgent {
    private static volatile Class<?> bridge;

    private AuditAgent() {
    }

    public static void agentmain(String args, Instrumentation instrumentation) throws Exception {
        install(instrumentation);
    }

    public static void premain(String args, Instrumentation instrumentation) throws Exception {
        install(instrumentation);
    }

    /** The bridge the JDK hooks call, or null when the agent did not run (the kernel not started with -jar). */
    public static Class<?> bridge() {
        return bridge;
    }

    public static boolean installed() {
        return bridge != null;
    }

    private static synchronized void install(Instrumentation instrumentation) throws Exception {
        if (bridge != null) {
            return;
        }
        Class<?> defined = defineBridge(instrumentation);
        handForkJoinExec(instrumentation, defined);
        // Load the transformer's own classes before it can be asked to transform anything.
        JdkHooks.weave(readClass("java/lang/Runtime"), JdkHooks.HOOKS, JdkHooks.REWRITES);
        instrumentation.addTransformer(new JdkHooks(), true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (JdkHooks.TARGETS.contains(c.getName().replace('.', '/')) && instrumentation.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        try {
            instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException e) {
            throw new IOException("cannot hook the JDK: " + e.getMessage(), e);
        }
        for (String target : JdkHooks.TARGETS) {
            // Hook the rest now, so the first cell that uses them pays nothing and misses nothing.
            // A class this JDK lacks (the foreign linker before 22) has nothing to hook.
            try {
                Class.forName(target.replace('/', '.'), false, null);
            } catch (ClassNotFoundException absentFromThisJdk) {
                continue;
            }
        }
        bridge = defined;
    }

    /**
     * Defines the bridge in java.lang through a private lookup, which needs java.lang opened to this
     * agent's module for a moment's use.
     */
    private static Class<?> defineBridge(Instrumentation instrumentation) throws Exception {
        Module base = Object.class.getModule();
        instrumentation.redefineModule(base, Set.of(), Map.of(), Map.of("java.lang", Set.of(AuditAgent.class.getModule())),
                Set.of(), Map.of());
        byte[] source = readClass(JdkHooks.BRIDGE_SOURCE);
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(source).accept(new ClassRemapper(writer,
                new SimpleRemapper(JdkHooks.BRIDGE_SOURCE, JdkHooks.BRIDGE)), 0);
        return MethodHandles.privateLookupIn(Object.class, MethodHandles.lookup()).defineClass(writer.toByteArray());
    }

    /**
     * Gives the bridge a handle to the protected {@code ForkJoinTask.exec()}, which it calls in place
     * of {@code doExec}'s own call; this must happen before {@code doExec} is rewritten.
     */
    private static void handForkJoinExec(Instrumentation instrumentation, Class<?> bridge) throws Exception {
        Module base = Object.class.getModule();
        instrumentation.redefineModule(base, Set.of(), Map.of(),
                Map.of("java.util.concurrent", Set.of(AuditAgent.class.getModule())), Set.of(), Map.of());
        MethodHandle exec = MethodHandles.privateLookupIn(ForkJoinTask.class, MethodHandles.lookup())
                .findVirtual(ForkJoinTask.class, "exec", MethodType.methodType(boolean.class))
                .asType(MethodType.methodType(boolean.class, Object.class));
        MethodHandle setter = MethodHandles.privateLookupIn(bridge, MethodHandles.lookup())
                .findStaticSetter(bridge, "forkJoinExec", MethodHandle.class);
        try {
            setter.invoke(exec);
        } catch (Throwable e) {
            throw new IOException("cannot hand ForkJoinTask.exec to the bridge", e);
        }
    }

    private static byte[] readClass(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IOException("cannot read " + internalName);
            }
            return in.readAllBytes();
        }
    }

    static void log(String message) {
        System.err.println("[jaudit agent] " + message);
    }
}
