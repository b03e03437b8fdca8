package jaudit.instrument.boot;

import java.io.File;
import java.nio.charset.StandardCharsets;

/**
 * Adapters for every JDK funnel that writes, deletes, moves, links or changes a file: java.io's
 * streams and {@code File}, and the Unix file system provider's natives behind java.nio.
 */
public final class FileHooks {
    private static final int RAF_READ_WRITE = 2;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0x40;
    private static final int O_TRUNC = 0x200;
    private static final int O_APPEND = 0x400;
    private static final int NIO_WRITE_FLAGS = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
    private static final String DISPATCHER = "sun/nio/fs/UnixNativeDispatcher";
    private static final String UNIX_PATH = "Lsun/nio/fs/UnixPath;";
    private static final String VIEW_FILE = "file:Lsun/nio/fs/UnixPath;";

    private FileHooks() {
    }

    @Hook(owner = "java/io/FileOutputStream", method = "open", descriptor = "(Ljava/lang/String;Z)V", args = {0, 1})
    public static void fileOutputOpen(String path, boolean append) {
        if (Bridge.active) {
            EventRaiser.raise("file.write", path, append ? "append" : "write");
        }
    }

    @Hook(owner = "java/io/FileInputStream", method = "open", descriptor = "(Ljava/lang/String;)V", args = 0)
    public static void fileInputOpen(String path) {
        if (Bridge.readsAudited && Bridge.active) {
            EventRaiser.raise("file.read", path, "read");
        }
    }

    @Hook(owner = "java/io/RandomAccessFile", method = "open", descriptor = "(Ljava/lang/String;I)V", args = {0, 1})
    public static void randomAccessOpen(String path, int mode) {
        if ((mode & RAF_READ_WRITE) != 0) {
            if (Bridge.active) {
                EventRaiser.raise("file.write", path, "rw");
            }
        } else if (Bridge.readsAudited && Bridge.active) {
            EventRaiser.raise("file.read", path, "read");
        }
    }

    /**
     * Read-only opens, most of a JVM's opens, raise nothing unless a policy limits reads (one read
     * of a flag); writes raise {@code file.write}.
     */
    @Hook(owner = DISPATCHER, method = "open", descriptor = "(" + UNIX_PATH + "II)I", args = {0, 1})
    public static void nioOpen(Object unixPath, int flags) {
        if ((flags & NIO_WRITE_FLAGS) != 0) {
            if (Bridge.active) {
                EventRaiser.raise("file.write", String.valueOf(unixPath), openMode(flags));
            }
        } else if (Bridge.readsAudited && Bridge.active) {
            EventRaiser.raise("file.read", String.valueOf(unixPath), "read");
        }
    }

    /** A folder's listing, through java.nio's directory streams. */
    @Hook(owner = DISPATCHER, method = "opendir", descriptor = "(" + UNIX_PATH + ")J", args = 0)
    public static void openDirectory(Object path) {
        if (Bridge.readsAudited && Bridge.active) {
            EventRaiser.raise("file.read", String.valueOf(path), "list");
        }
    }

