package jaudit.kernel.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jaudit.kernel.audit.PolicyFile;
import jaudit.policy.PolicyException;
import jaudit.policy.PolicyKeys;

/**
 * {@code install --enterprise-gateway}: kernelspecs for Enterprise Gateway's process proxies, with
 * the policy in what EG hands the remote kernel (a remote kernel cannot read the host's kernelspec).
 * {@code <name>_distributed} runs the jar on EG's remote hosts over SSH ({@code DistributedProcessProxy},
 * the policy in the argv); {@code <name>_kubernetes} runs the kernel image in a pod
 * ({@code KubernetesProcessProxy}, the policy in the env that EG's launcher copies into the pod).
 */
final class GatewayKernelspecs {
    private static final String RESOURCES = "/jaudit/kernelspec/";
    private static final String GATEWAY = RESOURCES + "enterprise-gateway/";
    /** Copied beside the Kubernetes kernelspec, to build its image from. */
    private static final List<String> IMAGE_FILES = List.of("Dockerfile", "bootstrap-kernel.sh");
    private final InstallOptions options;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    GatewayKernelspecs(InstallOptions options) {
        this.options = options;
    }

    String install(Path jar, List<String> logos) throws IOException {
        String policy = policy();
        List<String> done = new ArrayList<>();
        for (String kind : List.of("distributed", "kubernetes")) {
            Path dir = KernelDirectories.kernelsDir(options).resolve(options.name() + "_" + kind);
            Files.createDirectories(dir);
            for (String logo : logos) {
                copy(RESOURCES + logo, dir.resolve(logo));
            }
            ObjectNode spec = (ObjectNode) read(GATEWAY + kind + ".json");
            ArrayNode argv = (ArrayNode) spec.get("argv");
            for (int i = 0; i < argv.size(); i++) {
                // {resource_dir} stays: Enterprise Gateway replaces it itself, on the host the kernelspec
                // is finally copied to, wherever it was installed first.
                argv.set(i, TextNode.valueOf(argv.get(i).asText().replace("@JAVA@", options.java().toString())
                        .replace("@POLICY@", policy)));
            }
            if (spec.has("env")) {
                ObjectNode env = (ObjectNode) spec.get("env");
                env.fieldNames().forEachRemaining(name -> env.put(name, env.get(name).asText().replace("@POLICY@", policy)));
            }
            if (kind.equals("distributed")) {
                Files.copy(jar, dir.resolve(Installer.JAR_NAME), StandardCopyOption.REPLACE_EXISTING);
            } else {
                for (String file : IMAGE_FILES) {
                    copy(GATEWAY + file, dir.resolve(file));
                }
                dir.resolve("bootstrap-kernel.sh").toFile().setExecutable(true);
            }
            json.writeValue(dir.resolve("kernel.json").toFile(), spec);
            done.add(dir.toString());
        }
        return "Installed Enterprise Gateway kernelspecs in " + String.join(" and ", done) + " (policy: " + policy + ")";
    }

    /** The policy given, checked as the remote kernel will check it; else what a new local kernelspec states. */
    private String policy() throws IOException {
        if (options.policy() != null) {
            try {
                PolicyFile.parse(json, options.policy(), Path.of("").toAbsolutePath());
            } catch (PolicyException e) {
                throw new IllegalArgumentException("--policy: " + e.getMessage());
            }
            return new ObjectMapper().writeValueAsString(json.readTree(options.policy()));
        }
        Map<String, Object> standard = PolicyKeys.inKernelJson(Path.of(System.getProperty("java.io.tmpdir")));
        return new ObjectMapper().writeValueAsString(standard);
    }

    private JsonNode read(String resource) throws IOException {
        try (InputStream in = GatewayKernelspecs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the jar");
            }
            return json.readTree(in);
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = GatewayKernelspecs.class.getResourceAsStream(resource)) {
            if (in != null) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
