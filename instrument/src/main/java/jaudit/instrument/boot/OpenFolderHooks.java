package jaudit.instrument.boot;

import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.StringJoiner;
import java.util.WeakHashMap;

/**
 * A {@code SecureDirectoryStream} opens, deletes and moves files by names relative to the folder it
 * holds open, through the {@code *at} system calls, past the path funnels. Its folder is recorded
 * when it is opened, so each of those operations is judged as the same operation on the full path.
 */
public final class OpenFolderHooks {
    private static final String STREAM = "sun/nio/fs/UnixSecureDirectoryStream";
    private static final Set<StandardOpenOption> WRITING = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);
    private static final WeakHashMap<Object, Path> FOLDERS = new WeakHashMap<>();

    private OpenFolderHooks() {
    }

    @Hook(owner = STREAM, method = "<init>", descriptor = "(Lsun/nio/fs/UnixPath;JILjava/nio/file/DirectoryStream$Filter;)V",
            args = {Hook.THIS, 0})
    public static void opened(Object stream, Object folder) {
        if (Bridge.active && folder instanceof Path path) {
            synchronized (FOLDERS) {
                FOLDERS.put(stream, path);
            }
        }
    }

    @Hook(owner = STREAM, method = "newByteChannel",
            descriptor = "(Ljava/nio/file/Path;Ljava/util/Set;[Ljava/nio/file/attribute/FileAttribute;)"
                    + "Ljava/nio/channels/SeekableByteChannel;", args = {Hook.THIS, 0, 1})
    public static void open(Object stream, Path file, Set<? extends OpenOption> options) {
        if (!Bridge.active) {
            return;
        }
        if (options != null && options.stream().anyMatch(WRITING::contains)) {
            EventRaiser.raise("file.write", inFolder(stream, file), mode(options));
        } else if (Bridge.readsAudited) {
            EventRaiser.raise("file.read", inFolder(stream, file), "read");
        }
    }

    @Hook(owner = STREAM, method = "newDirectoryStream",
            descriptor = "(Ljava/nio/file/Path;[Ljava/nio/file/LinkOption;)Ljava/nio/file/SecureDirectoryStream;",
            args = {Hook.THIS, 0})
    public static void list(Object stream, Path folder) {
        if (Bridge.readsAudited && Bridge.active) {
            EventRaiser.raise("file.read", inFolder(stream, folder), "list");
        }
    }

    @Hook(owner = STREAM, method = "deleteFile", descriptor = "(Ljava/nio/file/Path;)V", args = {Hook.THIS, 0})
    @Hook(owner = STREAM, method = "deleteDirectory", descriptor = "(Ljava/nio/file/Path;)V", args = {Hook.THIS, 0})
    public static void delete(Object stream, Path file) {
        if (Bridge.active) {
            EventRaiser.raise("file.delete", inFolder(stream, file));
        }
    }

    @Hook(owner = STREAM, method = "move",
            descriptor = "(Ljava/nio/file/Path;Ljava/nio/file/SecureDirectoryStream;Ljava/nio/file/Path;)V",
            args = {Hook.THIS, 0, 1, 2})
    public static void move(Object stream, Path source, Object targetStream, Path target) {
        if (Bridge.active) {
            EventRaiser.raise("file.move", inFolder(stream, source),
                    inFolder(targetStream == null ? stream : targetStream, target));
        }
    }

    /** The file's full path: a relative name is taken from the stream's folder, an absolute one as it is. */
    private static String inFolder(Object stream, Path file) {
        if (file == null || file.isAbsolute()) {
            return String.valueOf(file);
        }
        Path folder;
        synchronized (FOLDERS) {
            folder = FOLDERS.get(stream);
        }
        return folder == null ? String.valueOf(file) : folder.resolve(file).toString();
    }

    private static String mode(Set<? extends OpenOption> options) {
        StringJoiner mode = new StringJoiner(",");
        for (OpenOption option : options) {
            mode.add(option.toString().toLowerCase(java.util.Locale.ROOT));
        }
        return mode.toString();
    }
}
