package jaudit.kernel.deps;

import java.util.function.Consumer;
import org.eclipse.aether.AbstractRepositoryListener;
import org.eclipse.aether.RepositoryEvent;

/**
 * Says what Maven would warn about while reading the graph: a dependency whose POM is missing or
 * invalid still resolves, but without its own dependencies.
 */
final class DescriptorWarnings extends AbstractRepositoryListener {
    private final Consumer<String> progress;

    DescriptorWarnings(Consumer<String> progress) {
        this.progress = progress;
    }

    @Override
    public void artifactDescriptorMissing(RepositoryEvent event) {
        progress.accept("Warning: the POM for " + Coordinates.format(event.getArtifact())
                + " is missing, no dependency information available");
    }

    @Override
    public void artifactDescriptorInvalid(RepositoryEvent event) {
        Exception problem = event.getException();
        progress.accept("Warning: the POM for " + Coordinates.format(event.getArtifact())
                + " is invalid, its dependencies will not be available"
                + (problem == null ? "" : ": " + problem.getMessage()));
    }
}
