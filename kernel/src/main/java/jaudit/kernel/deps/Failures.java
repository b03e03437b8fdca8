package jaudit.kernel.deps;

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelProblem;
import org.eclipse.aether.RepositoryException;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.RepositoryOfflineException;
import org.eclipse.aether.transfer.TransferCancelledException;

/**
 * Turns the resolver's nested exceptions into one short message: which artifact, which repository,
 * what went wrong, without the chain of "Failed to collect ... Failed to read ...".
 */
final class Failures {
    private Failures() {
    }

    /**
     * @param what    the request, e.g. the coordinates asked for
     * @param failure the resolver's exception
     * @param refusal why the transfer gate refused a transfer, or null
     */
    static ResolutionException of(String what, RepositoryException failure, String refusal) {
        Set<String> problems = new LinkedHashSet<>();
        collect(failure, problems, new IdentityHashMap<>());
        if (refusal != null && problems.stream().noneMatch(p -> p.contains(refusal))) {
            problems.add("refused to download " + refusal);
        }
        if (problems.isEmpty()) {
            problems.add(firstLine(innermost(failure).getMessage()));
        }
        return new ResolutionException("Could not resolve " + what + ": " + String.join("; ", problems), failure);
    }

    private static void collect(Throwable failure, Set<String> problems, Map<Throwable, Boolean> seen) {
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof ArtifactTransferException transfer) {
                problems.add(describe(transfer));
                return;
            }
            if (t instanceof ArtifactResolutionException resolution) {
                for (ArtifactResult result : resolution.getResults()) {
                    for (Exception e : result.getExceptions()) {
                        collect(e, problems, seen);
                    }
                }
            } else if (t instanceof ArtifactDescriptorException descriptor) {
                for (Exception e : descriptor.getResult().getExceptions()) {
                    collect(e, problems, seen);
                }
                if (!(t.getCause() instanceof RepositoryException)) {
                    // An invalid POM rather than a missing one: the model builder says why.
                    String artifact = Coordinates.format(descriptor.getResult().getArtifact());
                    boolean cell = artifact.equals(PomText.FRAGMENT_GROUP + ":" + PomText.FRAGMENT_ARTIFACT + ":pom:"
                            + PomText.FRAGMENT_VERSION);
                    problems.add((cell ? "the POM" : "the POM of " + artifact) + " is invalid: " + modelProblems(t));
                }
            } else if (t instanceof DependencyCollectionException collection) {
                for (Exception e : collection.getResult().getExceptions()) {
                    collect(e, problems, seen);
                }
            }
        }
    }

    /** The model builder's errors, each with its line, or the innermost message. */
    private static String modelProblems(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ModelBuildingException building) {
                List<String> errors = new ArrayList<>();
                for (ModelProblem problem : building.getProblems()) {
                    if (problem.getSeverity() != ModelProblem.Severity.WARNING) {
                        errors.add(problem.getMessage()
                                + (problem.getLineNumber() > 0 ? " (line " + problem.getLineNumber() + ")" : ""));
                    }
                }
                if (!errors.isEmpty()) {
                    return String.join("; ", errors);
                }
            }
        }
        return firstLine(innermost(failure).getMessage());
    }

    private static String describe(ArtifactTransferException e) {
        String artifact = e.getArtifact() == null ? "an artifact" : Coordinates.format(e.getArtifact());
        String repository = name(e.getRepository());
        if (e.getCause() instanceof RepositoryOfflineException) {
            return artifact + " is not in the local repository, and " + repository + " cannot be used offline";
        }
        if (e.getCause() instanceof TransferCancelledException cancelled) {
            return artifact + " from " + repository + " was refused: " + cancelled.getMessage();
        }
        if (e instanceof ArtifactNotFoundException) {
            return artifact + " was not found in " + repository;
        }
        Throwable root = innermost(e);
        String reason = root == e ? e.getMessage() : root.getMessage();
        if (root instanceof UnknownHostException) {
            reason = "unknown host " + reason;
        }
        return artifact + " could not be downloaded from " + repository + ": " + firstLine(reason);
    }

    private static String name(RemoteRepository repository) {
        return repository == null ? "the repositories" : repository.getId() + " (" + repository.getUrl() + ")";
    }

    private static Throwable innermost(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        while (t != null && !chain.contains(t)) {
            chain.add(t);
            t = t.getCause();
        }
        return chain.get(chain.size() - 1);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
