package jaudit.kernel.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An installed kernelspec, found by name as Jupyter finds it, and the command line that starts its
 * kernel on a connection file.
 *
 * @param folder the kernelspec's folder (its {@code {resource_dir}})
 * @param argv kernel.json's argv, placeholders as written
 */
public record Kernelspec(String name, Path folder, List<String> argv) {
    public Kernelspec {
        argv = List.copyOf(argv);
    }

    /** The first kernelspec called {@code name} on Jupyter's search path. */
    public static Kernelspec find(ObjectMapper json, String name) throws IOException {
        List<Path> searched = KernelDirectories.kernelSearchPath();
        for (Path dir : searched) {
            Path file = dir.resolve(name).resolve("kernel.json");
            if (Files.isRegularFile(file)) {
                JsonNode spec = json.readTree(file.toFile());
                List<String> argv = new ArrayList<>();
                spec.path("argv").forEach(a -> argv.add(a.asText()));
                if (argv.isEmpty()) {
                    throw new IOException(file + " has no argv");
                }
                return new Kernelspec(name, file.getParent(), argv);
            }
        }
        throw new IOException("no kernelspec '" + name + "' in " + searched
                + " (install one with java -jar jaudit-kernel.jar install, or set JUPYTER_PATH)");
    }

    /** The command that starts this kernel on {@code connectionFile}. */
    public List<String> command(Path connectionFile) {
        return argv.stream()
                .map(a -> a.replace("{connection_file}", connectionFile.toString())
                        .replace(KernelspecFolder.PLACEHOLDER, folder.toString()))
                .toList();
    }
}
