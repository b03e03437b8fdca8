package jaudit.policy;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The check behind {@code file.read} when a policy has {@code read_roots}: a file may be read, or a
 * folder listed, when it lies inside a read root, a write root, or one of the places the JVM and
 * its libraries read for themselves (the system's shared folders, the JDK, the kernel's class path
 * and the local Maven repository), so that limiting reads breaks no ordinary Java.
 */
public final class ReadRootRule {
    /** System folders of programs, configuration and devices, read by the JDK for fonts, time zones, randomness. */
    public static final List<String> SYSTEM_READ_ROOTS = List.of("/usr", "/etc", "/lib", "/lib64", "/bin", "/sbin",
            "/proc", "/sys", "/dev");

    /**
     * Files the JDK reads from the user's home for itself: its per-user folder (the font configuration
     * cache, the user preferences), AWT's accessibility settings.
     */
    public static final List<String> JDK_USER_FILES = List.of(AuditEvents.JDK_USER_FOLDER, ".accessibility.properties");

    private static final List<Path> JVM_READ_ROOTS = jvmReadRoots();

    private ReadRootRule() {
    }

    public static boolean allows(AuditPolicy policy, String path) {
        if (policy.readRoots().isEmpty()) {
            return true;
        }
        Path real = WriteRootRule.resolved(path);
        return real != null && (WriteRootRule.inside(policy.readRoots().get(), real)
                || WriteRootRule.inside(policy.roots(), real) || WriteRootRule.inside(JVM_READ_ROOTS, real));
    }

    private static List<Path> jvmReadRoots() {
        List<Path> roots = new ArrayList<>();
        SYSTEM_READ_ROOTS.forEach(r -> roots.add(WriteRootRule.realPath(Path.of(r))));
        roots.add(WriteRootRule.realPath(Path.of(System.getProperty("java.home"))));
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                roots.add(WriteRootRule.realPath(Path.of(entry)));
            }
        }
        Path home = Path.of(System.getProperty("user.home"));
        roots.add(WriteRootRule.realPath(home.resolve(".m2/repository")));
        JDK_USER_FILES.forEach(f -> roots.add(WriteRootRule.realPath(home.resolve(f))));
        return List.copyOf(roots);
    }
}
