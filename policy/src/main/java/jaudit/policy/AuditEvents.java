package jaudit.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The policy's vocabulary in one place: every event jaudit raises, its arguments, what an audited
 * cell may do by default, and the policy key that widens it.
 */
public final class AuditEvents {
    private AuditEvents() {
    }

    /** How an event is judged when no allow rule matches. */
    public enum Rule {
        /** Allowed when the parent directory of each path argument named in {@code paths} is inside a root. */
        PARENT_IN_ROOTS,
        /** Allowed unless the policy has {@code read_roots}; then the path must be inside one (see {@link ReadRootRule}). */
        READ_IN_ROOTS,
        /** As {@link #PARENT_IN_ROOTS} for the link, and the target itself must resolve inside a root. */
        LINK_IN_ROOTS,
        /** Allowed unless the policy has a {@code net} list, then only for matching host:port patterns. */
        NET_LIST,
        /** Denied only for sensitive keys (see {@link #SENSITIVE_PROPERTIES}). */
        SENSITIVE_PROPERTY,
        /** Denied for jaudit's own classes and the JDK's internal Unsafe. */
        GUARD_TARGET,
        /** Denied when the policy's {@code monitor_calls} is on, allowed when it is off. */
        MONITORED_CALL,
        /** Allowed when the repository, and the coordinate if the list names any, match the policy's {@code maven} list. */
        MAVEN_LIST,
        /** Always denied: the guard raises it only for threads that belong to the kernel. */
        KERNEL_THREAD,
        /** Always denied unless allowed: the JVM would act in native code, on more than the arguments show. */
        UNJUDGEABLE,
        /** Always denied inside an audited cell. */
        DENY
    }

    /**
     * One event.
     *
     * @param name the event's name, for example {@code file.write}
     * @param args the names of the arguments a denial shows and an allow rule matches, in order
     * @param hidden the names of arguments raised after those, for the rules only (a peer's IP, the
     *     called method)
     * @param rule the default rule while a cell is audited
     * @param paths the indexes of the arguments whose parent directory must be inside a root
     * @param key the policy key that widens it, or null when no policy key does
     * @param negotiable whether an allow rule, a host callback or an answer may let it through
     * @param followsLinks whether the operation acts on what a link at the path leads to (writing,
     *     truncating, changing attributes), not on the link itself (deleting, renaming it)
     */
    public record Event(String name, List<String> args, List<String> hidden, Rule rule, List<Integer> paths,
                        PolicyKey<?> key, boolean negotiable, boolean followsLinks) {
        /** The arguments a denial shows, of all those raised. */
        public List<Object> shown(List<Object> raised) {
            return raised.size() > args.size() ? raised.subList(0, args.size()) : raised;
        }

        /**
         * Whether the event changes what a path resolves to: the path events that act on names
         * (delete, make, move, copy, link) rather than through them (write, change attributes).
         */
        public boolean changesTree() {
            return (rule == Rule.PARENT_IN_ROOTS || rule == Rule.LINK_IN_ROOTS) && !followsLinks;
        }
    }

    private static Event event(String name, List<String> args, Rule rule, PolicyKey<?> key) {
        return new Event(name, args, List.of(), rule, List.of(), key, true, false);
    }

    private static Event event(String name, List<String> args, List<String> hidden, Rule rule, PolicyKey<?> key,
                               boolean negotiable) {
        return new Event(name, args, hidden, rule, List.of(), key, negotiable, false);
    }

    /** An operation on the path itself: creating, deleting or renaming it, or a link there. */
    private static Event pathEvent(String name, List<String> args, Rule rule, List<Integer> paths) {
        return new Event(name, args, List.of(), rule, paths, PolicyKeys.ROOTS, true, false);
    }

    /** An operation on what the path leads to: a link there is followed, as the OS follows it. */
    private static Event followingPathEvent(String name, List<String> args) {
        return new Event(name, args, List.of(), Rule.PARENT_IN_ROOTS, List.of(0), PolicyKeys.ROOTS, true, true);
    }

    /** Raised by the kernel itself, for the dependency magics' work. */
    public static final String DEPENDENCY_RESOLVE = "dependency.resolve";

    /** Events the kernel raises itself rather than a hook in the JDK. */
    public static final Set<String> RAISED_BY_KERNEL = Set.of(DEPENDENCY_RESOLVE);

