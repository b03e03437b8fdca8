package jaudit.kernel.magic;

import jaudit.policy.AuditContext;

/** Judges an event the kernel raises itself on a cell's behalf, which no JDK hook sees; throws to deny. */
@FunctionalInterface
public interface EventJudge {
    /**
     * @param cell the asking cell's context
     * @param where the cell line that asked, {@code In[3], line 1}
     */
    void judge(AuditContext cell, String where, String event, Object... args);
}
