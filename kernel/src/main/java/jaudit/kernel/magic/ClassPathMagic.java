package jaudit.kernel.magic;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jaudit.kernel.jshell.CellResult;

/**
 * {@code %jars PATH...}, also spelled {@code %classpath} as in JJava: puts jars or class folders on the
 * cells' class path, for javac and for the cell class loader, whose transformer chain they pass like
 * cell code. A path's last element may be a glob ({@code lib/*.jar}); relative paths are taken from
 * the kernel's working directory. Paths are separated by white space or the platform's path separator.
 */
public final class ClassPathMagic implements Magic {
    private final String name;

    /** @param name {@code jars} or {@code classpath} */
    public ClassPathMagic(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String usage() {
        return "%" + name + " PATH... (jars or class folders; the last part of a path may be a glob: lib/*.jar)";
    }

    @Override
    public CellResult run(MagicCall call, CellScope cell) throws MagicException {
        List<Path> found = new ArrayList<>();
        for (String arg : call.args().strip().split("[\\s" + java.io.File.pathSeparator + "]+")) {
            if (!arg.isEmpty()) {
                found.addAll(matches(call, arg));
            }
        }
        if (found.isEmpty()) {
            throw MagicException.usage(this, "%" + name + " needs at least one path");
        }
        cell.addToClasspath(call, found);
        return CellResult.of(null);
    }

    private List<Path> matches(MagicCall call, String arg) throws MagicException {
        Path path = Path.of(arg).toAbsolutePath().normalize();
        String file = path.getFileName() == null ? "" : path.getFileName().toString();
        List<Path> found = new ArrayList<>();
        if (file.contains("*") || file.contains("?") || file.contains("[")) {
            try (DirectoryStream<Path> matches = Files.newDirectoryStream(path.getParent(), file)) {
                matches.forEach(found::add);
            } catch (IOException e) {
                throw new MagicException("MagicError", call.written() + ": cannot list " + path.getParent() + ": " + e);
            }
        } else if (Files.exists(path)) {
            found.add(path);
        }
        if (found.isEmpty()) {
            throw new MagicException("MagicError", call.written() + ": nothing at " + arg);
        }
        found.sort(null);
        return found;
    }
}
