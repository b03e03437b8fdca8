package jaudit.kernel.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: commons-csv and its dependencies (commons-io, commons-codec) downloaded from Maven
 * Central into an empty local repository, then resolved again offline from it. Needs the network.
 * The settings file given does not exist, so the user's own ~/.m2 plays no part.
 */
class CentralTest {
    private static final String CSV = "org.apache.commons:commons-csv:1.14.1";
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    @TempDir
    Path temp;

    @Test
    void downloadsFromCentralThenResolvesOfflineFromTheLocalRepository() throws Exception {
        Path local = temp.resolve("local");
        Path noSettings = temp.resolve("settings.xml");
        List<String> progress = new ArrayList<>();
        List<String> checked = new ArrayList<>();

        Resolution online;
        try (MavenResolver resolver = new MavenResolver(noSettings, local, false)) {
            assertEquals(List.of(new Repository("central", CENTRAL)), resolver.repositories());
            assertEquals(local.toAbsolutePath(), resolver.localRepository());
            online = resolver.resolve(List.of(CSV), (c, url) -> checked.add(c + " @ " + url), progress::add);
        }
        assertEquals(CSV, online.coordinates().get(0));
        assertEquals(3, online.coordinates().size(), online.coordinates()::toString);
        assertTrue(online.coordinates().get(1).startsWith("commons-io:commons-io:"), online.coordinates()::toString);
        assertTrue(online.coordinates().get(2).startsWith("commons-codec:commons-codec:"), online.coordinates()::toString);
        for (Path jar : online.classpath()) {
            assertTrue(jar.startsWith(local.toAbsolutePath()) && Files.isRegularFile(jar), jar::toString);
            assertTrue(jar.getFileName().toString().endsWith(".jar"), jar::toString);
        }
        assertEquals(online.coordinates().stream().map(c -> c + " @ " + CENTRAL).toList(), checked);
        assertTrue(progress.get(0).matches("Downloaded \\d+ POMs \\(\\d+ kB\\) from central"), progress::toString);
        assertTrue(progress.stream().anyMatch(line -> line.matches(
                "Downloaded org\\.apache\\.commons:commons-csv:1\\.14\\.1 \\(\\d+ kB\\) from central")), progress::toString);
        assertEquals(4, progress.size(), progress::toString);

        progress.clear();
        checked.clear();
        try (MavenResolver offline = new MavenResolver(noSettings, local, true)) {
            assertTrue(offline.offline());
            Resolution again = offline.resolve(List.of(CSV), (c, url) -> checked.add(c + " @ " + url), progress::add);

            assertEquals(online, again);
            assertEquals(List.of(), progress);
            String localUrl = offline.localRepositoryUrl();
            assertEquals(online.coordinates().stream().map(c -> c + " @ " + localUrl).toList(), checked);

            // Offline really means no network: what is not in the local repository fails.
            ResolutionException e = assertThrows(ResolutionException.class, () -> offline.resolve(
                    List.of("org.apache.commons:commons-lang3:3.17.0"), Check.ALLOW_ALL, progress::add));
            assertEquals("Could not resolve org.apache.commons:commons-lang3:3.17.0:"
                    + " org.apache.commons:commons-lang3:3.17.0 is not in the local repository,"
                    + " and central (" + CENTRAL + ") cannot be used offline", e.getMessage());
        }
    }

    @Test
    void anUnreachableMirrorFailsNamingTheArtifactAndTheRepository() throws Exception {
        // Port 9 (discard) on the loopback: closed, so the connection is refused at once.
        Path settings = FileRepository.settingsWithMirror(temp.resolve("settings.xml"), "closed", "*",
                "http://127.0.0.1:9/");
        Path local = temp.resolve("local");
        try (MavenResolver resolver = new MavenResolver(settings, local, false)) {
            assertEquals(List.of(new Repository("closed", "http://127.0.0.1:9/")), resolver.repositories());
            List<String> checked = new ArrayList<>();

            ResolutionException e = assertThrows(ResolutionException.class,
                    () -> resolver.resolve(List.of(CSV), (c, url) -> checked.add(c), line -> { }));

            assertTrue(e.getMessage().startsWith("Could not resolve " + CSV + ": " + CSV.replace(":1.14.1", ":pom:1.14.1")
                    + " could not be downloaded from closed (http://127.0.0.1:9/): "), e.getMessage());
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertEquals(List.of(), checked);
            assertFalse(Files.exists(local.resolve("org/apache/commons/commons-csv/1.14.1/commons-csv-1.14.1.jar")));
        }
    }
}
