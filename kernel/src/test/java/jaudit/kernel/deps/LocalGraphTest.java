package jaudit.kernel.deps;

import static jaudit.kernel.deps.FileRepository.dependencies;
import static jaudit.kernel.deps.FileRepository.dependency;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution against a repository the test writes into a folder (no network): mediation, scopes,
 * the check, repositories declared in POMs, and POM cells. The settings mirror Central to that
 * folder, so nothing is ever asked of the real Central.
 */
class LocalGraphTest {
    @TempDir
    Path temp;

    private FileRepository remote;
    private MavenResolver resolver;
    private final List<String> progress = new ArrayList<>();
    private final List<String> checked = new ArrayList<>();
    private final Check recording = (coordinate, url) -> checked.add(coordinate + " @ " + url);

    @BeforeEach
    void repository() throws Exception {
        remote = new FileRepository(Files.createDirectory(temp.resolve("remote")));
        // app -> lib 1.0, mid; mid -> lib 2.0 (farther: loses), opt (optional), tool (provided)
        // app -> junit-ish (test)
        remote.add("test:app:1.0", dependencies(
                dependency("test:lib:1.0"),
                dependency("test:mid:1.0"),
                dependency("test:testkit:1.0", "<scope>test</scope>")));
        remote.add("test:mid:1.0", dependencies(
                dependency("test:lib:2.0"),
                dependency("test:opt:1.0", "<optional>true</optional>"),
                dependency("test:tool:1.0", "<scope>provided</scope>"),
                dependency("test:rt:1.0", "<scope>runtime</scope>")));
        for (String leaf : List.of("test:lib:1.0", "test:lib:2.0", "test:opt:1.0", "test:tool:1.0",
                "test:testkit:1.0", "test:rt:1.0")) {
            remote.add(leaf);
        }
        Path settings = FileRepository.settingsWithMirror(temp.resolve("settings.xml"), "test-mirror", "central",
                remote.url());
        resolver = new MavenResolver(settings, temp.resolve("local"), false);
    }

    @AfterEach
    void close() {
        resolver.close();
    }

