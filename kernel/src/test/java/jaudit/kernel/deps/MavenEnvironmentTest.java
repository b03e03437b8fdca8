package jaudit.kernel.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MavenEnvironmentTest {
    @Test
    void nothingSetMeansTheUsersSettingsOnline() {
        MavenEnvironment none = MavenEnvironment.of(Map.of());
        assertNull(none.settings());
        assertNull(none.localRepository());
        assertFalse(none.offline());
    }

    @Test
    void mavenArgsAndOptsGiveOfflineSettingsAndTheLocalRepositoryAsMvnReadsThem() {
        MavenEnvironment env = MavenEnvironment.of(Map.of(
                "MAVEN_OPTS", "-Xmx1g -Dmaven.repo.local=/data/m2",
                "MAVEN_ARGS", "--offline -s /etc/maven/team.xml"));
        assertTrue(env.offline());
        assertEquals(Path.of("/etc/maven/team.xml"), env.settings());
        assertEquals(Path.of("/data/m2"), env.localRepository());
        assertTrue(MavenEnvironment.of(Map.of("MAVEN_ARGS", "-o")).offline());
        assertEquals(Path.of("/x.xml"), MavenEnvironment.of(Map.of("MAVEN_ARGS", "--settings=/x.xml")).settings());
    }
}