    /** A folder's listing, through java.io.File's list and listFiles. */
    @Hook(owner = "java/io/File", method = "normalizedList", descriptor = "()[Ljava/lang/String;", args = Hook.THIS)
    public static void fileList(File folder) {
        if (Bridge.readsAudited && Bridge.active) {
            EventRaiser.raise("file.read", folder.getPath(), "list");
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

    @Hook(owner = DISPATCHER, method = "mkdir", descriptor = "(" + UNIX_PATH + "*", args = 0)
    public static void mkdir(Object path) {
        if (Bridge.active) {
            EventRaiser.raise("file.mkdir", String.valueOf(path));
        }
    }

    @Hook(owner = DISPATCHER, method = "rmdir", descriptor = "(" + UNIX_PATH + "*", args = 0)
    @Hook(owner = DISPATCHER, method = "unlink", descriptor = "(" + UNIX_PATH + "*", args = 0)
    public static void delete(Object path) {
        if (Bridge.active) {
            EventRaiser.raise("file.delete", String.valueOf(path));
        }
    }

    /** Copies, raised with both paths before the target is opened (UnixCopyFile on 17; UnixFileSystem by 21). */
    @Hook(owner = "sun/nio/fs/UnixCopyFile", method = "copy",
            descriptor = "(" + UNIX_PATH + UNIX_PATH + "[Ljava/nio/file/CopyOption;)V", args = {0, 1}, until = 20)
    @Hook(owner = "sun/nio/fs/UnixFileSystem", method = "copy",
            descriptor = "(" + UNIX_PATH + UNIX_PATH + "[Ljava/nio/file/CopyOption;)V", args = {0, 1}, since = 21)
    public static void copy(Object source, Object target) {
        if (Bridge.active) {
            EventRaiser.raise("file.copy", String.valueOf(source), String.valueOf(target));
        }
    }

    @Hook(owner = "sun/nio/fs/UnixCopyFile", method = "move",
            descriptor = "(" + UNIX_PATH + UNIX_PATH + "[Ljava/nio/file/CopyOption;)V", args = {0, 1}, until = 20)
    @Hook(owner = "sun/nio/fs/UnixFileSystem", method = "move",
            descriptor = "(" + UNIX_PATH + UNIX_PATH + "[Ljava/nio/file/CopyOption;)V", args = {0, 1}, since = 21)
    @Hook(owner = DISPATCHER, method = "rename", descriptor = "(" + UNIX_PATH + UNIX_PATH + "*", args = {0, 1})
    public static void move(Object source, Object target) {
        if (Bridge.active) {
            EventRaiser.raise("file.move", String.valueOf(source), String.valueOf(target));
        }
    }

    /** A hard link: the new name, then the file it names. */
    @Hook(owner = DISPATCHER, method = "link", descriptor = "(" + UNIX_PATH + UNIX_PATH + "*", args = {1, 0})
    public static void link(Object link, Object existing) {
        if (Bridge.active) {
            EventRaiser.raise("file.link", String.valueOf(link), String.valueOf(existing));
        }
    }

    @Hook(owner = DISPATCHER, method = "symlink", descriptor = "([B" + UNIX_PATH + ")V", args = {0, 1})
    public static void symlink(byte[] target, Object link) {
        if (Bridge.active) {
            EventRaiser.raise("file.link", String.valueOf(link), new String(target, StandardCharsets.UTF_8));
        }
    }

    /**
     * A change to a file's attributes. Attribute views change times, modes, owners and extended
     * attributes through file descriptors, past the path-based natives; each view knows its file.
     */
    @Hook(owner = DISPATCHER, method = "chmod", descriptor = "(" + UNIX_PATH + "*", args = 0, constant = "permissions")
    @Hook(owner = DISPATCHER, method = "chown", descriptor = "(" + UNIX_PATH + "*", args = 0, constant = "owner")
    @Hook(owner = DISPATCHER, method = "lchown", descriptor = "(" + UNIX_PATH + "*", args = 0, constant = "owner")
    @Hook(owner = DISPATCHER, method = "utimes", descriptor = "(" + UNIX_PATH + "*", args = 0, constant = "times",
            until = 24)
    @Hook(owner = DISPATCHER, method = "lutimes", descriptor = "(" + UNIX_PATH + "*", args = 0, constant = "times",
            until = 24)
    @Hook(owner = DISPATCHER, method = "utimensat", descriptor = "(I" + UNIX_PATH + "*", args = 1, constant = "times",
            since = 21)
    @Hook(owner = "sun/nio/fs/UnixFileAttributeViews$Basic", method = "setTimes",
            descriptor = "(Ljava/nio/file/attribute/FileTime;Ljava/nio/file/attribute/FileTime;"
                    + "Ljava/nio/file/attribute/FileTime;)V", args = Hook.THIS_FIELD, thisField = VIEW_FILE,
            constant = "times")
    @Hook(owner = "sun/nio/fs/UnixFileAttributeViews$Posix", method = "setMode", descriptor = "(I)V",
            args = Hook.THIS_FIELD, thisField = VIEW_FILE, constant = "permissions")
    @Hook(owner = "sun/nio/fs/UnixFileAttributeViews$Posix", method = "setOwners", descriptor = "(II)V",
            args = Hook.THIS_FIELD, thisField = VIEW_FILE, constant = "owner")
    @Hook(owner = "sun/nio/fs/UnixUserDefinedFileAttributeView", method = "write",
            descriptor = "(Ljava/lang/String;Ljava/nio/ByteBuffer;)I", args = Hook.THIS_FIELD, thisField = VIEW_FILE,
            constant = "user-defined")
    @Hook(owner = "sun/nio/fs/UnixUserDefinedFileAttributeView", method = "delete", descriptor = "(Ljava/lang/String;)V",
            args = Hook.THIS_FIELD, thisField = VIEW_FILE, constant = "user-defined")
    public static void pathAttr(Object path, String attribute) {
        if (Bridge.active) {
            EventRaiser.raise("file.attr", String.valueOf(path), attribute);
        }
    }

    @Hook(owner = "java/io/File", method = "delete", descriptor = "()Z", args = Hook.THIS)
    @Hook(owner = "java/io/File", method = "deleteOnExit", descriptor = "()V", args = Hook.THIS)
    public static void fileDelete(File file) {
        if (Bridge.active) {
            EventRaiser.raise("file.delete", file.getPath());
        }
    }

    @Hook(owner = "java/io/File", method = "mkdir", descriptor = "()Z", args = Hook.THIS)
    public static void fileMkdir(File file) {
        if (Bridge.active) {
            EventRaiser.raise("file.mkdir", file.getPath());
        }
    }

    @Hook(owner = "java/io/File", method = "createNewFile", descriptor = "()Z", args = Hook.THIS)
    public static void fileCreate(File file) {
        if (Bridge.active) {
            EventRaiser.raise("file.write", file.getPath(), "create");
        }
    }

    @Hook(owner = "java/io/File", method = "setLastModified", descriptor = "(J)Z", args = Hook.THIS, constant = "times")
    @Hook(owner = "java/io/File", method = "setReadOnly", descriptor = "()Z", args = Hook.THIS, constant = "permissions")
    @Hook(owner = "java/io/File", method = "setWritable", descriptor = "(ZZ)Z", args = Hook.THIS, constant = "permissions")
    @Hook(owner = "java/io/File", method = "setReadable", descriptor = "(ZZ)Z", args = Hook.THIS, constant = "permissions")
    @Hook(owner = "java/io/File", method = "setExecutable", descriptor = "(ZZ)Z", args = Hook.THIS,
            constant = "permissions")
    public static void fileAttr(File file, String attribute) {
        if (Bridge.active) {
            EventRaiser.raise("file.attr", file.getPath(), attribute);
        }
    }

    @Hook(owner = "java/io/File", method = "renameTo", descriptor = "(Ljava/io/File;)Z", args = {Hook.THIS, 0})
    public static void fileRename(File from, File to) {
        if (Bridge.active) {
            EventRaiser.raise("file.move", from.getPath(), to == null ? null : to.getPath());
        }
    }

    @Hook(owner = "java/io/File", method = "createTempFile",
            descriptor = "(Ljava/lang/String;Ljava/lang/String;Ljava/io/File;)Ljava/io/File;", args = {0, 1, 2})
    public static void tempFile(String prefix, String suffix, File directory) {
        if (Bridge.active) {
            String dir = directory != null ? directory.getPath() : System.getProperty("java.io.tmpdir");
            EventRaiser.raise("file.write", new File(dir, prefix + "*" + (suffix == null ? ".tmp" : suffix)).getPath(),
                    "create");
        }
    }
}
