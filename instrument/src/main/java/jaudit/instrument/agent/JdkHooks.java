package jaudit.instrument.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jaudit.instrument.MethodRewriting;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves a call to the audit bridge at the entry of each JDK method that a guarded operation
 * funnels through, so every route to it (direct calls, reflection, method handles, lambdas, JDK
 * internals, any class loader) raises the same event. The hooks only add instructions at method
 * entry, which retransformation allows, and change no stack map frames.
 */
final class JdkHooks implements ClassFileTransformer {
    /** The bridge's name inside java.base, where the agent defines it. */
    static final String BRIDGE = "java/lang/JauditBridge";
    static final String BRIDGE_SOURCE = "jaudit/instrument/boot/AuditBridge";

    /**
     * One hook: which method, which of its parameters to pass ({@code -1} is {@code this}), constants
     * to pass first, and the bridge method that receives them.
     */
    record Hook(String owner, String method, String descriptor, List<Object> constants, List<Integer> params,
                List<Object> trailing, String bridgeMethod, String bridgeDescriptor) {
        /** A hook for every overload whose descriptor starts with {@code descriptor} when it ends in '*'. */
        boolean matches(String name, String desc) {
            return method.equals(name) && (descriptor.endsWith("*")
                    ? desc.startsWith(descriptor.substring(0, descriptor.length() - 1)) : descriptor.equals(desc));
        }
    }

    private static final String UNIX_PATH = "Lsun/nio/fs/UnixPath;";
    private static final String OBJ = "Ljava/lang/Object;";
    private static final String STR = "Ljava/lang/String;";
    private static final String FILE = "Ljava/io/File;";
    private static final String FILE_TIME = "Ljava/nio/file/attribute/FileTime;";
    private static final String BASIC_VIEW = "sun/nio/fs/UnixFileAttributeViews$Basic";
    private static final String POSIX_VIEW = "sun/nio/fs/UnixFileAttributeViews$Posix";
    private static final String USER_VIEW = "sun/nio/fs/UnixUserDefinedFileAttributeView";
    /** In place of a parameter index: the hooked attribute view's own {@code file} field. */
    private static final int THIS_FILE = -2;
    /** The key a sys.property event names when a change touches every property at once. */
    private static final String ALL_PROPERTIES = "*";

