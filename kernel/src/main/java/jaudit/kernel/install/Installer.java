package jaudit.kernel.install;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import jaudit.policy.PolicyKeys;

/**
 * Writes the kernelspec: kernel.json from the template, the logos, and a copy of this jar, so the
 * installed kernel does not depend on the build tree. The kernel runs with the absolute path of the
 * chosen java, never whatever {@code java} comes first on PATH.
 */
public final class Installer {
    static final String JAR_NAME = "jaudit-kernel.jar";
    private static final String RESOURCES = "/jaudit/kernelspec/";
    private static final List<String> LOGOS = List.of("logo-32x32.png", "logo-64x64.png");

    private final InstallOptions options;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Installer(InstallOptions options) {
        this.options = options;
    }

    public String install() throws IOException {
        Path jar = KernelspecFolder.runningJar();
        if (options.enterpriseGateway()) {
            return new GatewayKernelspecs(options).install(jar, LOGOS);
        }
        Path dir = KernelDirectories.kernelsDir(options).resolve(options.name());
        Files.createDirectories(dir);
        Files.copy(jar, dir.resolve(JAR_NAME), StandardCopyOption.REPLACE_EXISTING);
        for (String logo : LOGOS) {
            try (InputStream in = Installer.class.getResourceAsStream(RESOURCES + logo)) {
                if (in != null) {
                    Files.copy(in, dir.resolve(logo), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        List<String> archiveFlags = StartupArchive.create(options.java(), dir, dir.resolve(JAR_NAME));
        json.writeValue(dir.resolve("kernel.json").toFile(), kernelJson(archiveFlags, dir));
        return "Installed kernelspec " + options.name() + " in " + dir + " (java: " + options.java() + ")";
    }

    public String uninstall() throws IOException {
        Path dir = KernelDirectories.kernelsDir(options).resolve(options.name());
        if (!Files.isDirectory(dir)) {
            return "No kernelspec " + options.name() + " in " + dir.getParent();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return "Removed kernelspec " + options.name() + " from " + dir;
    }

    private ObjectNode kernelJson(List<String> jvmFlags, Path dir) throws IOException {
        ObjectNode spec;
        try (InputStream in = Installer.class.getResourceAsStream(RESOURCES + "kernel.json")) {
            if (in == null) {
                throw new IOException("the kernel.json template is missing from the jar");
            }
            spec = (ObjectNode) json.readTree(in);
        }
        ArrayNode template = (ArrayNode) spec.get("argv");
        ArrayNode argv = spec.putArray("argv");
        for (int i = 0; i < template.size(); i++) {
            if (template.get(i).asText().equals("@JAVA@")) {
                argv.add(options.java().toString());
                jvmFlags.forEach(flag -> argv.add(KernelspecFolder.argvElement(flag, dir)));
            } else {
                argv.add(KernelspecFolder.argvElement(template.get(i).asText(), dir));
            }
        }
        spec.put("display_name", options.displayName());
        ObjectNode metadata = spec.with("metadata");
        if (!metadata.has("audit")) {
            // Audited by default: writable in the notebook's folder and the JVM's temp dir.
            metadata.set("audit", json.valueToTree(PolicyKeys.inKernelJson(
                    Path.of(System.getProperty("java.io.tmpdir")))));
        }
        return spec;
    }
}
