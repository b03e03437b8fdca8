package jaudit.kernel.deps;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A Maven repository in a folder, written by the test: a POM and a small jar per artifact, each with
 * its SHA-1 checksum, in the default layout, reachable as a {@code file:} URL.
 */
final class FileRepository {
    private final Path root;

    FileRepository(Path root) {
        this.root = root;
    }

    String url() {
        return TransferGate.withSlash(root.toUri().toString());
    }

    /** Adds {@code group:artifact:version} whose POM has these elements inside {@code <project>}. */
    FileRepository add(String coordinate, String... projectElements) {
        String[] gav = coordinate.split(":");
        Path folder = root.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2]);
        String base = gav[1] + "-" + gav[2];
        String pom = "<project><modelVersion>4.0.0</modelVersion><groupId>" + gav[0] + "</groupId><artifactId>"
                + gav[1] + "</artifactId><version>" + gav[2] + "</version>" + String.join("", projectElements)
                + "</project>\n";
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(base + ".pom"), pom, StandardCharsets.UTF_8);
            try (OutputStream file = Files.newOutputStream(folder.resolve(base + ".jar"));
                    JarOutputStream jar = new JarOutputStream(file)) {
                jar.putNextEntry(new JarEntry("marker/" + base + ".txt"));
                jar.write(coordinate.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
            for (String file : new String[] {base + ".pom", base + ".jar"}) {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(folder.resolve(file)));
                Files.writeString(folder.resolve(file + ".sha1"), HexFormat.of().formatHex(digest));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code <dependencies>} with these dependencies. */
    static String dependencies(String... dependencies) {
        return "<dependencies>" + String.join("", dependencies) + "</dependencies>";
    }

    /** A dependency on {@code group:artifact:version}, with extra elements (scope, optional, exclusions). */
    static String dependency(String coordinate, String... extra) {
        String[] gav = coordinate.split(":");
        return "<dependency><groupId>" + gav[0] + "</groupId><artifactId>" + gav[1] + "</artifactId><version>"
                + gav[2] + "</version>" + String.join("", extra) + "</dependency>";
    }

    /** A settings.xml whose only content is a mirror of {@code mirrorOf} at {@code url}. */
    static Path settingsWithMirror(Path file, String id, String mirrorOf, String url) {
        String xml = "<settings><mirrors><mirror><id>" + id + "</id><mirrorOf>" + mirrorOf + "</mirrorOf><url>"
                + url + "</url></mirror></mirrors></settings>\n";
        try {
            return Files.writeString(file, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