    static final List<Hook> HOOKS = List.of(
            hook("java/io/FileOutputStream", "open", "(" + STR + "Z)V", List.of(), List.of(0, 1),
                    "fileOutputOpen", "(" + STR + "Z)V"),
            hook("java/io/RandomAccessFile", "open", "(" + STR + "I)V", List.of(), List.of(0, 1),
                    "randomAccessOpen", "(" + STR + "I)V"),
            hook("sun/nio/fs/UnixNativeDispatcher", "open", "(" + UNIX_PATH + "II)I", List.of(), List.of(0, 1),
                    "nioOpen", "(" + OBJ + "I)V"),
            hook("sun/nio/fs/UnixNativeDispatcher", "mkdir", "(" + UNIX_PATH + "*", List.of("file.mkdir"),
                    List.of(0), "pathEvent", "(" + STR + OBJ + ")V"),
            hook("sun/nio/fs/UnixNativeDispatcher", "rmdir", "(" + UNIX_PATH + "*", List.of("file.delete"),
                    List.of(0), "pathEvent", "(" + STR + OBJ + ")V"),
            hook("sun/nio/fs/UnixNativeDispatcher", "unlink", "(" + UNIX_PATH + "*", List.of("file.delete"),
                    List.of(0), "pathEvent", "(" + STR + OBJ + ")V"),
            hook("sun/nio/fs/UnixNativeDispatcher", "rename", "(" + UNIX_PATH + UNIX_PATH + "*",
                    List.of("file.move"), List.of(0, 1), "twoPathEvent", "(" + STR + OBJ + OBJ + ")V"),
            hook("sun/nio/fs/UnixNativeDispatcher", "link", "(" + UNIX_PATH + UNIX_PATH + "*",
                    List.of("file.link"), List.of(1, 0), "twoPathEvent", "(" + STR + OBJ + OBJ + ")V"),
            // Copies and moves, raised with both paths before the target is opened or renamed
            // (UnixCopyFile on 17; folded into UnixFileSystem by 25).
            twoPaths("sun/nio/fs/UnixCopyFile", "copy", "file.copy"),
            twoPaths("sun/nio/fs/UnixCopyFile", "move", "file.move"),
            twoPaths("sun/nio/fs/UnixFileSystem", "copy", "file.copy"),
            twoPaths("sun/nio/fs/UnixFileSystem", "move", "file.move"),
            hook("sun/nio/fs/UnixNativeDispatcher", "symlink", "([B" + UNIX_PATH + ")V", List.of(),
                    List.of(0, 1), "symlink", "([B" + OBJ + ")V"),
            attr("sun/nio/fs/UnixNativeDispatcher", "chmod", "(" + UNIX_PATH + "*", 0, "permissions"),
            attr("sun/nio/fs/UnixNativeDispatcher", "chown", "(" + UNIX_PATH + "*", 0, "owner"),
            attr("sun/nio/fs/UnixNativeDispatcher", "lchown", "(" + UNIX_PATH + "*", 0, "owner"),
            attr("sun/nio/fs/UnixNativeDispatcher", "utimes", "(" + UNIX_PATH + "*", 0, "times"),
            attr("sun/nio/fs/UnixNativeDispatcher", "lutimes", "(" + UNIX_PATH + "*", 0, "times"),
            attr("sun/nio/fs/UnixNativeDispatcher", "utimensat", "(I" + UNIX_PATH + "*", 1, "times"),
            hook("java/io/File", "delete", "()Z", List.of("file.delete"), List.of(-1),
                    "fileMethod", "(" + STR + FILE + ")V"),
            hook("java/io/File", "mkdir", "()Z", List.of("file.mkdir"), List.of(-1),
                    "fileMethod", "(" + STR + FILE + ")V"),
            hook("java/io/File", "createNewFile", "()Z", List.of(), List.of(-1), "fileCreate", "(" + FILE + ")V"),
            hook("java/io/File", "deleteOnExit", "()V", List.of("file.delete"), List.of(-1),
                    "fileMethod", "(" + STR + FILE + ")V"),
            hook("java/io/File", "renameTo", "(" + FILE + ")Z", List.of(), List.of(-1, 0),
                    "fileRename", "(" + FILE + FILE + ")V"),
            attr("java/io/File", "setLastModified", "(J)Z", -1, "times"),
            attr("java/io/File", "setReadOnly", "()Z", -1, "permissions"),
            attr("java/io/File", "setWritable", "(ZZ)Z", -1, "permissions"),
            attr("java/io/File", "setReadable", "(ZZ)Z", -1, "permissions"),
            attr("java/io/File", "setExecutable", "(ZZ)Z", -1, "permissions"),
            hook("java/io/File", "createTempFile", "(" + STR + STR + FILE + ")" + FILE, List.of(), List.of(0, 1, 2),
                    "tempFile", "(" + STR + STR + FILE + ")V"),
            // Attribute views change times, modes, owners and extended attributes through file
            // descriptors, past the path-based natives above; each view knows its file.
            attr(BASIC_VIEW, "setTimes", "(" + FILE_TIME + FILE_TIME + FILE_TIME + ")V", THIS_FILE, "times"),
            attr(POSIX_VIEW, "setMode", "(I)V", THIS_FILE, "permissions"),
            attr(POSIX_VIEW, "setOwners", "(II)V", THIS_FILE, "owner"),
            attr(USER_VIEW, "write", "(" + STR + "Ljava/nio/ByteBuffer;)I", THIS_FILE, "user-defined"),
            attr(USER_VIEW, "delete", "(" + STR + ")V", THIS_FILE, "user-defined"),
            capture("java/util/concurrent/ThreadPoolExecutor", "execute", "(Ljava/lang/Runnable;)V", 0),
            capture("java/util/concurrent/ScheduledThreadPoolExecutor", "delayedExecute",
                    "(Ljava/util/concurrent/RunnableScheduledFuture;)V", 0),
            capture("java/util/concurrent/ForkJoinTask", "fork", "()Ljava/util/concurrent/ForkJoinTask;", -1),
            capture("java/util/concurrent/ForkJoinPool", "externalPush", "(Ljava/util/concurrent/ForkJoinTask;)V", 0),
            capture("java/util/concurrent/ForkJoinPool", "poolSubmit", "(ZLjava/util/concurrent/ForkJoinTask;*", 1),
            capture("java/util/concurrent/ForkJoinPool", "scheduleDelayedTask",
                    "(Ljava/util/concurrent/DelayScheduler$ScheduledForkJoinTask;*", 0),
            capture("java/util/Timer", "sched", "(Ljava/util/TimerTask;JJ)V", 0),
            hook("java/lang/ProcessImpl", "start", "([Ljava/lang/String;Ljava/util/Map;" + STR + "*",
                    List.of(), List.of(0, 2), "processStart", "([Ljava/lang/String;" + STR + ")V"),
            hook("java/lang/ProcessHandleImpl", "destroyProcess", "(Z)Z", List.of(), List.of(-1),
                    "processKill", "(" + OBJ + ")V"),
            hook("java/lang/Runtime", "exit", "(I)V", List.of(), List.of(0), "exit", "(I)V"),
            hook("java/lang/Runtime", "halt", "(I)V", List.of(), List.of(0), "exit", "(I)V"),
            hook("java/lang/Runtime", "addShutdownHook", "(Ljava/lang/Thread;)V", List.of(), List.of(0),
                    "shutdownHook", "(Ljava/lang/Thread;)V"),
            hook("java/lang/Runtime", "load0", "(Ljava/lang/Class;" + STR + ")V", List.of(), List.of(0, 1),
                    "nativeLoad", "(Ljava/lang/Class;" + STR + ")V"),
            hook("java/lang/Runtime", "loadLibrary0", "(Ljava/lang/Class;" + STR + ")V", List.of(), List.of(0, 1),
                    "nativeLoad", "(Ljava/lang/Class;" + STR + ")V"),
            hook("jdk/internal/foreign/abi/AbstractLinker", "downcallHandle",
                    "(Ljava/lang/foreign/MemorySegment;Ljava/lang/foreign/FunctionDescriptor;*", List.of(),
                    List.of(-1, 0, 1), "downcall", "(" + OBJ + OBJ + OBJ + ")V"),
            hook("jdk/internal/foreign/abi/AbstractLinker", "downcallHandle",
                    "(Ljava/lang/foreign/FunctionDescriptor;*", List.of(), List.of(-1, 0),
                    "downcallUnbound", "(" + OBJ + OBJ + ")V"),
            hook("java/lang/System", "setOut", "(Ljava/io/PrintStream;)V", List.of("out"), List.of(),
                    "stream", "(" + STR + ")V"),
            hook("java/lang/System", "setErr", "(Ljava/io/PrintStream;)V", List.of("err"), List.of(),
                    "stream", "(" + STR + ")V"),
            hook("java/lang/System", "setIn", "(Ljava/io/InputStream;)V", List.of("in"), List.of(),
                    "stream", "(" + STR + ")V"),
            hook("java/lang/System", "setProperty", "(" + STR + STR + ")" + STR, List.of(), List.of(0, 1),
                    "property", "(" + STR + STR + ")V"),
            hook("java/lang/System", "clearProperty", "(" + STR + ")" + STR, List.of(), List.of(0, 0),
                    "property", "(" + STR + STR + ")V"),
            // System.getProperties() hands out the live table: changing it skips setProperty.
            hook("java/util/Properties", "put", "(" + OBJ + OBJ + ")" + OBJ, List.of(), List.of(-1, 0, 1),
                    "propertiesPut", "(" + OBJ + OBJ + OBJ + ")V"),
            hook("java/util/Properties", "remove", "(" + OBJ + ")" + OBJ, List.of(), List.of(-1, 0, 0),
                    "propertiesPut", "(" + OBJ + OBJ + OBJ + ")V"),
            hook("java/util/Properties", "putAll", "(Ljava/util/Map;)V", List.of(), List.of(-1, 0),
                    "propertiesPutAll", "(" + OBJ + "Ljava/util/Map;)V"),
            hook("java/util/Properties", "clear", "()V", List.of(ALL_PROPERTIES), List.of(-1),
                    "propertiesReplaced", "(" + STR + OBJ + ")V"),
            hook("java/lang/System", "setProperties", "(Ljava/util/Properties;)V", List.of(ALL_PROPERTIES),
                    List.of(), "property", "(" + STR + ")V"),
            hook("java/lang/reflect/AccessibleObject", "setAccessible0", "(Z)Z", List.of(), List.of(-1, 0),
                    "accessible", "(" + OBJ + "Z)V"),
            hook("java/lang/invoke/MethodHandles", "privateLookupIn", "(Ljava/lang/Class;*", List.of(),
                    List.of(0), "privateLookup", "(Ljava/lang/Class;)V"),
            hook("sun/nio/ch/DatagramChannelImpl", "send", "(Ljava/nio/ByteBuffer;Ljava/net/SocketAddress;)I",
                    List.of(), List.of(1), "datagramSend", "(Ljava/net/SocketAddress;)V"),
            hook("sun/nio/ch/UnixDomainSockets", "bind", "(Ljava/io/FileDescriptor;Ljava/nio/file/Path;)V",
                    List.of(), List.of(1), "unixBind", "(" + OBJ + ")V"),
            hook("sun/nio/ch/UnixDomainSockets", "connect", "(Ljava/io/FileDescriptor;Ljava/nio/file/Path;)I",
                    List.of(), List.of(1), "unixConnect", "(" + OBJ + ")V"),
            // The desktop opens files and links through the desktop environment's native calls,
            // never through ProcessImpl, yet it starts programs all the same.
            desktop("open", FILE), desktop("edit", FILE), desktop("print", FILE),
            desktop("browse", "Ljava/net/URI;"), desktop("mail", "Ljava/net/URI;"),
            hook("sun/nio/ch/Net", "connect", "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;"
                    + "Ljava/net/InetAddress;I)I", List.of(), List.of(2, 3), "connect", "(Ljava/net/InetAddress;I)V"),
            hook("sun/nio/ch/Net", "bind", "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;"
                    + "Ljava/net/InetAddress;I)V", List.of(), List.of(2, 3), "listen", "(Ljava/net/InetAddress;I)V"));

