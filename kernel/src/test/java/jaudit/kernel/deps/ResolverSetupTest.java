package jaudit.kernel.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the resolver takes from settings, and what it refuses before resolving anything. No network. */
class ResolverSetupTest {
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    @TempDir
    Path temp;

    private MavenResolver resolver;

    @BeforeEach
    void resolver() throws Exception {
        resolver = new MavenResolver(temp.resolve("no-settings.xml"), temp.resolve("local"), false);
    }

    @AfterEach
    void close() {
        resolver.close();
    }

    @Test
    void settingsCanSayOfflineAndWhereTheLocalRepositoryIs() throws Exception {
        Path settings = Files.writeString(temp.resolve("settings.xml"),
                "<settings><offline>true</offline><localRepository>" + temp.resolve("from-settings")
                        + "</localRepository></settings>");
        try (MavenResolver fromSettings = new MavenResolver(settings, null, false)) {
            assertTrue(fromSettings.offline());
            assertEquals(temp.resolve("from-settings"), fromSettings.localRepository());
            assertEquals(temp.resolve("from-settings").toUri() + "/", fromSettings.localRepositoryUrl());
        }
        assertFalse(resolver.offline());
    }

    @Test
    void invalidSettingsAreRefusedWithTheirProblem() throws Exception {
        Path settings = Files.writeString(temp.resolve("settings.xml"), "<settings><offline>yes please");
        ResolutionException e = assertThrows(ResolutionException.class, () -> new MavenResolver(settings, null, false));
        assertTrue(e.getMessage().startsWith("The Maven settings are not valid: "), e.getMessage());
    }

    @Test
    void addedRepositoriesComeAfterCentralAndReplaceOneOfTheSameId() {
        resolver.addRepository("jitpack", "https://jitpack.io");
        resolver.addRepository("mine", "file:///srv/maven/");
        resolver.addRepository("jitpack", "https://jitpack.io/other/");
        assertEquals(List.of(new Repository("central", CENTRAL), new Repository("mine", "file:///srv/maven/"),
                new Repository("jitpack", "https://jitpack.io/other/")), resolver.repositories());
    }

    @Test
    void aBadRepositoryUrlOrIdIsRefusedAtOnce() {
        for (String url : List.of("repo.example.org/maven", "ftp://repo.example.org/", "http:///no-host",
                "file:relative/path", "http://bad host/")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> resolver.addRepository("r", url), url);
            assertTrue(e.getMessage().startsWith("Bad repository URL '" + url + "' for 'r': expected an absolute"
                    + " http://, https:// or file: URL"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolver.addRepository("my repo", "https://repo.example.org/"));
        assertEquals("Bad repository id 'my repo' for https://repo.example.org/: expected letters, digits, '.', '_'"
                + " or '-'", e.getMessage());
        assertEquals(List.of(new Repository("central", CENTRAL)), resolver.repositories());
    }

    @Test
    void aBadCoordinateNamesItAndTheFormsExpected() {
        for (String coordinate : List.of("commons-csv", "org.apache.commons:commons-csv", "a:b:c:d:e:f", "a::1",
                "a b:c:1", "a:b:jar::1", "")) {
            ResolutionException e = assertThrows(ResolutionException.class,
                    () -> resolver.resolve(List.of("g:a:1", coordinate), Check.ALLOW_ALL, line -> { }), coordinate);
            assertEquals("Bad Maven coordinate '" + coordinate.strip() + "': expected groupId:artifactId:version,"
                    + " groupId:artifactId:extension:version or groupId:artifactId:extension:classifier:version",
                    e.getMessage());
        }
        ResolutionException none = assertThrows(ResolutionException.class,
                () -> resolver.resolve(List.of(), Check.ALLOW_ALL, line -> { }));
        assertTrue(none.getMessage().startsWith("No Maven coordinate given"), none.getMessage());
    }

    @Test
    void coordinatesReadAndWriteTheMavenForms() throws Exception {
        for (String coordinate : List.of("g:a:1.0", "g:a:pom:1.0", "g:a:jar:sources:1.0", "g:a:zip:bin:2")) {
            assertEquals(coordinate, Coordinates.format(Coordinates.parse(coordinate)));
        }
        assertEquals("g:a:1.0", Coordinates.format(Coordinates.parse("g:a:jar:1.0")));
        assertEquals("g:a:1.0", Coordinates.format(Coordinates.parse("g:a::1.0")));
    }
}
