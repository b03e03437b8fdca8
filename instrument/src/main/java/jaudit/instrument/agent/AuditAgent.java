package jaudit.instrument.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinTask;
import jaudit.instrument.boot.TaskContexts;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The Java agent inside the kernel jar ({@code Launcher-Agent-Class}, so {@code java -jar} starts
 * it with no extra flag). It defines the classes of {@code jaudit.instrument.boot} inside
 * {@code java.base}, then hooks the JDK methods their adapters declare ({@link HookCatalog}),
 * retransforming those already loaded.
 */
public final class AuditAgent {
    /** The boot classes by their sources, once the hooks are in; null when no agent ran (unit tests). */
    private static volatile CompletableFuture<Map<Class<?>, Class<?>>> installing;

    private AuditAgent() {
    }

    /**
     * The kernel jar's agent ({@code Launcher-Agent-Class}), called before the kernel's main. The hooks
     * go in on a thread of their own, beside the kernel's start-up (JShell's above all): on a cold
     * start the two overlap. Nothing audited can run before they are in, since every way into the
     * guard ({@link #inJavaBase}) waits for them.
     */
    public static void agentmain(String args, Instrumentation instrumentation) {
        CompletableFuture<Map<Class<?>, Class<?>>> started = begin();
        if (started == null) {
            return;
        }
        Thread thread = new Thread(() -> installInto(started, instrumentation), "jaudit-agent");
        thread.setDaemon(true);
        thread.start();
    }

    /** With {@code -javaagent}: the hooks are in when the JVM's main starts. */
    public static void premain(String args, Instrumentation instrumentation) {
        CompletableFuture<Map<Class<?>, Class<?>>> started = begin();
        if (started != null) {
            installInto(started, instrumentation);
        }
    }

    private static synchronized CompletableFuture<Map<Class<?>, Class<?>>> begin() {
        if (installing != null) {
            return null;
        }
        installing = new CompletableFuture<>();
        return installing;
    }

    private static void installInto(CompletableFuture<Map<Class<?>, Class<?>>> result, Instrumentation instrumentation) {
        try {
            result.complete(install(instrumentation));
        } catch (Throwable e) {
            // A kernel whose JDK hooks are half in must not run cells: it ends, as a failed agent would.
            log("cannot install the JDK hooks, the kernel stops: " + e);
            e.printStackTrace();
            Runtime.getRuntime().halt(70);
        }
    }

    /**
     * The copy inside java.base of a class of {@code jaudit.instrument.boot}, or the class itself
     * when the agent did not run (unit tests, the kernel not started with -jar). Waits for the hooks.
     */
    public static Class<?> inJavaBase(Class<?> bootClass) {
        return bootClasses().getOrDefault(bootClass, bootClass);
    }

    /** Whether the agent hooked the JDK; waits for the hooks. */
    public static boolean installed() {
        return !bootClasses().isEmpty();
    }

    private static Map<Class<?>, Class<?>> bootClasses() {
        CompletableFuture<Map<Class<?>, Class<?>>> current = installing;
        return current == null ? Map.of() : current.join();
    }

    private static Map<Class<?>, Class<?>> install(Instrumentation instrumentation) throws Exception {
        Map<Class<?>, Class<?>> defined = defineBootClasses(instrumentation);
        handForkJoinExec(instrumentation, defined.get(TaskContexts.class));
        HookCatalog catalog = HookCatalog.read();
        JdkHooks hooks = new JdkHooks(catalog);
        // Load the transformer's own classes before it can be asked to transform anything.
        JdkHooks.weave(HookCatalog.classFile("java/lang/Runtime"), catalog.hooks, catalog.rewrites);
        instrumentation.addTransformer(hooks, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (hooks.targets().contains(c.getName().replace('.', '/')) && instrumentation.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        try {
            instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException e) {
            throw new IOException("cannot hook the JDK: " + e.getMessage(), e);
        }
        for (String target : hooks.targets()) {
            // Hook the rest now, so the first cell that uses them pays nothing and misses nothing.
            // A class this JDK lacks (the foreign linker before 22) has nothing to hook.
            try {
                Class.forName(target.replace('/', '.'), false, null);
            } catch (ClassNotFoundException absentFromThisJdk) {
                continue;
            }
        }
        return Map.copyOf(defined);
    }

    /**
     * Defines the boot classes in java.lang through a private lookup, which needs java.lang opened
     * to this agent's module for a moment's use. Each refers to the others by their names there.
     */
    private static Map<Class<?>, Class<?>> defineBootClasses(Instrumentation instrumentation) throws Exception {
        Module base = Object.class.getModule();
        instrumentation.redefineModule(base, Set.of(), Map.of(), Map.of("java.lang", Set.of(AuditAgent.class.getModule())),
                Set.of(), Map.of());
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Object.class, MethodHandles.lookup());
        Remapper toJavaBase = new Remapper() {
            @Override
            public String map(String internalName) {
                return HookCatalog.inJavaBase(internalName);
            }
        };
        Map<Class<?>, Class<?>> defined = new LinkedHashMap<>();
        for (Class<?> source : HookCatalog.BOOT_CLASSES) {
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(HookCatalog.classFile(Type.getInternalName(source)))
                    .accept(new ClassRemapper(writer, toJavaBase), 0);
            defined.put(source, lookup.defineClass(writer.toByteArray()));
        }
        // Initialise them all before any hook can call one: a class initialising inside a hook
        // (StackWalker's, say) would reach the hooks again half-made.
        for (Class<?> c : defined.values()) {
            Class.forName(c.getName(), true, c.getClassLoader());
        }
        return defined;
    }

    /**
     * Gives the bridge a handle to the protected {@code ForkJoinTask.exec()}, which it calls in place
     * of {@code doExec}'s own call; this must happen before {@code doExec} is rewritten.
     */
    private static void handForkJoinExec(Instrumentation instrumentation, Class<?> taskContexts) throws Exception {
        Module base = Object.class.getModule();
        instrumentation.redefineModule(base, Set.of(), Map.of(),
                Map.of("java.util.concurrent", Set.of(AuditAgent.class.getModule())), Set.of(), Map.of());
        MethodHandle exec = MethodHandles.privateLookupIn(ForkJoinTask.class, MethodHandles.lookup())
                .findVirtual(ForkJoinTask.class, "exec", MethodType.methodType(boolean.class))
                .asType(MethodType.methodType(boolean.class, Object.class));
        MethodHandle setter = MethodHandles.privateLookupIn(taskContexts, MethodHandles.lookup())
                .findStaticSetter(taskContexts, "forkJoinExec", MethodHandle.class);
        try {
            setter.invoke(exec);
        } catch (Throwable e) {
            throw new IOException("cannot hand ForkJoinTask.exec to the bridge", e);
        }
    }

    static void log(String message) {
        System.err.println("[jaudit agent] " + message);
    }
}
