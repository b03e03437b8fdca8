package jaudit.kernel.deps;

import static jaudit.kernel.deps.FileRepository.dependencies;
import static jaudit.kernel.deps.FileRepository.dependency;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver inside the shaded kernel jar, in a JVM of its own with nothing else on the class
 * path: MIMA finds its runtime through the merged service files, the file and HTTP transports and
 * Maven's model reader and builder are there, and the libraries' logging stays silent. Run by
 * failsafe after the jar is packaged ({@code jaudit.kernel.jar} names it).
 */
class ShadedJarIT {
    private static final String PROBE = """
            import jaudit.kernel.deps.*;
            import java.nio.file.*;
            import java.util.*;

            public class Probe {
                public static void main(String[] args) throws Exception {
                    try (MavenResolver resolver = new MavenResolver(Path.of(args[0]), Path.of(args[1]), false)) {
                        Resolution resolution = args[2].equals("pom")
                                ? resolver.resolvePom(Files.readString(Path.of(args[3])), Check.ALLOW_ALL, line -> { })
                                : resolver.resolve(List.of(args[3]), Check.ALLOW_ALL, line -> { });
                        resolution.coordinates().forEach(System.out::println);
                        resolution.conflicts().forEach(System.out::println);
                    } catch (ResolutionException e) {
                        System.out.println(e.getMessage());
                    }
                }
            }
            """;

    @TempDir
    Path temp;

    private Path jar;
    private Path settings;

    @BeforeEach
    void repository() throws IOException {
        String name = System.getProperty("jaudit.kernel.jar", "target/jaudit-kernel.jar");
        jar = Path.of(name).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the shaded jar " + jar + " is missing: run mvn package first");
        FileRepository remote = new FileRepository(Files.createDirectory(temp.resolve("remote")));
        remote.add("test:app:1.0", dependencies(dependency("test:lib:1.0"), dependency("test:mid:1.0")));
        remote.add("test:mid:1.0", dependencies(dependency("test:lib:2.0")));
        remote.add("test:lib:1.0");
        remote.add("test:lib:2.0");
        settings = FileRepository.settingsWithMirror(temp.resolve("settings.xml"), "test-mirror", "central",
                remote.url());
        Files.writeString(temp.resolve("Probe.java"), PROBE, StandardCharsets.UTF_8);
    }

    private List<String> probe(Path settingsFile, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", jar.toString(), temp.resolve("Probe.java").toString(),
                settingsFile.toString(), temp.resolve("local").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(temp.resolve("stderr.txt").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe did not finish");
        String err = Files.readString(temp.resolve("stderr.txt"));
        assertEquals(0, process.exitValue(), out + err);
        assertEquals("", err, "nothing on stderr (no SLF4J warnings, no library logs)");
        return out.lines().toList();
    }

    @Test
    void resolvesCoordinatesAndPomCellsFromTheShadedJar() throws Exception {
        assertEquals(List.of("test:app:1.0", "test:lib:1.0", "test:mid:1.0",
                "test:lib: 1.0 chosen, 2.0 (wanted by test:mid:1.0) omitted"), probe(settings, "coordinates", "test:app:1.0"));

        Path pom = Files.writeString(temp.resolve("cell.xml"),
                "<project><modelVersion>4.0.0</modelVersion><groupId>me</groupId><artifactId>cell</artifactId>"
                        + "<version>1</version><properties><v>2.0</v></properties>"
                        + dependencies(dependency("test:lib:${v}")) + "</project>");
        assertEquals(List.of("test:lib:2.0"), probe(settings, "pom", pom.toString()));
    }

    @Test
    void theHttpTransportIsThereAndAnUnreachableRepositoryIsReported() throws Exception {
        Path closed = FileRepository.settingsWithMirror(temp.resolve("closed.xml"), "closed", "*", "http://127.0.0.1:9/");
        List<String> out = probe(closed, "coordinates", "test:app:1.0");
        assertEquals(1, out.size(), out::toString);
        assertTrue(out.get(0).startsWith("Could not resolve test:app:1.0: test:app:pom:1.0 could not be downloaded"
                + " from closed (http://127.0.0.1:9/): "), out.get(0));
    }
}
