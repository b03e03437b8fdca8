package jaudit.kernel.deps;

import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;

/** Maven coordinates to artifacts and back, in the forms {@code mvn dependency:get} accepts. */
final class Coordinates {
    static final String FORMS = "groupId:artifactId:version, groupId:artifactId:extension:version"
            + " or groupId:artifactId:extension:classifier:version";

    private Coordinates() {
    }

    /** Parses one coordinate; the message of a bad one names it and the forms expected. */
    static Artifact parse(String coordinate) throws ResolutionException {
        String text = coordinate == null ? "" : coordinate.strip();
        String[] parts = text.split(":", -1);
        boolean blankPart = false;
        for (int i = 0; i < parts.length; i++) {
            // Only the extension (third of four or five) may be empty: it then means jar.
            boolean optional = i == 2 && parts.length >= 4;
            blankPart |= parts[i].isBlank() && !optional;
        }
        if (parts.length < 3 || parts.length > 5 || blankPart || text.chars().anyMatch(Character::isWhitespace)) {
            throw new ResolutionException("Bad Maven coordinate '" + text + "': expected " + FORMS);
        }
        try {
            return new DefaultArtifact(text);
        } catch (IllegalArgumentException e) {
            throw new ResolutionException("Bad Maven coordinate '" + text + "': expected " + FORMS);
        }
    }

    /** {@code g:a:v} for a plain jar, else {@code g:a:ext[:classifier]:v}. */
    static String format(Artifact artifact) {
        return key(artifact) + ":" + artifact.getVersion();
    }

    /** The coordinate without its version: what mediation compares. */
    static String key(Artifact artifact) {
        StringBuilder key = new StringBuilder(artifact.getGroupId()).append(':').append(artifact.getArtifactId());
        boolean classifier = !artifact.getClassifier().isEmpty();
        if (classifier || !"jar".equals(artifact.getExtension())) {
            key.append(':').append(artifact.getExtension());
        }
        if (classifier) {
            key.append(':').append(artifact.getClassifier());
        }
        return key.toString();
    }
}
