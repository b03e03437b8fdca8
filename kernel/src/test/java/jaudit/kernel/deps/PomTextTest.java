package jaudit.kernel.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Repository;
import org.junit.jupiter.api.Test;

/** The forms a {@code %%loadFromPOM} cell may take, JJava's included, and what is wrong with the others. */
class PomTextTest {
    private static final String CONFLUENT = """
            <repository>
              <id>confluent</id>
              <url>https://packages.confluent.io/maven/</url>
            </repository>
            """;

    private static String dependency(String group, String artifact, String version) {
        return "<dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><version>"
                + version + "</version></dependency>";
    }

    private static List<String> dependencies(Model model) {
        return model.getDependencies().stream()
                .map(d -> d.getGroupId() + ":" + d.getArtifactId() + ":" + d.getVersion()).toList();
    }

    private static List<String> repositories(Model model) {
        return model.getRepositories().stream().map(r -> r.getId() + " " + r.getUrl()).toList();
    }

    private static String failure(String cell) {
        return assertThrows(ResolutionException.class, () -> PomText.read(cell)).getMessage();
    }

    @Test
    void bareRepositoriesBeforeBareDependenciesAsBeamsNotebooksWriteThem() throws Exception {
        PomText pom = PomText.read(CONFLUENT + """
                <dependency>
                  <groupId>org.apache.commons</groupId>
                  <artifactId>commons-csv</artifactId>
                  <version>1.14.1</version>
                </dependency>
                """);

        assertEquals(List.of("confluent https://packages.confluent.io/maven/"), repositories(pom.model()));
        assertEquals(List.of("org.apache.commons:commons-csv:1.14.1"), dependencies(pom.model()));
        assertEquals("jaudit:loadFromPOM:0", pom.model().getGroupId() + ":" + pom.model().getArtifactId() + ":"
                + pom.model().getVersion());
        // What the model builder reads says the same.
        assertEquals(dependencies(pom.model()), dependencies(PomText.read(pom.xml()).model()));
        assertEquals(repositories(pom.model()), repositories(PomText.read(pom.xml()).model()));
    }

    @Test
    void bareElementsAndBlocksMixInAnyOrderAndKeepTheCellsOrder() throws Exception {
        PomText pom = PomText.read("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!-- first a library, then where another comes from -->\n"
                + dependency("a", "one", "1") + "\n"
                + CONFLUENT
                + "<dependencies>" + dependency("b", "two", "2") + "<!-- between -->" + dependency("c", "three", "3")
                + "</dependencies>\n"
                + "<repositories><repository><id>second</id><url>file:///tmp/second/</url></repository>"
                + "</repositories>\n"
                + dependency("d", "four", "4") + "\n");

        assertEquals(List.of("a:one:1", "b:two:2", "c:three:3", "d:four:4"), dependencies(pom.model()));
        assertEquals(List.of("confluent https://packages.confluent.io/maven/", "second file:///tmp/second/"),
                repositories(pom.model()));
    }

    @Test
    void blocksWithoutAProjectTakeItsOtherChildrenToo() throws Exception {
        PomText pom = PomText.read("""
                <dependencies>
                  <dependency>
                    <groupId>a</groupId><artifactId>one</artifactId><version>${one.version}</version>
                  </dependency>
                </dependencies>
                <properties><one.version>1.5</one.version></properties>
                <repositories>
                  <repository><id>snapshots</id><url>file:///tmp/snapshots/</url>
                    <releases><enabled>false</enabled></releases></repository>
                </repositories>
                <groupId>me</groupId>
                """);

        Model model = pom.model();
        assertEquals("1.5", model.getProperties().getProperty("one.version"));
        assertEquals(List.of("a:one:${one.version}"), dependencies(model));
        Repository snapshots = model.getRepositories().get(0);
        assertFalse(snapshots.getReleases().isEnabled());
        assertEquals("me:loadFromPOM:0", model.getGroupId() + ":" + model.getArtifactId() + ":" + model.getVersion());
    }

    @Test
    void aWholeProjectIsTakenAsItIs() throws Exception {
        String cell = "<?xml version=\"1.0\"?>\n<!-- mine -->\n<project><modelVersion>4.0.0</modelVersion>"
                + "<groupId>me</groupId><artifactId>nb</artifactId><version>1</version>\n<dependencies>"
                + dependency("a", "one", "1") + "</dependencies></project>\n";
        PomText pom = PomText.read(cell);
        assertEquals(cell, pom.xml());
        assertEquals(List.of("a:one:1"), dependencies(pom.model()));
    }

    @Test
    void exclusionsScopesAndTypesOfABareDependencyAreKept() throws Exception {
        Dependency read = PomText.read("""
                <dependency><groupId>a</groupId><artifactId>one</artifactId><version>1</version>
                  <type>pom</type><scope>test</scope><optional>true</optional>
                  <exclusions><exclusion><groupId>b</groupId><artifactId>two</artifactId></exclusion></exclusions>
                </dependency>
                """).model().getDependencies().get(0);
        assertEquals("pom test true b:two", read.getType() + " " + read.getScope() + " " + read.isOptional() + " "
                + read.getExclusions().get(0).getGroupId() + ":" + read.getExclusions().get(0).getArtifactId());
    }

    @Test
    void aMalformedFragmentNamesWhatIsWrongAndWhere() {
        assertEquals("The POM is not well-formed XML: line 4, column 3: The element type \"repository\" must be"
                        + " terminated by the matching end-tag \"</repository>\".",
                failure("<repository>\n  <id>confluent</id>\n<dependency></dependency>\n</repositories>\n"));
        assertEquals("The POM is not well-formed XML: line 2, column 1: text outside any element: 'commons-csv'",
                failure(dependency("a", "one", "1") + "\ncommons-csv\n"));
        assertEquals("The POM is not well-formed XML: line 1, column 27: text outside any element: 'x'",
                failure("<dependency></dependency> x"));
    }

    @Test
    void anUnknownElementIsNamedAtItsLineInTheCellWhateverTheOrder() {
        String cell = dependency("a", "one", "1") + "\n" + CONFLUENT + "\n"
                + "<dependency><groupId>b</groupId><artifactid>two</artifactid></dependency>\n";
        String message = failure(cell);
        assertEquals("The POM is not valid: Unrecognised tag: 'artifactid'",
                message.substring(0, message.indexOf(" (position")));
        assertTrue(message.contains("@7:"), message);

        message = failure("<dependecy><groupId>a</groupId></dependecy>");
        assertTrue(message.startsWith("The POM is not valid: Unrecognised tag: 'dependecy'"), message);
    }

    @Test
    void aProjectBesideOtherElementsOrTwoBlocksOfOtherKindsAreRefused() {
        assertEquals("The POM has a <project> and other elements beside it (<repository>, <project>): give one"
                + " <project>, or parts of one without it", failure(CONFLUENT + "<project></project>"));
        String message = failure("<properties/>\n<dependencies/>\n<properties/>");
        assertTrue(message.startsWith("The POM is not valid: Duplicated tag: 'properties'"), message);
        assertTrue(message.contains("@3:"), message);
    }

    @Test
    void aCellWithNoElementIsEmpty() {
        for (String cell : List.of("", "<?xml version=\"1.0\"?>", "<!-- nothing yet -->\n")) {
            assertEquals("The POM is empty: give a <project>, or <dependency> and <repository> elements, bare or in"
                    + " <dependencies> and <repositories>", failure(cell), cell);
        }
    }
}
