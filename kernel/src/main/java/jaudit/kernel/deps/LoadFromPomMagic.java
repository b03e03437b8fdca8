package jaudit.kernel.deps;

import jaudit.kernel.magic.CellScope;
import jaudit.kernel.magic.Magic;
import jaudit.kernel.magic.MagicCall;
import jaudit.kernel.magic.MagicException;
import jaudit.kernel.jshell.CellResult;

/**
 * {@code %%loadFromPOM}: the cell is a POM, whole or in parts as JJava takes them
 * ({@code <dependency>} and {@code <repository>} elements, bare or in {@code <dependencies>} and
 * {@code <repositories>}, in any order), and its dependencies join the class path as with
 * {@code %maven}, scopes, exclusions and versions as Maven reads them.
 */
public final class LoadFromPomMagic implements Magic {
    private final MavenDependencies dependencies;

    public LoadFromPomMagic(MavenDependencies dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public String name() {
        return "loadFromPOM";
    }

    @Override
    public String usage() {
        return "%%loadFromPOM on a cell's first line, then a POM, or <dependency> and <repository> elements";
    }

    @Override
    public boolean isLine() {
        return false;
    }

    @Override
    public boolean isCell() {
        return true;
    }

    @Override
    public CellResult run(MagicCall call, CellScope cell) throws MagicException {
        String pom = call.body().orElse("").strip();
        if (pom.isEmpty()) {
            throw MagicException.usage(this, "the cell holds no POM");
        }
        dependencies.resolveInto(cell, call, (resolver, check) -> resolver.resolvePom(pom, check, System.out::println));
        return CellResult.of(null);
    }
}
