package jaudit.kernel.jshell;

/** Where a snippet's source came from: the cell's execution count and the cell line it starts on (0-based). */
record SnippetOrigin(int executionCount, int firstLine) {

    String describe(int snippetLine) {
        return executionCount > 0
                ? "In[" + executionCount + "], line " + (firstLine + snippetLine)
                : "startup, line " + (firstLine + snippetLine);
    }
}
