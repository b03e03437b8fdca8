package jaudit.kernel.deps;

import java.nio.file.Path;
import java.util.List;

/**
 * What a successful resolution puts on the class path.
 *
 * @param classpath   the artifacts' files in class-path order: the requested artifacts first, in the
 *                    order asked, then their dependencies level by level (nearest first); artifacts of
 *                    type {@code pom} bring their dependencies but no file
 * @param coordinates the resolved coordinates, one per {@code classpath} entry, same order
 * @param conflicts   the version conflicts mediation settled, in the order met
 */
public record Resolution(List<Path> classpath, List<String> coordinates, List<Conflict> conflicts) {
    public Resolution {
        classpath = List.copyOf(classpath);
        coordinates = List.copyOf(coordinates);
        conflicts = List.copyOf(conflicts);
    }
}
