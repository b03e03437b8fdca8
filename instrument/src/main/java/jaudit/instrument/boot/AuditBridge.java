package jaudit.instrument.boot;

import java.io.File;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Member;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where the hooks woven into JDK methods call. The agent defines a renamed copy of this class inside
 * {@code java.base} ({@code java.lang.JauditBridge}), so that JDK code can reach it without touching
 * the bootstrap class path (which would switch off class-data sharing for every other class). It
 * uses JDK types only, knows nothing of policies, and hands every event to the kernel's handler.
 * Its state is private, and changing it takes the key that only the kernel holds; reflection into
 * it is itself an audited event.
 *
 * <p>The hot path is the first line of each hook: one read of {@code active}, false until the first
 * audited cell runs, then a thread-local read. Read-only opens return before either.
 */
public final class AuditBridge implements Function<Stream<StackWalker.StackFrame>, Class<?>> {
    private static final int RAF_READ_WRITE = 2;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0x40;
    private static final int O_TRUNC = 0x200;
    private static final int O_APPEND = 0x400;
    private static final int NIO_WRITE_FLAGS = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;

    private static final String NET = "sun.nio.ch.Net";
    private static final String DATAGRAM_CHANNEL = "sun.nio.ch.DatagramChannelImpl";
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final InheritableThreadLocal<Object> CONTEXT = new InheritableThreadLocal<>();
    private static final ThreadLocal<Boolean> IN_HOOK = new ThreadLocal<>();
    private static volatile boolean active;
    private static volatile Object lastEntered;
    private static BiConsumer<Object, Object[]> handler;
    private static Object key;
    private static final java.util.WeakHashMap<Object, Object> TASK_CONTEXTS = new java.util.WeakHashMap<>();
    /** ForkJoinTask.exec() is protected: the agent hands the bridge a handle to it before hooking doExec. */
    private static java.lang.invoke.MethodHandle forkJoinExec;

    /**
     * Installs the handler once; returns the key that {@link #enter} and {@link #leave} require. The
     * handler receives the thread's context and the event: its name followed by its arguments; it
     * throws to deny.
     */
    public static synchronized Object install(BiConsumer<Object, Object[]> auditHandler) {
        if (handler != null) {
            raise("audit.config", "install a second handler");
            throw new IllegalStateException("the audit handler is already installed");
        }
        handler = auditHandler;
        key = new Object();
        return key;
    }

    /**
     * Makes {@code context} the calling thread's context (and that of threads it starts) and returns
     * what {@link #leave} needs to restore the previous one exactly.
     */
    public static Object enter(Object callerKey, Object context) {
        if (callerKey == null || callerKey != key) {
            raise("audit.config", "enter a policy");
            throw new SecurityException("entering an audit context needs the kernel's key");
        }
        Object previous = CONTEXT.get();
        CONTEXT.set(context);
        lastEntered = context;
        active = true;
        return new Object[] {previous};
    }

    public static void leave(Object callerKey, Object token) {
        if (callerKey == null || callerKey != key || !(token instanceof Object[] saved) || saved.length != 1) {
            raise("audit.config", "leave a policy");
            throw new SecurityException("leaving an audit context needs the kernel's key");
        }
        restore(saved[0]);
    }

    /** The calling thread's context, or null. */
    public static Object current() {
        return CONTEXT.get();
    }

    private static void raise(String event, Object... args) {
        if (!active) {
            return;
        }
        Object context = CONTEXT.get();
        if (context == null && Thread.currentThread() instanceof ForkJoinWorkerThread) {
            // Every fork/join task a cell submits or forks carries its context (see capture); a
            // worker running anything else, on a path the hooks do not see, falls back to the policy
            // most recently entered rather than to none. The kernel itself never uses fork/join.
            context = lastEntered;
        }
        if (context == null || IN_HOOK.get() != null) {
            return;
        }
        IN_HOOK.set(Boolean.TRUE);
        try {
            Object[] raised = new Object[args.length + 1];
            raised[0] = event;
            System.arraycopy(args, 0, raised, 1, args.length);
            handler.accept(context, raised);
        } finally {
            IN_HOOK.remove();
        }
    }

