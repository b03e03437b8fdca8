package jaudit.kernel.deps;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.aether.RequestTrace;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferCancelledException;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferResource;

/**
 * The one resolution's transfer listener. It refuses (cancels) every transfer that is not allowed,
 * whatever asked for it: while the graph is collected, any repository outside the resolution's
 * list; while files are downloaded, any repository other than the one the {@link Check} approved for
 * that artifact. It also turns finished downloads into progress lines. The resolver calls it from
 * several download threads, hence the locking.
 */
final class TransferGate extends AbstractTransferListener {
    private final Set<String> allowedUrls;
    private final Consumer<String> progress;
    private final Map<String, Set<String>> approved = new HashMap<>();
    private final Map<String, long[]> pomsByRepository = new LinkedHashMap<>();
    private boolean downloading;
    private String refusal;

    TransferGate(Set<String> allowedUrls, Consumer<String> progress) {
        this.allowedUrls = Set.copyOf(allowedUrls);
        this.progress = progress;
    }

    /** The artifact's file may come from these URLs (the ones its check was asked about). */
    synchronized void approve(String coordinate, Set<String> urls) {
        approved.put(coordinate, Set.copyOf(urls));
    }

    /** The graph is collected: says how many POMs came from where, and switches to file downloads. */
    synchronized void graphCollected() {
        pomsByRepository.forEach((repository, countAndBytes) -> progress.accept("Downloaded " + countAndBytes[0]
                + (countAndBytes[0] == 1 ? " POM (" : " POMs (") + size(countAndBytes[1]) + ") from " + repository));
        pomsByRepository.clear();
        downloading = true;
    }

    /** Why a transfer was refused, if one was (null otherwise). */
    synchronized String refusal() {
        return refusal;
    }

    @Override
    public synchronized void transferInitiated(TransferEvent event) throws TransferCancelledException {
        TransferResource resource = event.getResource();
        String url = withSlash(resource.getRepositoryUrl());
        if (downloading) {
            String coordinate = coordinate(resource);
            Set<String> urls = coordinate == null ? null : approved.get(coordinate);
            if (urls == null || !urls.contains(url)) {
                refuse(resource.getResourceName() + " from " + url + " was not approved by the check");
            }
        } else if (!allowedUrls.contains(url)) {
            refuse(resource.getResourceName() + " from " + url
                    + " is not one of the resolution's repositories " + allowedUrls);
        }
    }

    @Override
    public synchronized void transferSucceeded(TransferEvent event) {
        TransferResource resource = event.getResource();
        String name = resource.getResourceName();
        if (isChecksumOrMetadata(name)) {
            return;
        }
        String id = resource.getRepositoryId();
        String repository = id == null || id.isEmpty() ? resource.getRepositoryUrl() : id;
        if (!downloading && name.endsWith(".pom")) {
            long[] countAndBytes = pomsByRepository.computeIfAbsent(repository, r -> new long[2]);
            countAndBytes[0]++;
            countAndBytes[1] += event.getTransferredBytes();
            return;
        }
        String coordinate = coordinate(resource);
        progress.accept("Downloaded " + (coordinate == null ? name : coordinate) + " ("
                + size(event.getTransferredBytes()) + ") from " + repository);
    }

    @Override
    public synchronized void transferCorrupted(TransferEvent event) {
        TransferResource resource = event.getResource();
        Exception problem = event.getException();
        progress.accept("Warning: " + resource.getResourceName() + " from " + resource.getRepositoryUrl() + ": "
                + (problem == null ? "corrupted" : problem.getMessage()));
    }

    private void refuse(String why) throws TransferCancelledException {
        if (refusal == null) {
            refusal = why;
        }
        throw new TransferCancelledException(why);
    }

    /** The artifact whose request led to this transfer, from the request trace. */
    private static String coordinate(TransferResource resource) {
        for (RequestTrace trace = resource.getTrace(); trace != null; trace = trace.getParent()) {
            if (trace.getData() instanceof ArtifactRequest request) {
                return Coordinates.format(request.getArtifact());
            }
        }
        return null;
    }

    private static boolean isChecksumOrMetadata(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".sha1") || lower.endsWith(".md5") || lower.endsWith(".sha256")
                || lower.endsWith(".sha512") || lower.endsWith(".asc") || lower.endsWith("maven-metadata.xml");
    }

    static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    /** Sizes as Maven prints them: {@code 812 B}, {@code 52 kB}, {@code 1.4 MB}. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return Math.round(bytes / 1000.0) + " kB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
