package jaudit.kernel.deps;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RequestTrace;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.transfer.TransferCancelledException;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferResource;
import org.junit.jupiter.api.Test;

/**
 * The transfer listener is the second line behind the session's "ignore repositories of POMs": it
 * refuses any transfer the resolution did not allow, whichever component asks for it.
 */
class TransferGateTest {
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final String OTHER = "https://repo.example.org/maven/";

    private final List<String> progress = new ArrayList<>();
    private final TransferGate gate = new TransferGate(Set.of(CENTRAL, OTHER), progress::add);

    private static TransferEvent event(String url, String coordinate, String file) {
        RequestTrace trace = RequestTrace.newChild(null, new ArtifactRequest(new DefaultArtifact(coordinate), List.of(), null));
        TransferResource resource = new TransferResource("id", url, file, null, trace);
        return new TransferEvent.Builder(new DefaultRepositorySystemSession(), resource)
                .setTransferredBytes(52_345).build();
    }

    @Test
    void whileTheGraphIsReadOnlyTheResolutionsRepositoriesAreReached() {
        assertDoesNotThrow(() -> gate.transferInitiated(event(CENTRAL, "g:a:pom:1", "g/a/1/a-1.pom")));
        assertDoesNotThrow(() -> gate.transferInitiated(event("https://repo.example.org/maven", "g:a:pom:1", "g/a/1/a-1.pom")));
        TransferCancelledException e = assertThrows(TransferCancelledException.class,
                () -> gate.transferInitiated(event("http://evil.example/", "g:a:pom:1", "g/a/1/a-1.pom")));
        assertEquals("g/a/1/a-1.pom from http://evil.example/ is not one of the resolution's repositories "
                + Set.of(CENTRAL, OTHER), e.getMessage());
        assertEquals(e.getMessage(), gate.refusal());
    }

    @Test
    void aFileComesOnlyFromTheRepositoryItsCheckApproved() {
        gate.graphCollected();
        gate.approve("g:a:1", Set.of(CENTRAL));
        assertDoesNotThrow(() -> gate.transferInitiated(event(CENTRAL, "g:a:1", "g/a/1/a-1.jar")));
        assertThrows(TransferCancelledException.class,
                () -> gate.transferInitiated(event(OTHER, "g:a:1", "g/a/1/a-1.jar")));
        assertThrows(TransferCancelledException.class,
                () -> gate.transferInitiated(event(CENTRAL, "g:unchecked:1", "g/unchecked/1/unchecked-1.jar")));
    }

    @Test
    void progressNamesTheArtifactItsSizeAndTheRepository() {
        gate.transferSucceeded(event(CENTRAL, "g:a:pom:1", "g/a/1/a-1.pom"));
        gate.transferSucceeded(event(CENTRAL, "g:a:pom:1", "g/a/1/a-1.pom.sha1"));
        gate.graphCollected();
        gate.transferSucceeded(event(CENTRAL, "g:a:1", "g/a/1/a-1.jar"));
        gate.transferSucceeded(event(CENTRAL, "g:a:1", "g/a/1/a-1.jar.sha1"));
        assertEquals(List.of("Downloaded 1 POM (52 kB) from id", "Downloaded g:a:1 (52 kB) from id"), progress);
        assertEquals(List.of("812 B", "52 kB", "1.4 MB"),
                List.of(TransferGate.size(812), TransferGate.size(52_345), TransferGate.size(1_400_000)));
    }
}