    private static Hook hook(String owner, String method, String descriptor, List<Object> constants,
                             List<Integer> params, String bridgeMethod, String bridgeDescriptor) {
        return new Hook(owner, method, descriptor, constants, params, List.of(), bridgeMethod, bridgeDescriptor);
    }

    /** A task handed to a pool, a timer or a fork/join queue: the bridge records the submitter's context. */
    private static Hook capture(String owner, String method, String descriptor, int taskParam) {
        return new Hook(owner, method, descriptor, List.of(), List.of(taskParam), List.of(), "capture",
                "(" + OBJ + ")V");
    }

    /**
     * A call inside a JDK method replaced by a call to the bridge with the same stack effect: where
     * workers run tasks, so each runs under the context captured when it was submitted.
     */
    record CallRewrite(String owner, String method, String callOwner, String callName, String callDescriptor,
                       String bridgeMethod, String bridgeDescriptor) {
    }

    static final List<CallRewrite> REWRITES = List.of(
            new CallRewrite("java/util/concurrent/ThreadPoolExecutor", "runWorker", "java/lang/Runnable", "run",
                    "()V", "runTask", "(Ljava/lang/Runnable;)V"),
            new CallRewrite("java/util/TimerThread", "mainLoop", "java/util/TimerTask", "run", "()V",
                    "runTask", "(Ljava/lang/Runnable;)V"),
            new CallRewrite("java/util/concurrent/ForkJoinTask", "doExec", "java/util/concurrent/ForkJoinTask",
                    "exec", "()Z", "execTask", "(" + OBJ + ")Z"));