    public static final List<Event> ALL = List.of(
            followingPathEvent("file.write", List.of("path", "mode")),
            pathEvent("file.delete", List.of("path"), Rule.PARENT_IN_ROOTS, List.of(0)),
            pathEvent("file.mkdir", List.of("path"), Rule.PARENT_IN_ROOTS, List.of(0)),
            pathEvent("file.move", List.of("source", "target"), Rule.PARENT_IN_ROOTS, List.of(0, 1)),
            pathEvent("file.copy", List.of("source", "target"), Rule.PARENT_IN_ROOTS, List.of(1)),
            pathEvent("file.link", List.of("link", "target"), Rule.LINK_IN_ROOTS, List.of(0)),
            followingPathEvent("file.attr", List.of("path", "attribute")),
            new Event("file.read", List.of("path", "how"), List.of(), Rule.READ_IN_ROOTS, List.of(0),
                    PolicyKeys.READ_ROOTS, true, true),
            event("process.start", List.of("command", "directory"), Rule.DENY, PolicyKeys.ALLOW),
            event("process.kill", List.of("pid"), Rule.DENY, PolicyKeys.ALLOW),
            event("runtime.exit", List.of("status"), Rule.DENY, PolicyKeys.ALLOW),
            event("runtime.signal", List.of("signal", "action"), Rule.DENY, PolicyKeys.ALLOW),
            event("native.load", List.of("library"), Rule.DENY, PolicyKeys.ALLOW),
            event("native.call", List.of("caller", "callee"), List.of("method"), Rule.MONITORED_CALL,
                    PolicyKeys.MONITOR_CALLS, true),
            event("net.connect", List.of("host", "port"), List.of("address"), Rule.NET_LIST, PolicyKeys.NET, true),
            event("net.listen", List.of("host", "port"), List.of("address"), Rule.NET_LIST, PolicyKeys.NET, true),
            event(DEPENDENCY_RESOLVE, List.of("coordinate", "repository"), Rule.MAVEN_LIST, PolicyKeys.MAVEN),
            event("sys.property", List.of("key", "value"), Rule.SENSITIVE_PROPERTY, PolicyKeys.ALLOW),
            event("sys.stream", List.of("which"), Rule.DENY, PolicyKeys.ALLOW),
            event("reflect.access", List.of("target"), Rule.GUARD_TARGET, PolicyKeys.ALLOW),
            event("jvm.diagnostic", List.of("command", "arguments"), Rule.UNJUDGEABLE, PolicyKeys.ALLOW),
            event("thread.modify", List.of("thread", "action"), List.of(), Rule.KERNEL_THREAD, null, false),
            event("audit.config", List.of("what"), List.of(), Rule.DENY, null, false));

