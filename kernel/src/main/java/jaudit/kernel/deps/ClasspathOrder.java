package jaudit.kernel.deps;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.graph.transformer.ConflictResolver;

/**
 * Walks a collected graph (conflicts resolved in the resolver's verbose mode, so the losers stay in
 * the graph marked with their winner) level by level: the requested artifacts first, then their
 * dependencies, nearest first. Keeps what belongs on a runtime class path (scopes compile and
 * runtime; test, provided and system are left out, and so is everything below them) and notes each
 * conflict whose loser would have been on it.
 */
final class ClasspathOrder {
    private final List<DependencyNode> nodes = new ArrayList<>();
    private final List<Conflict> conflicts = new ArrayList<>();

    private record Step(DependencyNode node, DependencyNode parent) {
    }

    /** Walks the children of {@code root} (the root itself is the request, or the POM read). */
    ClasspathOrder(DependencyNode root) {
        Deque<Step> queue = new ArrayDeque<>();
        root.getChildren().forEach(child -> queue.add(new Step(child, null)));
        Set<String> seen = new HashSet<>();
        Set<String> noted = new HashSet<>();
        while (!queue.isEmpty()) {
            Step step = queue.poll();
            DependencyNode node = step.node();
            if (!onRuntimeClasspath(node)) {
                continue;
            }
            Object winner = node.getData().get(ConflictResolver.NODE_DATA_WINNER);
            if (winner instanceof DependencyNode won) {
                String omitted = node.getArtifact().getVersion();
                String selected = won.getArtifact().getVersion();
                String key = Coordinates.key(node.getArtifact());
                if (!omitted.equals(selected) && noted.add(key + ":" + omitted)) {
                    String wantedBy = step.parent() == null ? "the request" : Coordinates.format(step.parent().getArtifact());
                    conflicts.add(new Conflict(key, selected, omitted, wantedBy));
                }
                continue;
            }
            if (seen.add(Coordinates.format(node.getArtifact()))) {
                nodes.add(node);
            }
            node.getChildren().forEach(child -> queue.add(new Step(child, node)));
        }
    }

    private static boolean onRuntimeClasspath(DependencyNode node) {
        String scope = node.getDependency() == null ? "" : node.getDependency().getScope();
        return scope.isEmpty() || scope.equals(JavaScopes.COMPILE) || scope.equals(JavaScopes.RUNTIME);
    }

    /** The nodes for the class path, in order, each once. */
    List<DependencyNode> nodes() {
        return nodes;
    }

    /** The conflicts met, in order. */
    List<Conflict> conflicts() {
        return conflicts;
    }
}
