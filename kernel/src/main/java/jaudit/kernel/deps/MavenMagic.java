package jaudit.kernel.deps;

import jaudit.kernel.magic.CellScope;
import jaudit.kernel.magic.Magic;
import jaudit.kernel.magic.MagicCall;
import jaudit.kernel.magic.MagicException;
import jaudit.kernel.jshell.CellResult;

/**
 * {@code %maven GROUP:ARTIFACT:VERSION...}: resolves the artifacts and their transitive runtime
 * dependencies from the session's repositories into the local repository, and puts the jars on the
 * class path as {@code %jars} does. Each artifact is judged under the cell's {@code maven} policy
 * before it is fetched; a bad coordinate or an unreachable repository fails the cell and adds nothing.
 */
public final class MavenMagic implements Magic {
    private final MavenDependencies dependencies;

    public MavenMagic(MavenDependencies dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public String usage() {
        return "%maven GROUP:ARTIFACT:VERSION... (also GROUP:ARTIFACT:EXTENSION[:CLASSIFIER]:VERSION)";
    }

    @Override
    public CellResult run(MagicCall call, CellScope cell) throws MagicException {
        if (call.words().isEmpty()) {
            throw MagicException.usage(this, "%maven needs at least one coordinate");
        }
        dependencies.resolveInto(cell, call, (resolver, check) -> {
            // What was asked for is judged against every repository before even a POM is fetched;
            // the whole graph's artifacts are judged again, with their own repositories, before any jar.
            for (String coordinate : call.words()) {
                Coordinates.parse(coordinate);
            }
            if (!resolver.offline()) {
                for (String coordinate : call.words()) {
                    for (Repository repository : resolver.repositories()) {
                        check.check(coordinate, repository.url());
                    }
                }
            }
            return resolver.resolve(call.words(), check, System.out::println);
        });
        return CellResult.of(null);
    }
}
