package jaudit.kernel.jshell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The class path javac compiles cells against: only the public display API, copied out of the
 * kernel jar into a folder named after its content, so cells never compile against the kernel's
 * internals or libraries.
 */
final class ApiClassPath {
    private static final List<String> CLASSES = List.of(
            "jaudit/kernel/display/Display.class", "jaudit/kernel/display/DisplaySink.class",
            "jaudit/kernel/display/DisplayData.class", "jaudit/kernel/display/Renderer.class",
            "jaudit/kernel/jshell/CellValue.class", "jaudit/kernel/jshell/CellValue$Value.class",
            "jaudit/kernel/jshell/CellValue$Effect.class");

    private ApiClassPath() {
    }

    static Path folder() {
        try {
            byte[][] contents = new byte[CLASSES.size()][];
            CRC32 crc = new CRC32();
            for (int i = 0; i < CLASSES.size(); i++) {
                try (InputStream in = ApiClassPath.class.getClassLoader().getResourceAsStream(CLASSES.get(i))) {
                    if (in == null) {
                        throw new IOException(CLASSES.get(i) + " is missing from the kernel");
                    }
                    contents[i] = in.readAllBytes();
                }
                crc.update(contents[i]);
            }
            Path folder = Path.of(System.getProperty("java.io.tmpdir"),
                    "jaudit-api-" + Long.toHexString(crc.getValue()));
            if (Files.isDirectory(folder)) {
                return folder;
            }
            Path staging = Files.createTempDirectory(folder.getParent(), "jaudit-api-staging");
            for (int i = 0; i < CLASSES.size(); i++) {
                Path target = staging.resolve(CLASSES.get(i));
                Files.createDirectories(target.getParent());
                Files.write(target, contents[i]);
            }
            try {
                Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isDirectory(folder)) {
                    throw raced;
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the display API for cells", e);
        }
    }
}