    public static final Map<String, Event> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Event::name, Function.identity()));

    /**
     * System properties that steer paths, security or class loading; a cell may not set them. Entries
     * ending in {@code .} are prefixes; {@code *} is a change to every property at once
     * ({@code System.setProperties}, clearing the table). Of the JDK's {@code sun.*} keys only those of
     * its launcher, file-name encoding, security and reflection count: libraries set the networking
     * ones ({@code sun.net.http.allowRestrictedHeaders}, jsoup's) as ordinary configuration.
     */
    public static final Set<String> SENSITIVE_PROPERTIES = Set.of("*",
            "user.dir", "user.home", "java.io.tmpdir", "java.home", "java.class.path", "java.library.path",
            "jdk.module.path", "java.system.class.loader", "java.security.", "java.util.prefs.", "jdk.", "jaudit.",
            "sun.boot.", "sun.java.", "sun.jnu.", "sun.security.", "sun.misc.", "sun.reflect.");

    /**
     * The {@code maven} list a policy has when it names none: Maven Central and the local repository,
     * any coordinate. An entry with {@code ://} (or {@link #LOCAL_REPOSITORY}) is a repository, any
     * other a {@code group:artifact[:version]} pattern.
     */
    public static final List<String> DEFAULT_MAVEN = List.of("https://repo.maven.apache.org/maven2*", "local");

    /** How {@code dependency.resolve} names the user's local repository (~/.m2/repository). */
    public static final String LOCAL_REPOSITORY = "local";

    /** Where the JDK keeps files of its own, under names it picks. */
    public enum JdkFolder {
        /** The JVM's temp dir itself ({@code java.io.tmpdir}, not its subfolders): scratch files. */
        TEMP_DIR,
        /**
         * The JDK's per-user folder, {@code ~/.java}, and everything below it: the font configuration
         * cache and the user preferences store, created on first use.
         */
        USER_STATE
    }

    /**
     * JDK code that writes files of the JDK's own, and the folder it writes them in.
     *
     * @param code a class, or {@code class.method}, as stack frames name it: this code and its nested
     *     classes' (a frame whose {@code class.method} starts with it)
     */
    public record JdkWriter(String code, JdkFolder folder) {
        public boolean wrote(String frameClassAndMethod) {
            return frameClassAndMethod.startsWith(code);
        }
    }

    /**
     * The JDK's own files: a write, delete or folder made by one of these, in its folder and nowhere
     * else, is allowed whatever the roots, for ordinary work such as encoding an image into memory or
     * reading a preference. The cell chooses neither the folder nor the name.
     */
    public static final List<JdkWriter> JDK_OWN_FILES = List.of(
            new JdkWriter("javax.imageio.stream.FileCacheImageOutputStream.<init>", JdkFolder.TEMP_DIR),
            new JdkWriter("javax.imageio.stream.FileCacheImageOutputStream.close", JdkFolder.TEMP_DIR),
            new JdkWriter("javax.imageio.stream.FileCacheImageInputStream.<init>", JdkFolder.TEMP_DIR),
            new JdkWriter("javax.imageio.stream.FileCacheImageInputStream.close", JdkFolder.TEMP_DIR),
            new JdkWriter("java.awt.Font.createFont0", JdkFolder.TEMP_DIR),
            new JdkWriter("java.awt.Font$1.run", JdkFolder.TEMP_DIR),
            new JdkWriter("sun.net.www.protocol.jar.URLJarFile.retrieve", JdkFolder.TEMP_DIR),
            new JdkWriter("sun.net.www.protocol.jar.URLJarFile$1.run", JdkFolder.TEMP_DIR),
            new JdkWriter("sun.net.www.protocol.jar.URLJarFile.close", JdkFolder.TEMP_DIR),
            new JdkWriter("sun.font.FcFontConfiguration.writeFcInfo", JdkFolder.USER_STATE),
            new JdkWriter("java.util.prefs.FileSystemPreferences", JdkFolder.USER_STATE));

    /** The JDK's per-user folder, under the user's home (see {@link JdkFolder#USER_STATE}). */
    public static final String JDK_USER_FOLDER = ".java";

    /**
     * Files a write may always open: devices that discard what they are given, and the process's own
     * standard output and error (the kernel's console). Writing there changes no file.
     */
    public static final Set<String> WRITE_SINKS = Set.of("/dev/null", "/dev/zero", "/dev/stdout", "/dev/stderr",
            "/proc/self/fd/1", "/proc/self/fd/2");

    /**
     * Packages whose reads are the kernel's compiler at work (JShell reading the class path to
     * compile a cell), not the cell reading a file: under {@code read_roots} they are allowed.
     */
    public static final List<String> COMPILER_PACKAGES = List.of("jdk.jshell.");

    /** Events the JDK's own files may raise. */
    public static final Set<String> JDK_FILE_EVENTS = Set.of("file.write", "file.delete", "file.mkdir", "file.move", "file.attr");

    /**
     * Class-name prefixes that {@code reflect.access} guards, besides the guard's own (see {@link CodeOrigins}).
     * {@code sun.misc.Unsafe} is not one: half the ecosystem (Gson, protobuf, Kryo, ClassGraph) obtains
     * it to allocate objects and read its own fields; what it is used on, a field of the guard's, is judged.
     */
    public static final List<String> GUARDED_CLASSES = List.of("jdk.internal.misc.Unsafe");

    public static boolean sensitiveProperty(String key) {
        for (String s : SENSITIVE_PROPERTIES) {
            if (s.endsWith(".") ? key.startsWith(s) : key.equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a {@code maven} entry names a repository rather than a coordinate pattern. */
    public static boolean repositoryEntry(String entry) {
        return entry.contains("://") || entry.equals(LOCAL_REPOSITORY);
    }

    public static boolean guardedClass(String className) {
        if (CodeOrigins.isGuard(className)) {
            return true;
        }
        for (String prefix : GUARDED_CLASSES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