    /** The first class on the stack outside the bridge, java.lang.reflect and the class named {@code hooked}. */
    private static String callerOf(String hooked) {
        Class<?> caller = WALKER.walk(new AuditBridge(null, hooked));
        return caller == null ? null : caller.getName();
    }

    /**
     * Whether the code that called the hooked method is the JDK's own (LogManager registering its
     * shutdown hook, ImageIO setting a font property, the lambda metafactory opening a kernel
     * method): that is not the cell's doing. Reflection and
     * method-handle frames are skipped by the walker, so a cell calling through them is still seen.
     */
    private static boolean calledFromJdk(Class<?> hooked) {
        Class<?> caller = WALKER.walk(new AuditBridge(hooked));
        return caller == null || caller.getClassLoader() == null
                || caller.getClassLoader() == ClassLoader.getPlatformClassLoader();
    }

    // An instance is only a stack-walk function: the bridge may not use lambdas or other classes of
    // its own, since it is defined alone inside java.base.
    private final Class<?> hooked;
    private final String hookedName;

    private AuditBridge(Class<?> hooked) {
        this(hooked, null);
    }

    private AuditBridge(Class<?> hooked, String hookedName) {
        this.hooked = hooked;
        this.hookedName = hookedName;
    }

    // ---- tasks: a task runs under the context of the thread that submitted it ----

    /**
     * Records the submitting thread's context for a task handed to a pool, a timer or a fork/join
     * queue: pool threads are shared and outlive the cell, so what they inherited says nothing about
     * the task. Keyed weakly by the task itself, so the pools keep their own task objects (remove,
     * shutdownNow and casts to Future behave as without the guard).
     */
    public static void capture(Object task) {
        if (!active || task == null) {
            return;
        }
        Object context = CONTEXT.get();
        if (context != null) {
            synchronized (TASK_CONTEXTS) {
                TASK_CONTEXTS.put(task, context);
            }
        }
    }

    private static Object contextOf(Object task) {
        synchronized (TASK_CONTEXTS) {
            return TASK_CONTEXTS.get(task);
        }
    }

    /** Replaces {@code task.run()} where pool workers and the timer thread run a task. */
    public static void runTask(Runnable task) {
        Object context = active ? contextOf(task) : null;
        if (context == null) {
            task.run();
            return;
        }
        Object previous = CONTEXT.get();
        CONTEXT.set(context);
        try {
            task.run();
        } finally {
            restore(previous);
        }
    }

    /** Replaces {@code exec()} in {@code ForkJoinTask.doExec}, which every fork/join task runs through. */
    public static boolean execTask(Object task) throws Throwable {
        Object context = active ? contextOf(task) : null;
        if (context == null) {
            return (boolean) forkJoinExec.invokeExact(task);
        }
        Object previous = CONTEXT.get();
        CONTEXT.set(context);
        try {
            return (boolean) forkJoinExec.invokeExact(task);
        } finally {
            restore(previous);
        }
    }

    private static void restore(Object previous) {
        if (previous == null) {
            CONTEXT.remove();
        } else {
            CONTEXT.set(previous);
        }
    }

    /** The first class on the stack that is not the bridge, the hooked JDK class (or a supertype) or java.lang.reflect. */
    @Override
    public Class<?> apply(Stream<StackWalker.StackFrame> frames) {
        Iterator<StackWalker.StackFrame> it = frames.iterator();
        while (it.hasNext()) {
            Class<?> c = it.next().getDeclaringClass();
            if (c != AuditBridge.class && (hooked == null || !c.isAssignableFrom(hooked))
                    && !c.getName().equals(hookedName) && !c.getPackageName().equals("java.lang.reflect")) {
                return c;
            }
        }
        return null;
    }

