package jaudit.kernel.shell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %jars PATH...}: puts jars (or class folders) on the cells' class path, for javac and for the
 * cell class loader, whose transformer chain they pass like cell code. A path's last element may be a
 * glob ({@code lib/*.jar}); relative paths are taken from the kernel's working directory.
 */
final class JarsMagic {
    static final String PREFIX = "%jars";

    private JarsMagic() {
    }

    static boolean isMagic(String line) {
        String stripped = line.strip();
        return stripped.equals(PREFIX) || stripped.startsWith(PREFIX + " ");
    }

    /** The files one {@code %jars} line names; throws naming a path that matches nothing. */
    static List<Path> paths(String line) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String arg : line.strip().substring(PREFIX.length()).strip().split("\\s+")) {
            if (arg.isEmpty()) {
                continue;
            }
            Path path = Path.of(arg).toAbsolutePath().normalize();
            String name = path.getFileName() == null ? "" : path.getFileName().toString();
            int before = found.size();
            if (name.contains("*") || name.contains("?") || name.contains("[")) {
                try (DirectoryStream<Path> matches = Files.newDirectoryStream(path.getParent(), name)) {
                    matches.forEach(found::add);
                }
            } else if (Files.exists(path)) {
                found.add(path);
            }
            if (found.size() == before) {
                throw new IOException("%jars: nothing at " + arg);
            }
        }
        if (found.isEmpty()) {
            throw new IOException("%jars needs at least one path, e.g. %jars lib/*.jar");
        }
        return found;
    }
}
