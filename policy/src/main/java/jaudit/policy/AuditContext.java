package jaudit.policy;

/**
 * The policy in force for a piece of running code, and where it was entered: a cell
 * ({@code In[7]}) whose threads and tasks carry the same context.
 *
 * @param policy the policy
 * @param origin the cell that entered it, as the notebook shows it
 * @param thread the name of the thread that entered it
 * @param cell the cell's execution count, counted per shell
 * @param shell the subshell the cell ran on, or null for the main shell
 * @param prompt how to ask the person at the notebook, or null when the request allows no stdin
 * @param folders the folders this cell's events have had resolved
 */
public record AuditContext(AuditPolicy policy, String origin, String thread, int cell, String shell, Prompt prompt,
                           FolderResolutions folders) {
    /** A cell's context, with no folder resolved yet. */
    public AuditContext(AuditPolicy policy, String origin, String thread, int cell, String shell, Prompt prompt) {
        this(policy, origin, thread, cell, shell, prompt, new FolderResolutions());
    }

    /** A main-shell cell's context, with no folder resolved yet. */
    public AuditContext(AuditPolicy policy, String origin, String thread, int cell, Prompt prompt) {
        this(policy, origin, thread, cell, null, prompt);
    }
}
