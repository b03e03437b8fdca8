package jaudit.kernel.jshell;

/**
 * Where a snippet's source came from: the cell, as its label reads ({@code In[3]}, or
 * {@code In[3] (subshell 3f2a1b2c)}; null for the kernel's own start-up snippets), and the cell line
 * it starts on (0-based).
 */
record SnippetOrigin(String cell, int firstLine) {

    String describe(int snippetLine) {
        return (cell != null ? cell : "startup") + ", line " + (firstLine + snippetLine);
    }
}
