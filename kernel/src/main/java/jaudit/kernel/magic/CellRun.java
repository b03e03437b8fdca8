package jaudit.kernel.magic;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jaudit.instrument.CellInterruptedError;
import jaudit.kernel.jshell.CellError;
import jaudit.kernel.jshell.CellEvaluator;
import jaudit.kernel.jshell.CellResult;
import jaudit.policy.AuditContext;

/**
 * One cell's run: its parts in order, Java through the evaluator and magics through the registry,
 * stopping at the first that fails. The cell's value is that of its last part. Runs on the cell
 * thread, inside the cell's audit context.
 */
public final class CellRun implements CellScope {
    /** How a read that puts a path on the class path is named in the event. */
    private static final String CLASS_PATH_READ = "class path";

    private final MagicRegistry magics;
    private final CellEvaluator evaluator;
    private final AuditContext audit;
    private final EventJudge judge;

    public CellRun(MagicRegistry magics, CellEvaluator evaluator, AuditContext audit, EventJudge judge) {
        this.magics = magics;
        this.evaluator = evaluator;
        this.audit = audit;
        this.judge = judge;
    }

    @Override
    public CellResult evaluate(String code) {
        List<CellScript.Part> parts;
        try {
            parts = CellScript.parse(code, evaluator::endsBetweenStatements);
        } catch (MagicException e) {
            return failed(e);
        }
        CellResult result = CellResult.of(null);
        for (CellScript.Part part : parts) {
            result = part.java().isPresent() ? evaluator.evaluate(part.java().get(), audit.origin())
                    : runMagic(part.magic().get());
            if (result.failed()) {
                return result;
            }
        }
        return result;
    }

    private CellResult runMagic(MagicCall call) {
        Optional<Magic> magic = call.body().isPresent() ? magics.cell(call.name()) : magics.line(call.name());
        try {
            if (magic.isEmpty()) {
                throw magics.unknown(call.written());
            }
            return magic.get().run(call, this);
        } catch (MagicException e) {
            return failed(e);
        } catch (RuntimeException | CellInterruptedError e) {
            // A denial of the magic's work (dependency.resolve), or an interrupt while it waited,
            // reads as it would from cell code.
            String name = e.getClass().getName();
            String message = String.valueOf(e.getMessage());
            return CellResult.failed(new CellError(name, message, List.of(name + ": " + message)));
        }
    }

    private static CellResult failed(MagicException e) {
        return CellResult.failed(new CellError(e.ename(), e.getMessage(), List.of(e.ename() + ": " + e.getMessage())));
    }

    @Override
    public AuditContext audit() {
        return audit;
    }

    @Override
    public String where(int line) {
        return audit.origin() + ", line " + (line + 1);
    }

    /**
     * Each path is judged as a read first, under {@code read_roots}: the classes and resources cells
     * then load from it are read by the compiler and the class loader, where no cell frame shows.
     */
    @Override
    public void addToClasspath(MagicCall call, List<Path> paths) {
        for (Path path : paths) {
            judge(call.line(), "file.read", path.toString(), CLASS_PATH_READ);
        }
        evaluator.addToClasspath(paths, (call.written() + " " + call.args()).strip() + " (" + audit.origin() + ")");
    }

    @Override
    public List<CellEvaluator.ClassPathEntry> addedClassPath() {
        return evaluator.addedClassPath();
    }

    @Override
    public void judge(int line, String event, Object... args) {
        judge.judge(audit, where(line), event, args);
    }

    @Override
    public MagicRegistry magics() {
        return magics;
    }
}
