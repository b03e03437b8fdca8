package jaudit.kernel.install;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernelspec's folder, as kernel.json's argv names it. Jupyter clients replace
 * {@code {resource_dir}} there with the folder of the kernelspec they start, but not every client
 * does (VS Code before early 2025 passes it on as it is). So the installer writes the paths into the
 * folder (the jar, the start-up archive) absolute, and keeps the placeholder only as the argument
 * that tells the kernel where its kernel.json, and with it its policy, lies: a copy of the folder,
 * made to hold another policy, is then read as the copy, and a client that leaves the argument
 * unreplaced gets the folder of the jar it runs, never a policy other than the kernelspec's.
 */
public final class KernelspecFolder {
    static final String PLACEHOLDER = "{resource_dir}";

    private KernelspecFolder() {
    }

    /** An argv element as the installer writes it for a kernelspec installed in {@code folder}. */
    static String argvElement(String element, Path folder) {
        return element.equals(PLACEHOLDER) ? element : element.replace(PLACEHOLDER, folder.toString());
    }

    /**
     * The folder a kernel was started from: its argument, or, where the client left the placeholder
     * unreplaced, the folder of the running jar.
     */
    public static Path of(String argument) throws IOException {
        return argument.equals(PLACEHOLDER) ? runningJar().getParent() : Path.of(argument);
    }

    static Path runningJar() throws IOException {
        try {
            Path location = Path.of(KernelspecFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                throw new IOException("this must run from the kernel jar (java -jar jaudit-kernel.jar ...),"
                        + " not from " + location);
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the kernel jar", e);
        }
    }
}