    private static Hook twoPaths(String owner, String method, String event) {
        return new Hook(owner, method, "(" + UNIX_PATH + UNIX_PATH + "[Ljava/nio/file/CopyOption;)V", List.of(event),
                List.of(0, 1), List.of(), "twoPathEvent", "(" + STR + OBJ + OBJ + ")V");
    }

    private static Hook desktop(String action, String argument) {
        return new Hook("java/awt/Desktop", action, "(" + argument + ")V", List.of(action), List.of(0), List.of(),
                "desktop", "(" + STR + OBJ + ")V");
    }

    /** A file.attr hook: the path parameter, then the attribute's name. */
    private static Hook attr(String owner, String method, String descriptor, int pathParam, String attribute) {
        boolean file = owner.equals("java/io/File");
        return new Hook(owner, method, descriptor, List.of(), List.of(pathParam), List.of(attribute),
                file ? "fileAttr" : "pathAttr", "(" + (file ? FILE : OBJ) + STR + ")V");
    }

    static final Set<String> TARGETS = Stream.concat(HOOKS.stream().map(Hook::owner),
            REWRITES.stream().map(CallRewrite::owner)).collect(Collectors.toUnmodifiableSet());
    private static final Map<String, List<Hook>> BY_OWNER = HOOKS.stream().collect(Collectors.groupingBy(Hook::owner));
    private static final Map<String, List<CallRewrite>> REWRITES_BY_OWNER =
            REWRITES.stream().collect(Collectors.groupingBy(CallRewrite::owner));

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (className == null || !TARGETS.contains(className)) {
            return null;
        }
        try {
            return weave(classFile, BY_OWNER.getOrDefault(className, List.of()),
                    REWRITES_BY_OWNER.getOrDefault(className, List.of()));
        } catch (RuntimeException | Error e) {
            AuditAgent.log("could not hook " + className + ": " + e);
            return null;
        }
    }

    static byte[] weave(byte[] classFile, List<Hook> hooks, List<CallRewrite> rewrites) {
        return MethodRewriting.rewrite(classFile, (next, access, name, descriptor) -> {
            MethodVisitor visitor = next;
            for (CallRewrite rewrite : rewrites) {
                if (rewrite.method().equals(name)) {
                    visitor = new RewrittenCall(visitor, rewrite);
                }
            }
            for (Hook hook : hooks) {
                if (hook.matches(name, descriptor) && (access & Opcodes.ACC_NATIVE) == 0
                        && (access & Opcodes.ACC_ABSTRACT) == 0) {
                    return new EntryCall(visitor, hook, (access & Opcodes.ACC_STATIC) != 0, descriptor);
                }
            }
            return visitor;
        });
    }

    private static final class RewrittenCall extends MethodVisitor {
        private final CallRewrite rewrite;

        RewrittenCall(MethodVisitor next, CallRewrite rewrite) {
            super(Opcodes.ASM9, next);
            this.rewrite = rewrite;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode != Opcodes.INVOKESTATIC && owner.equals(rewrite.callOwner()) && name.equals(rewrite.callName())
                    && descriptor.equals(rewrite.callDescriptor())) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, rewrite.bridgeMethod(), rewrite.bridgeDescriptor(),
                        false);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }
    }

    /** Inserts the bridge call as the method's first instructions. */
    private static final class EntryCall extends MethodVisitor {
        private final Hook hook;
        private final boolean isStatic;
        private final Type[] params;

        EntryCall(MethodVisitor next, Hook hook, boolean isStatic, String descriptor) {
            super(Opcodes.ASM9, next);
            this.hook = hook;
            this.isStatic = isStatic;
            this.params = Type.getArgumentTypes(descriptor);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            for (Object constant : hook.constants()) {
                super.visitLdcInsn(constant);
            }
            for (int param : hook.params()) {
                load(param);
            }
            for (Object constant : hook.trailing()) {
                super.visitLdcInsn(constant);
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, hook.bridgeMethod(), hook.bridgeDescriptor(), false);
        }

        private int slotOf(int param) {
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < param; i++) {
                slot += params[i].getSize();
            }
            return slot;
        }

        private void load(int param) {
            if (param == THIS_FILE) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, hook.owner(), "file", UNIX_PATH);
                return;
            }
            if (param < 0) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                return;
            }
            super.visitVarInsn(params[param].getOpcode(Opcodes.ILOAD), slotOf(param));
        }
    }
}
