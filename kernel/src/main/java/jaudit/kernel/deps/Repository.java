package jaudit.kernel.deps;

/**
 * A remote repository as resolution uses it: after the mirrors of {@code settings.xml} are applied,
 * so {@code url} is where requests really go.
 *
 * @param id  the repository's (or its mirror's) id, e.g. {@code central}
 * @param url its base URL, e.g. {@code https://repo.maven.apache.org/maven2/}
 */
public record Repository(String id, String url) {
}