    // ---- hooks, one per JDK funnel; each is called at the entry of the method named in JdkHooks ----

    public static void fileOutputOpen(String path, boolean append) {
        if (active) {
            raise("file.write", path, append ? "append" : "write");
        }
    }

    public static void randomAccessOpen(String path, int mode) {
        if ((mode & RAF_READ_WRITE) != 0 && active) {
            raise("file.write", path, "rw");
        }
    }

    public static void nioOpen(Object unixPath, int flags) {
        if ((flags & NIO_WRITE_FLAGS) != 0 && active) {
            raise("file.write", String.valueOf(unixPath), openMode(flags));
        }
    }

    private static String openMode(int flags) {
        StringBuilder mode = new StringBuilder();
        if ((flags & O_CREAT) != 0) {
            mode.append("create,");
        }
        if ((flags & O_TRUNC) != 0) {
            mode.append("truncate,");
        }
        if ((flags & O_APPEND) != 0) {
            mode.append("append,");
        }
        mode.append((flags & O_RDWR) != 0 ? "read-write" : (flags & O_WRONLY) != 0 ? "write" : "read");
        return mode.toString();
    }

    public static void pathEvent(String event, Object path) {
        if (active) {
            raise(event, String.valueOf(path));
        }
    }

    public static void pathAttr(Object path, String attribute) {
        if (active) {
            raise("file.attr", String.valueOf(path), attribute);
        }
    }

    public static void twoPathEvent(String event, Object first, Object second) {
        if (active) {
            raise(event, String.valueOf(first), String.valueOf(second));
        }
    }

