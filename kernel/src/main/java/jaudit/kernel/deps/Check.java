package jaudit.kernel.deps;

/**
 * The caller's veto on what a resolution fetches. {@link MavenResolver} calls it for every artifact
 * of the dependency graph before that artifact's file is downloaded (all calls come before the first
 * download), and, in {@link MavenResolver#resolvePom}, for every repository the POM declares before
 * anything is read from it. To refuse, it throws (a {@link SecurityException} subclass, such as the
 * audit's denial); the exception reaches the resolver's caller unchanged and nothing more is
 * downloaded.
 */
@FunctionalInterface
public interface Check {
    /** Lets everything through. */
    Check ALLOW_ALL = (coordinate, repositoryUrl) -> { };

    /**
     * @param coordinate    the artifact, as {@code groupId:artifactId:version}, or
     *                      {@code groupId:artifactId:extension[:classifier]:version} when it is not a
     *                      plain jar; for a repository a POM declares, the POM's own coordinate
     *                      {@code groupId:artifactId:pom:version}
     * @param repositoryUrl the URL of the repository the file will come from, exactly as
     *                      {@link Repository#url()} in {@link MavenResolver#repositories()}; or, when
     *                      the file is already in the local repository (nothing is downloaded; for a
     *                      snapshot only when offline), the
     *                      local repository's {@code file:} URL, {@link MavenResolver#localRepositoryUrl()}
     */
    void check(String coordinate, String repositoryUrl);
}
