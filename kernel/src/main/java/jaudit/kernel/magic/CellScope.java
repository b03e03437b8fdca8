package jaudit.kernel.magic;

import java.nio.file.Path;
import java.util.List;
import jaudit.kernel.jshell.CellEvaluator;
import jaudit.kernel.jshell.CellResult;
import jaudit.policy.AuditContext;

/** What a magic may use of the cell it runs in. */
public interface CellScope {
    /** The cell's audit context: its policy, origin and prompt. */
    AuditContext audit();

    /** How a denial or a message names a line of this cell: {@code In[4], line 2}. */
    String where(int line);

    /** Runs code as part of this cell (Java and magics alike), under the cell's policy. */
    CellResult evaluate(String code);

    /**
     * Puts jars or class folders on the class path of this and later cells, for javac and the class
     * loader; {@code call} is the magic that asked, which {@code %audit} lists beside them.
     */
    void addToClasspath(MagicCall call, List<Path> paths);

    /** What cells added to the class path this session. */
    List<CellEvaluator.ClassPathEntry> addedClassPath();

    /**
     * Judges an event the magic's work raises on the cell's behalf (a dependency to fetch) under the
     * cell's policy, logged and askable like the JDK's; throws the denial.
     */
    void judge(int line, String event, Object... args);

    /** The kernel's magics. */
    MagicRegistry magics();
}
