package jaudit.kernel.deps;

import jaudit.instrument.CellInterruptedError;
import jaudit.kernel.jshell.KernelWorker;
import jaudit.kernel.magic.CellScope;
import jaudit.kernel.magic.MagicCall;
import jaudit.kernel.magic.MagicException;
import jaudit.policy.AuditEvents;

/**
 * The kernel's side of the dependency magics: one {@link MavenResolver} for the session, made on
 * first use, run on a {@link KernelWorker}. Every artifact a resolution would fetch is first judged
 * as {@code dependency.resolve} under the asking cell's policy (its {@code maven} list, allow rules,
 * callbacks, the person), and the jars join the class path only when all of it succeeded.
 */
public final class MavenDependencies {
    private final KernelWorker worker = new KernelWorker("jaudit-maven");
    private MavenResolver resolver;

    /** What a magic asks the resolver to do. */
    @FunctionalInterface
    interface Work {
        Resolution run(MavenResolver resolver, Check check) throws ResolutionException;
    }

    /** Resolves on the kernel thread and puts the result on the cell's class path; prints what was added. */
    void resolveInto(CellScope cell, MagicCall call, Work work) throws MagicException {
        Resolution resolution;
        try {
            resolution = worker.call(() -> {
                MavenResolver current = resolver();
                String local = current.localRepositoryUrl();
                Check check = (coordinate, repository) -> cell.judge(call.line(), AuditEvents.DEPENDENCY_RESOLVE,
                        coordinate, repository.equals(local) ? AuditEvents.LOCAL_REPOSITORY : repository);
                return work.run(current, check);
            });
        } catch (ResolutionException e) {
            throw new MagicException("ResolutionError", call.written() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            throw new CellInterruptedError();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new MagicException("ResolutionError", call.written() + ": " + e, e);
        }
        for (Conflict conflict : resolution.conflicts()) {
            System.out.println("Version conflict: " + conflict);
        }
        cell.addToClasspath(call, resolution.classpath());
        System.out.println("Added to the class path: " + (resolution.coordinates().isEmpty() ? "nothing"
                : String.join(", ", resolution.coordinates())));
    }

    /** Adds a remote repository for this session's later resolutions; returns them all, {@code id url, ...}. */
    String addRepository(String id, String url) throws Exception {
        return worker.call(() -> {
            resolver().addRepository(id, url);
            return String.join(", ", resolver().repositories().stream().map(r -> r.id() + " " + r.url()).toList());
        });
    }

    /** Called on the worker only. */
    private MavenResolver resolver() throws ResolutionException {
        if (resolver == null) {
            resolver = MavenEnvironment.of(System.getenv()).resolver();
        }
        return resolver;
    }
}
