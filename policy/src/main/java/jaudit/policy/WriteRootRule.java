package jaudit.policy;

import java.nio.file.Path;
import java.util.List;

/**
 * The writable-root check behind every path event: a mutation is allowed when the directory it
 * changes (the path's parent, symlinks resolved) lies inside a root. Java has no chdir, so relative
 * paths resolve against the kernel's working directory, as the JDK resolves them.
 */
public final class WriteRootRule {
    private WriteRootRule() {
    }

    public static boolean allows(List<Path> roots, String path) {
        Path p;
        try {
            p = Path.of(path);
        } catch (RuntimeException e) {
            return false;
        }
        Path absolute = p.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        Path real = AuditPolicy.realPath(parent == null ? absolute : parent);
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return true;
            }
        }
        return false;
    }
}
