package jaudit.kernel.deps;

import jaudit.kernel.magic.CellScope;
import jaudit.kernel.magic.Magic;
import jaudit.kernel.magic.MagicCall;
import jaudit.kernel.magic.MagicException;
import jaudit.kernel.jshell.CellResult;

/**
 * {@code %mavenRepo ID URL}: adds a repository that later {@code %maven} and {@code %%loadFromPOM}
 * resolve from, after Maven Central. Adding it fetches nothing; each fetch from it is judged when it
 * comes, under the policy's {@code maven} list.
 */
public final class MavenRepoMagic implements Magic {
    private final MavenDependencies dependencies;

    public MavenRepoMagic(MavenDependencies dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public String name() {
        return "mavenRepo";
    }

    @Override
    public String usage() {
        return "%mavenRepo ID URL (a repository for later %maven, e.g. %mavenRepo jitpack https://jitpack.io)";
    }

    @Override
    public CellResult run(MagicCall call, CellScope cell) throws MagicException {
        if (call.words().size() != 2) {
            throw MagicException.usage(this, "%mavenRepo takes an id and a URL");
        }
        try {
            System.out.println("Repositories: " + dependencies.addRepository(call.words().get(0), call.words().get(1)));
        } catch (IllegalArgumentException e) {
            throw new MagicException("UsageError", "%mavenRepo: " + e.getMessage());
        } catch (Exception e) {
            throw new MagicException("ResolutionError", "%mavenRepo: " + e.getMessage(), e);
        }
        return CellResult.of(null);
    }
}