    public static void symlink(byte[] target, Object link) {
        if (active) {
            raise("file.link", String.valueOf(link), new String(target, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public static void fileMethod(String event, File file) {
        if (active) {
            raise(event, file.getPath());
        }
    }

    public static void fileCreate(File file) {
        if (active) {
            raise("file.write", file.getPath(), "create");
        }
    }

    public static void fileAttr(File file, String attribute) {
        if (active) {
            raise("file.attr", file.getPath(), attribute);
        }
    }

    public static void fileRename(File from, File to) {
        if (active) {
            raise("file.move", from.getPath(), to == null ? null : to.getPath());
        }
    }

    public static void tempFile(String prefix, String suffix, File directory) {
        if (active) {
            String dir = directory != null ? directory.getPath() : System.getProperty("java.io.tmpdir");
            raise("file.write", new File(dir, prefix + "*" + (suffix == null ? ".tmp" : suffix)).getPath(), "create");
        }
    }

    public static void processStart(String[] command, String directory) {
        if (active) {
            raise("process.start", command == null ? null : String.join(" ", command), directory);
        }
    }

    public static void processKill(Object processHandle) {
        if (active) {
            raise("process.kill", processHandle instanceof ProcessHandle h ? h.pid() : processHandle);
        }
    }

    public static void exit(int status) {
        if (active) {
            raise("runtime.exit", status);
        }
    }

    public static void shutdownHook(Thread hook) {
        if (active && !calledFromJdk(Runtime.class)) {
            raise("runtime.shutdown_hook", hook == null ? null : hook.getName());
        }
    }

    /** Native libraries loaded on behalf of code outside the JDK (boot and platform loaders are the JDK). */
    public static void nativeLoad(Class<?> fromClass, String library) {
        if (active) {
            ClassLoader loader = fromClass == null ? null : fromClass.getClassLoader();
            if (loader != null && loader != ClassLoader.getPlatformClassLoader()) {
                raise("native.load", library);
            }
        }
    }

    /** A call from monitored code into a native method of a class outside the JDK (see NativeCalls). */
    public static void nativeCall(String caller, String callee, Object target) {
        if (active) {
            raise("native.call", caller, callee, target);
        }
    }

    /** A change to audit state the host may make and cell code may not (see BridgeHooks.configChange). */
    public static void config(String what) {
        if (active) {
            raise("audit.config", what);
        }
    }

    /** A foreign-function downcall handle being made, for a symbol or (unbound) for any. */
    public static void downcall(Object linker, Object symbol, Object function) {
        if (active) {
            Class<?> caller = WALKER.walk(new AuditBridge(linker.getClass()));
            if (caller != null && caller.getClassLoader() != null
                    && caller.getClassLoader() != ClassLoader.getPlatformClassLoader()) {
                raise("native.call", caller.getName(),
                        "downcall " + (symbol == null ? "(unbound)" : symbol) + " " + function);
            }
        }
    }

    public static void downcallUnbound(Object linker, Object function) {
        downcall(linker, null, function);
    }

    public static void stream(String which) {
        if (active) {
            raise("sys.stream", which);
        }
    }

    public static void property(String key, String value) {
        if (active && !calledFromJdk(System.class)) {
            raise("sys.property", key, value);
        }
    }

    /** A change to the live system properties table (System.getProperties()), not through setProperty. */
    public static void propertiesPut(Object properties, Object key, Object value) {
        if (active && properties == System.getProperties() && !calledFromJdk(java.util.Properties.class)) {
            raise("sys.property", String.valueOf(key), value == null || value == key ? null : String.valueOf(value));
        }
    }

    public static void propertiesPutAll(Object properties, java.util.Map<?, ?> values) {
        if (active && properties == System.getProperties() && values != null
                && !calledFromJdk(java.util.Properties.class)) {
            for (Object key : values.keySet().toArray()) {
                raise("sys.property", String.valueOf(key), String.valueOf(values.get(key)));
            }
        }
    }

    public static void propertiesReplaced(String allKeys, Object properties) {
        if (active && properties == System.getProperties() && !calledFromJdk(java.util.Properties.class)) {
            raise("sys.property", allKeys, null);
        }
    }

    public static void property(String allKeys) {
        property(allKeys, null);
    }

    public static void datagramSend(java.net.SocketAddress target) {
        if (active && target instanceof java.net.InetSocketAddress address) {
            raise("net.connect", address.getHostString(), address.getPort(),
                    address.getAddress() == null ? null : address.getAddress().getHostAddress());
        }
    }

    /** Binding a Unix-domain socket creates its file, then listens there. */
    public static void unixBind(Object path) {
        if (active) {
            raise("file.write", String.valueOf(path), "socket");
            raise("net.listen", "unix:" + path, 0);
        }
    }

    public static void unixConnect(Object path) {
        if (active) {
            raise("net.connect", "unix:" + path, 0);
        }
    }

    public static void desktop(String action, Object target) {
        if (active) {
            raise("process.start", "desktop " + action + " " + target, null);
        }
    }

    public static void accessible(Object member, boolean flag) {
        if (flag && active && member instanceof Member m && !calledFromJdk(AccessibleObject.class)) {
            raise("reflect.access", m.getDeclaringClass().getName());
        }
    }

    public static void privateLookup(Class<?> target) {
        if (active && target != null && !calledFromJdk(MethodHandles.class)) {
            raise("reflect.access", target.getName());
        }
    }

    public static void connect(InetAddress address, int port) {
        if (active) {
            raise("net.connect", hostOf(address), port, address == null ? null : address.getHostAddress());
        }
    }

    public static void listen(InetAddress address, int port) {
        if (active && !(port == 0 && DATAGRAM_CHANNEL.equals(callerOf(NET)))) {
            // A datagram socket binds an ephemeral port to send from: a client, not a listener.
            raise("net.listen", hostOf(address), port, address == null ? null : address.getHostAddress());
        }
    }

    /** The name the address was looked up by, else its IP; never a reverse lookup. */
    private static String hostOf(InetAddress address) {
        if (address == null) {
            return null;
        }
        String text = address.toString();
        int slash = text.indexOf('/');
        return slash > 0 ? text.substring(0, slash) : address.getHostAddress();
    }
}
