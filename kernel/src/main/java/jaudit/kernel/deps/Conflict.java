package jaudit.kernel.deps;

/**
 * Two versions of one artifact met in a dependency graph and Maven's mediation kept one: the nearest
 * to the request (the first declared on a tie), or the one dependency management fixes.
 *
 * @param artifact        {@code groupId:artifactId} (with extension and classifier when not a plain jar)
 * @param selectedVersion the version on the class path
 * @param omittedVersion  the version that lost
 * @param wantedBy        the coordinate of the artifact that asked for the omitted version
 */
public record Conflict(String artifact, String selectedVersion, String omittedVersion, String wantedBy) {
    /** For example {@code test:lib: 1.0 chosen, 2.0 (wanted by test:mid:1.0) omitted}. */
    @Override
    public String toString() {
        return artifact + ": " + selectedVersion + " chosen, " + omittedVersion + " (wanted by " + wantedBy
                + ") omitted";
    }
}
