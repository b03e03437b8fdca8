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
public final class AuditBridge implements Function<Stream<StackWalker.StackFrame>, Class<?>>, Runnable {
    private static final int RAF_READ_WRITE = 2;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0x40;
    private static final int O_TRUNC = 0x200;
    private static final int O_APPEND = 0x400;
    private static final int NIO_WRITE_FLAGS = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final InheritableThreadLocal<Object> CONTEXT = new InheritableThreadLocal<>();
    private static final ThreadLocal<Boolean> IN_HOOK = new ThreadLocal<>();
    private static volatile boolean active;
    private static volatile Object lastEntered;
    private static BiConsumer<Object, Object[]> handler;
    private static Object key;

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
        if (saved[0] == null) {
            CONTEXT.remove();
        } else {
            CONTEXT.set(saved[0]);
        }
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
            // Fork/join workers are shared and inherit nothing, and forked subtasks (parallel
            // streams) are not submitted through execute(): the kernel itself never uses fork/join,
            // so such a worker runs cell work under the policy most recently entered.
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
    // An instance is also a pool task carrying the context it was submitted under.
    private final Class<?> hooked;
    private final Object taskContext;
    private final Runnable task;

    private AuditBridge(Class<?> hooked) {
        this.hooked = hooked;
        this.taskContext = null;
        this.task = null;
    }

    private AuditBridge(Object taskContext, Runnable task) {
        this.hooked = null;
        this.taskContext = taskContext;
        this.task = task;
    }

    /**
     * Wraps a task handed to a pool so that it runs under the submitting thread's context, whichever
     * worker runs it: pool threads are shared, and on newer JDKs they inherit nothing.
     */
    public static Runnable task(Runnable task) {
        if (!active || task == null || task instanceof AuditBridge) {
            return task;
        }
        Object context = CONTEXT.get();
        return context == null ? task : new AuditBridge(context, task);
    }

    @Override
    public void run() {
        Object previous = CONTEXT.get();
        CONTEXT.set(taskContext);
        try {
            task.run();
        } finally {
            if (previous == null) {
                CONTEXT.remove();
            } else {
                CONTEXT.set(previous);
            }
        }
    }

    /** The first class on the stack that is not the bridge, the hooked JDK class or java.lang.reflect. */
    @Override
    public Class<?> apply(Stream<StackWalker.StackFrame> frames) {
        Iterator<StackWalker.StackFrame> it = frames.iterator();
        while (it.hasNext()) {
            Class<?> c = it.next().getDeclaringClass();
            if (c != AuditBridge.class && c != hooked && !c.getPackageName().equals("java.lang.reflect")) {
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

    public static void tempFile(File directory) {
        if (active) {
            String dir = directory != null ? directory.getPath() : System.getProperty("java.io.tmpdir");
            raise("file.write", new File(dir, "jaudit-temp").getPath(), "create");
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
        if (active) {
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
