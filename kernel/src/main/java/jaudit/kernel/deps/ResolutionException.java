package jaudit.kernel.deps;

/**
 * A resolution that failed: a bad coordinate or POM, an artifact no repository has, a repository
 * that cannot be reached. The message names the coordinate and the repository and is meant for the
 * notebook as it is; the resolver's own exception, when there is one, is the cause.
 */
public final class ResolutionException extends Exception {
    private static final long serialVersionUID = 1L;

    public ResolutionException(String message) {
        super(message);
    }

    public ResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
