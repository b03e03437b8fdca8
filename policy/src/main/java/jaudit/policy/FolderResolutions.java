package jaudit.policy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The folders one cell's events have had resolved ({@link WriteRootRule#realPath}), kept for its
 * later events until any cell changes what a path resolves to (an event that deletes, makes, moves,
 * copies or links a name, {@link AuditEvents.Event#changesTree}): a loop writing many files into
 * one folder resolves that folder once, where each resolution costs the OS a walk of every part.
 * Each cell starts with none, so a link put in the workspace between cells is met.
 */
public final class FolderResolutions {
    /** Enough for the folders a cell works in; past it the cell starts afresh. */
    private static final int KEPT = 64;
    private static final AtomicLong TREE_CHANGES = new AtomicLong();
    private final Map<Path, Path> real = new HashMap<>();
    private long treeSeen = -1;

    /** Forgets every cell's resolutions: a name is about to be deleted, made, moved, copied or linked. */
    static void treeChanging() {
        TREE_CHANGES.incrementAndGet();
    }

    /** The folder with every existing part's links resolved, as {@link WriteRootRule#realPath} gives it. */
    synchronized Path realFolder(Path folder) {
        long changes = TREE_CHANGES.get();
        if (changes != treeSeen) {
            real.clear();
            treeSeen = changes;
        }
        Path known = real.get(folder);
        if (known == null) {
            known = WriteRootRule.realPath(folder);
            if (real.size() >= KEPT) {
                real.clear();
            }
            real.put(folder, known);
        }
        return known;
    }
}
