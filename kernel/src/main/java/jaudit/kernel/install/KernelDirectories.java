package jaudit.kernel.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Jupyter's kernelspec directories, as jupyter_core computes them. */
final class KernelDirectories {
    private KernelDirectories() {
    }

    static Path kernelsDir(InstallOptions options) throws IOException {
        return switch (options.location()) {
            case USER -> userDataDir().resolve("kernels");
            case PREFIX -> options.prefix().resolve("share").resolve("jupyter").resolve("kernels");
            case SYS_PREFIX -> pythonPrefix().resolve("share").resolve("jupyter").resolve("kernels");
        };
    }

    /**
     * The folders Jupyter looks for kernelspecs in, first match wins: {@code JUPYTER_PATH}'s entries,
     * the user's data folder, then the system's. (The Python environment's own prefix, which
     * jupyter_core also searches, takes running Python to find: its kernelspecs are reached through
     * JUPYTER_PATH.)
     */
    static List<Path> kernelSearchPath() {
        List<Path> dirs = new ArrayList<>();
        for (String entry : System.getenv().getOrDefault("JUPYTER_PATH", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                dirs.add(Path.of(entry).resolve("kernels"));
            }
        }
        dirs.add(userDataDir().resolve("kernels"));
        dirs.add(Path.of("/usr/local/share/jupyter/kernels"));
        dirs.add(Path.of("/usr/share/jupyter/kernels"));
        return dirs;
    }

    private static Path userDataDir() {
        String configured = System.getenv("JUPYTER_DATA_DIR");
        if (configured != null && !configured.isEmpty()) {
            return Path.of(configured);
        }
        // Jupyter finds a user's kernelspecs under HOME, as Python expands ~; the JVM's user.home comes
        // from the password database and differs wherever HOME was set apart (a container, a CI job).
        String homeVariable = System.getenv("HOME");
        Path home = Path.of(homeVariable == null || homeVariable.isEmpty() ? System.getProperty("user.home") : homeVariable);
        String os = System.getProperty("os.name").toLowerCase();
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Jupyter");
        }
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData == null ? home : Path.of(appData)).resolve("jupyter");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg == null || xdg.isEmpty() ? home.resolve(".local").resolve("share") : Path.of(xdg))
                .resolve("jupyter");
    }

    /**
     * sys.prefix of the Python that runs Jupyter: the interpreter named in the {@code jupyter}
     * script's first line, else {@code python3}.
     */
    private static Path pythonPrefix() throws IOException {
        String python = "python3";
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path jupyter = Path.of(dir, "jupyter");
            if (Files.isRegularFile(jupyter)) {
                String first = Files.readAllLines(jupyter, StandardCharsets.ISO_8859_1).stream().findFirst().orElse("");
                if (first.startsWith("#!") && !first.contains("env ")) {
                    python = first.substring(2).trim().split("\\s+")[0];
                }
                break;
            }
        }
        Process process = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)").start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("could not ask " + python + " for sys.prefix");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return Path.of(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }
}
