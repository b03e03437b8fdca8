package jaudit.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The writable-root check behind every path event: a mutation is allowed when the directory it
 * changes lies inside a root. That directory is the one the OS will act in: the path is resolved as
 * the OS resolves it, each link before the {@code ..} that follows it (so {@code root/data/../x}
 * with {@code data} a link to a folder outside lands outside), and, for operations that follow a
 * link in the final place (writing, truncating, changing attributes), that link too, dangling or
 * not. Java has no chdir, so relative paths resolve against the kernel's working directory, as the
 * JDK resolves them.
 */
public final class WriteRootRule {
    /** As many links as Linux follows in one lookup before it gives up with ELOOP. */
    private static final int MAX_LINKS = 40;

    private WriteRootRule() {
    }

    /** Whether a change of {@code path} itself (deleting it, renaming it, making it) is inside a root. */
    public static boolean allows(List<Path> roots, String path) {
        return allows(roots, path, false, null);
    }

    /**
     * @param followsLinks whether the operation acts on what a link in the final place leads to (a
     *     write, a truncation, an attribute change) rather than on the link itself
     * @param folders the folders resolved for earlier events of the same cell, or null to resolve afresh
     */
    public static boolean allows(List<Path> roots, String path, boolean followsLinks, FolderResolutions folders) {
        Path absolute = absolute(path);
        if (absolute == null) {
            return false;
        }
        Path place = located(absolute, folders);
        Path target = followsLinks ? followed(place) : place;
        Path parent = target.getParent();
        return inside(roots, parent == null ? target : parent);
    }

    /** Whether a write to {@code path} would only reach a device that discards it or the process's own console. */
    public static boolean writeSink(String path) {
        Path absolute = absolute(path);
        return absolute != null && AuditEvents.WRITE_SINKS.contains(absolute.normalize().toString());
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
        if (!targetPath.isAbsolute()) {
            targetPath = located(linkPath).getParent().resolve(targetPath);
        }
        return inside(roots, followed(located(targetPath)));
    }

    /** The path itself with symlinks resolved (reads judge the file, not its folder), or null when it is no path. */
    public static Path resolved(String path) {
        Path absolute = absolute(path);
        return absolute == null ? null : realPath(absolute);
    }

    /** Absolute, but not normalised: a {@code ..} means nothing until the link before it is resolved. */
    private static Path absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The place the OS will name by {@code path}: its folder resolved, its last name as it is. */
    private static Path located(Path path) {
        return located(path, null);
    }

    /** As {@link #located(Path)}, resolving the folder through those resolved before, if any. */
    private static Path located(Path path, FolderResolutions folders) {
        Path parent = path.getParent();
        Path name = path.getFileName();
        if (parent == null || name == null) {
            return path;
        }
        return (folders == null ? realPath(parent) : folders.realFolder(parent)).resolve(name).normalize();
    }

    /** Where a located place leads once every link in its final place is followed, dangling ones included. */
    private static Path followed(Path located) {
        Path place = located;
        for (int hops = 0; hops < MAX_LINKS && Files.isSymbolicLink(place); hops++) {
            try {
                place = located(place.getParent().resolve(Files.readSymbolicLink(place)));
            } catch (IOException | RuntimeException unreadable) {
                return place;
            }
        }
        return place;
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

    /**
     * The path with every existing part's symlinks resolved, as the OS resolves them (a link before
     * a {@code ..}); parts that do not exist yet are kept as written, without their {@code ..}s.
     */
    public static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath();
        // Ask for the real path first: in the common case (the folder exists) that is one call.
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                Path real = existing.toRealPath();
                return existing == absolute ? real : real.resolve(existing.relativize(absolute)).normalize();
            } catch (IOException missing) {
                // Not there (yet): resolve the nearest part that is.
            }
        }
        return absolute.normalize();
    }
}