    private Path local(String group, String artifact, String version, String extension) {
        return temp.resolve("local").resolve(group).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + "." + extension);
    }

    @Test
    void repositoriesAreTheMirrorsRequestsReallyGoTo() {
        assertEquals(List.of(new Repository("test-mirror", remote.url())), resolver.repositories());
        assertFalse(resolver.offline());
    }

    @Test
    void nearestVersionWinsAndTheConflictIsReported() throws Exception {
        Resolution resolution = resolver.resolve(List.of("test:app:1.0"), Check.ALLOW_ALL, progress::add);

        // Requested first, then level by level; lib 1.0 (depth 2) beats lib 2.0 (depth 3).
        assertEquals(List.of("test:app:1.0", "test:lib:1.0", "test:mid:1.0", "test:rt:1.0"),
                resolution.coordinates());
        assertEquals(List.of(local("test", "app", "1.0", "jar"), local("test", "lib", "1.0", "jar"),
                local("test", "mid", "1.0", "jar"), local("test", "rt", "1.0", "jar")), resolution.classpath());
        assertEquals(List.of(new Conflict("test:lib", "1.0", "2.0", "test:mid:1.0")), resolution.conflicts());
        assertEquals("test:lib: 1.0 chosen, 2.0 (wanted by test:mid:1.0) omitted",
                resolution.conflicts().get(0).toString());
        // The loser's POM was read to build the graph, its jar never fetched.
        assertTrue(Files.exists(local("test", "lib", "2.0", "pom")));
        assertFalse(Files.exists(local("test", "lib", "2.0", "jar")));
    }

    @Test
    void testProvidedAndTransitiveOptionalDependenciesStayOff() throws Exception {
        Resolution resolution = resolver.resolve(List.of("test:app:1.0"), Check.ALLOW_ALL, progress::add);
        for (String absent : List.of("test:testkit:1.0", "test:tool:1.0", "test:opt:1.0")) {
            assertFalse(resolution.coordinates().contains(absent), absent);
        }
    }

    @Test
    void progressHasOneLinePerDownloadAndNothingForTheLocalRepository() throws Exception {
        resolver.resolve(List.of("test:app:1.0"), Check.ALLOW_ALL, progress::add);

        List<String> lines = progress.stream().map(line -> line.replaceAll("\\(\\d+ k?B\\)", "(size)")).toList();
        // First the POMs the graph was read from, then each jar (downloads run in parallel).
        assertEquals("Downloaded 5 POMs (size) from test-mirror", lines.get(0));
        assertEquals(Set.of("Downloaded test:app:1.0 (size) from test-mirror",
                "Downloaded test:lib:1.0 (size) from test-mirror", "Downloaded test:mid:1.0 (size) from test-mirror",
                "Downloaded test:rt:1.0 (size) from test-mirror"), Set.copyOf(lines.subList(1, lines.size())));
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(progress.get(1).matches("Downloaded test:[a-z]+:1\\.0 \\(\\d+ B\\) from test-mirror"), progress.get(1));

        progress.clear();
        resolver.resolve(List.of("test:app:1.0"), Check.ALLOW_ALL, progress::add);
        assertEquals(List.of(), progress);
    }

    @Test
    void theCheckSeesEveryArtifactWithItsRepositoryBeforeAnyJarIsDownloaded() throws Exception {
        resolver.resolve(List.of("test:lib:1.0"), Check.ALLOW_ALL, progress::add);
        resolver.resolve(List.of("test:app:1.0"), recording, progress::add);

        String url = remote.url();
        String localUrl = resolver.localRepositoryUrl();
        assertEquals(temp.resolve("local").toUri().toString(), localUrl);
        assertEquals(List.of("test:app:1.0 @ " + url, "test:lib:1.0 @ " + localUrl, "test:mid:1.0 @ " + url,
                "test:rt:1.0 @ " + url), checked);
    }

    @Test
    void aLocalSnapshotIsStillCheckedAgainstItsRepositoryWhichMayHaveANewerOne() throws Exception {
        FileRepository snapshots = new FileRepository(Files.createDirectory(temp.resolve("snapshots")));
        snapshots.add("test:snap:1.0-SNAPSHOT");
        resolver.addRepository("snapshots", snapshots.url());

        resolver.resolve(List.of("test:snap:1.0-SNAPSHOT"), recording, progress::add);
        assertTrue(Files.exists(local("test", "snap", "1.0-SNAPSHOT", "jar")));
        resolver.resolve(List.of("test:snap:1.0-SNAPSHOT"), recording, progress::add);

        assertEquals(List.of("test:snap:1.0-SNAPSHOT @ " + snapshots.url(),
                "test:snap:1.0-SNAPSHOT @ " + snapshots.url()), checked);
    }

    @Test
    void aRefusingCheckStopsTheResolutionBeforeAnyJarIsDownloaded() {
        class Refused extends SecurityException {
            private static final long serialVersionUID = 1L;
        }
        Refused refusal = new Refused();
        Check refuseRt = (coordinate, url) -> {
            if (coordinate.equals("test:rt:1.0")) {
                throw refusal;
            }
        };
        Refused thrown = assertThrows(Refused.class,
                () -> resolver.resolve(List.of("test:app:1.0"), refuseRt, progress::add));

        assertSame(refusal, thrown);
        for (String artifact : List.of("app", "lib", "mid", "rt")) {
            assertFalse(Files.exists(local("test", artifact, "1.0", "jar")), artifact);
        }
    }

    @Test
    void repositoriesDeclaredInADependencysPomAreIgnored() throws Exception {
        FileRepository elsewhere = new FileRepository(Files.createDirectory(temp.resolve("elsewhere")));
        elsewhere.add("test:far:1.0");
        remote.add("test:sneaky:1.0",
                "<repositories><repository><id>elsewhere</id><url>" + elsewhere.url() + "</url></repository>"
                        + "</repositories>",
                dependencies(dependency("test:far:1.0")));

        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolver.resolve(List.of("test:sneaky:1.0"), recording, progress::add));

        assertEquals("Could not resolve test:sneaky:1.0: test:far:1.0 was not found in test-mirror ("
                + remote.url() + ")", e.getMessage());
        assertEquals(List.of("Warning: the POM for test:far:1.0 is missing, no dependency information available"),
                progress.stream().filter(line -> line.startsWith("Warning")).toList());
        assertEquals(List.of("test:sneaky:1.0 @ " + remote.url(), "test:far:1.0 @ " + remote.url()), checked);
        assertFalse(Files.exists(local("test", "far", "1.0", "pom")));
        assertFalse(Files.exists(local("test", "far", "1.0", "jar")));
    }

    @Test
    void aMissingArtifactNamesItAndTheRepository() {
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolver.resolve(List.of("test:nothing:3.0"), recording, progress::add));
        assertEquals("Could not resolve test:nothing:3.0: test:nothing:3.0 was not found in test-mirror ("
                + remote.url() + ")", e.getMessage());
    }

    @Test
    void aPomFragmentHonoursScopesExclusionsAndItsRepositories() throws Exception {
        FileRepository extra = new FileRepository(Files.createDirectory(temp.resolve("extra")));
        extra.add("test:extra:1.0");
        String cell = """
                <repositories>
                  <repository><id>extra</id><url>%s</url></repository>
                </repositories>
                <dependencies>
                  <dependency>
                    <groupId>test</groupId><artifactId>mid</artifactId><version>1.0</version>
                    <exclusions><exclusion><groupId>test</groupId><artifactId>lib</artifactId></exclusion></exclusions>
                  </dependency>
                  <dependency><groupId>test</groupId><artifactId>extra</artifactId><version>1.0</version></dependency>
                  <dependency>
                    <groupId>test</groupId><artifactId>testkit</artifactId><version>1.0</version><scope>test</scope>
                  </dependency>
                  <dependency>
                    <groupId>test</groupId><artifactId>opt</artifactId><version>1.0</version><optional>true</optional>
                  </dependency>
                </dependencies>
                """.formatted(extra.url());

        Resolution resolution = resolver.resolvePom(cell, recording, progress::add);

        assertEquals(List.of("test:mid:1.0", "test:extra:1.0", "test:opt:1.0", "test:rt:1.0"),
                resolution.coordinates());
        assertEquals(List.of(), resolution.conflicts());
        assertEquals(List.of("jaudit:loadFromPOM:pom:0 @ " + extra.url(), "test:mid:1.0 @ " + remote.url(),
                "test:extra:1.0 @ " + extra.url(), "test:opt:1.0 @ " + remote.url(),
                "test:rt:1.0 @ " + remote.url()), checked);
        // The cell's repository was for that cell only.
        assertEquals(List.of(new Repository("test-mirror", remote.url())), resolver.repositories());
    }

    @Test
    void bareDependencyElementsAreAFragmentToo() throws Exception {
        String cell = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- the library -->
                <dependency><groupId>test</groupId><artifactId>lib</artifactId><version>2.0</version></dependency>
                <dependency><groupId>test</groupId><artifactId>rt</artifactId><version>1.0</version></dependency>
                """;
        assertEquals(List.of("test:lib:2.0", "test:rt:1.0"),
                resolver.resolvePom(cell, Check.ALLOW_ALL, progress::add).coordinates());
    }

    @Test
    void bareRepositoryElementsBeforeTheDependenciesAreCheckedThenUsed() throws Exception {
        FileRepository extra = new FileRepository(Files.createDirectory(temp.resolve("extra")));
        extra.add("test:extra:1.0");
        String cell = """
                <repository>
                  <id>extra</id>
                  <url>%s</url>
                </repository>
                <dependency><groupId>test</groupId><artifactId>extra</artifactId><version>1.0</version></dependency>
                <dependency><groupId>test</groupId><artifactId>lib</artifactId><version>1.0</version></dependency>
                """.formatted(extra.url());

        Resolution resolution = resolver.resolvePom(cell, recording, progress::add);

        assertEquals(List.of("test:extra:1.0", "test:lib:1.0"), resolution.coordinates());
        assertEquals(List.of("jaudit:loadFromPOM:pom:0 @ " + extra.url(), "test:extra:1.0 @ " + extra.url(),
                "test:lib:1.0 @ " + remote.url()), checked);
    }

    @Test
    void aRefusedRepositoryOfAFragmentIsNeverRead() throws Exception {
        FileRepository extra = new FileRepository(Files.createDirectory(temp.resolve("extra")));
        extra.add("test:extra:1.0");
        class Refused extends SecurityException {
            private static final long serialVersionUID = 1L;
        }
        Check refuseExtra = (coordinate, url) -> {
            if (url.equals(extra.url())) {
                throw new Refused();
            }
        };
        String cell = "<dependency><groupId>test</groupId><artifactId>extra</artifactId><version>1.0</version>"
                + "</dependency>\n<repository><id>extra</id><url>" + extra.url() + "</url></repository>";

        assertThrows(Refused.class, () -> resolver.resolvePom(cell, refuseExtra, progress::add));

        assertEquals(List.of(), progress);
        assertFalse(Files.exists(local("test", "extra", "1.0", "pom")));
        assertFalse(Files.exists(local("test", "extra", "1.0", "jar")));
    }

    @Test
    void aWholePomHasItsPropertiesAndDependencyManagementApplied() throws Exception {
        String cell = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>me</groupId><artifactId>notebook</artifactId><version>1</version>
                  <properties><app.version>1.0</app.version></properties>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>test</groupId><artifactId>lib</artifactId><version>2.0</version></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies>
                    <dependency><groupId>test</groupId><artifactId>app</artifactId><version>${app.version}</version></dependency>
                  </dependencies>
                </project>
                """;
        Resolution resolution = resolver.resolvePom(cell, recording, progress::add);

        // Management pins lib to 2.0 everywhere, as in a Maven build.
        assertEquals(List.of("test:app:1.0", "test:lib:2.0", "test:mid:1.0", "test:rt:1.0"),
                resolution.coordinates());
        assertTrue(checked.stream().noneMatch(c -> c.startsWith("me:notebook")), checked::toString);
    }

    @Test
    void aPomCellThatMavenCannotBuildIsAnErrorWithTheBuildersMessage() {
        String cell = "<dependencies>\n  <dependency><groupId>test</groupId><artifactId>lib</artifactId></dependency>\n"
                + "</dependencies>\n";
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolver.resolvePom(cell, recording, progress::add));
        assertEquals("Could not resolve the POM's dependencies: the POM is invalid:"
                + " 'dependencies.dependency.version' for test:lib:jar is missing.", e.getMessage());
        assertEquals(List.of(), checked);
    }

    @Test
    void aMissingPomOfADependencyIsAWarningAndTheJarStillResolves() throws Exception {
        Files.delete(temp.resolve("remote/test/rt/1.0/rt-1.0.pom"));
        Resolution resolution = resolver.resolve(List.of("test:rt:1.0"), Check.ALLOW_ALL, progress::add);
        assertEquals(List.of("test:rt:1.0"), resolution.coordinates());
        assertTrue(progress.contains("Warning: the POM for test:rt:1.0 is missing, no dependency information available"),
                progress::toString);
    }

    @Test
    void aPomWithAnUnknownElementIsRefusedWithTheReadersMessage() {
        String cell = "<dependencies>\n  <dependecy><groupId>test</groupId></dependecy>\n</dependencies>\n";
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolver.resolvePom(cell, recording, progress::add));
        assertTrue(e.getMessage().startsWith("The POM is not valid: Unrecognised tag: 'dependecy'"), e.getMessage());
        assertTrue(e.getMessage().contains("@2:"), e.getMessage());
        assertEquals(List.of(), checked);
    }
}
