package jaudit.policy;

import java.io.IOException;
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
        Path absolute = absolute(path);
        if (absolute == null) {
            return false;
        }
        Path parent = absolute.getParent();
        return inside(roots, realPath(parent == null ? absolute : parent));
    }

    /** Whether a write to {@code path} would only reach a device that discards it or the process's own console. */
    public static boolean writeSink(String path) {
        Path absolute = absolute(path);
        return absolute != null && AuditEvents.WRITE_SINKS.contains(absolute.toString());
    }

    /**
     * Whether a link's target, itself and not its parent, resolves inside a root: a link inside a
     * root must not lead out of the roots. A relative target is taken from the link's folder.
     */
    public static boolean targetAllowed(List<Path> roots, String link, String target) {
        Path linkPath = absolute(link);
        Path targetPath;
        try {
            targetPath = Path.of(target);
        } catch (RuntimeException e) {
            return false;
        }
        if (linkPath == null) {
            return false;
        }
        if (!targetPath.isAbsolute() && linkPath.getParent() != null) {
            targetPath = linkPath.getParent().resolve(targetPath);
        }
        return inside(roots, realPath(targetPath));
    }

    /** The path itself with symlinks resolved (reads judge the file, not its folder), or null when it is no path. */
    public static Path resolved(String path) {
        Path absolute = absolute(path);
        return absolute == null ? null : realPath(absolute);
    }

    private static Path absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether a resolved path lies inside one of {@code roots}. */
    public static boolean inside(List<Path> roots, Path real) {
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    /** The path with every existing part's symlinks resolved; parts that do not exist yet are kept as written. */
    public static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        // Ask for the real path first: in the common case (the folder exists) that is one call.
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                Path real = existing.toRealPath();
                return existing == absolute ? real : real.resolve(existing.relativize(absolute)).normalize();
            } catch (IOException missing) {
                // Not there (yet): resolve the nearest part that is.
            }
        }
        return absolute;
    }
}
