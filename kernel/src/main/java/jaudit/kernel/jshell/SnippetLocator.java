package jaudit.kernel.jshell;

import java.util.Map;
import java.util.Optional;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Maps stack frames of JShell's wrapper classes back to the cell and line they came from. JShell's
 * own translation reports line 1 for every frame, so the wrapped line is mapped through
 * {@link SourceCodeAnalysis#wrapper(Snippet)} instead.
 */
final class SnippetLocator {
    private static final String WRAPPER_PREFIX = "REPL.$JShell$";

    private final JShell shell;
    private final EngineLock engine;
    private final Map<String, SnippetOrigin> origins = new java.util.concurrent.ConcurrentHashMap<>();
    /** Wrapper class to snippet, so that a frame is placed without a walk over every snippet of the session. */
    private final Map<String, Snippet> byWrapper = new java.util.concurrent.ConcurrentHashMap<>();

    SnippetLocator(JShell shell, EngineLock engine) {
        this.shell = shell;
        this.engine = engine;
    }

    /** Per thread, since each shell's cell evaluates on its own, and inherited by the threads a cell starts. */
    private final ThreadLocal<SnippetOrigin> evaluatingHere = new InheritableThreadLocal<>();
    private volatile SnippetOrigin evaluatingLast = new SnippetOrigin(null, 0);

    /** Where the snippet being evaluated comes from; it has no id until its evaluation ends. */
    void evaluating(SnippetOrigin origin) {
        evaluatingHere.set(origin);
        evaluatingLast = origin;
    }

    void record(Snippet snippet, SnippetOrigin origin) {
        origins.put(snippet.id(), origin);
        SourceCodeAnalysis.SnippetWrapper wrapped = shell.sourceCodeAnalysis().wrapper(snippet);
        if (wrapped != null && wrapped.fullClassName() != null) {
            byWrapper.put(wrapperOf(wrapped.fullClassName()), snippet);
        }
    }

    static boolean isCellFrame(StackTraceElement frame) {
        return frame.getClassName().startsWith(WRAPPER_PREFIX);
    }

    /** The wrapper class a frame's class belongs to: nested and lambda classes share their snippet's wrapper. */
    private static String wrapperOf(String className) {
        int end = className.indexOf('$', WRAPPER_PREFIX.length());
        return end < 0 ? className : className.substring(0, end);
    }

    /** "Foo.bar (In[3], line 4)" for a frame of cell code, or empty for any other frame. */
    Optional<String> describe(StackTraceElement frame) {
        return where(frame).map(where -> methodName(frame) + "(" + where + ")");
    }

    /**
     * "In[3], line 4" for a frame of cell code, or empty for any other frame. Asked from any thread
     * (a denial's, a traceback's) while another shell's cell may be compiling: it reads JShell holding
     * the engine's lock.
     */
    Optional<String> where(StackTraceElement frame) {
        if (!isCellFrame(frame)) {
            return Optional.empty();
        }
        return engine.holding(() -> whereHolding(frame));
    }

    private Optional<String> whereHolding(StackTraceElement frame) {
        String wrapper = wrapperOf(frame.getClassName());
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Snippet owner = byWrapper.get(wrapper);
        SourceCodeAnalysis.SnippetWrapper wrapped = owner == null ? null : analysis.wrapper(owner);
        if (wrapped == null || !wrapperOf(wrapped.fullClassName()).equals(wrapper)) {
            // JShell re-wraps a snippet when a redefinition recompiles it: find its current owner once.
            owner = null;
            wrapped = null;
            for (Snippet snippet : (Iterable<Snippet>) shell.snippets()::iterator) {
                SourceCodeAnalysis.SnippetWrapper w = analysis.wrapper(snippet);
                if (w != null && w.fullClassName() != null && wrapperOf(w.fullClassName()).equals(wrapper)) {
                    owner = snippet;
                    wrapped = w;
                    byWrapper.put(wrapper, snippet);
                    break;
                }
            }
        }
        return Optional.of(owner == null ? "cell" : locate(owner, wrapped, frame.getLineNumber()));
    }

    private String locate(Snippet snippet, SourceCodeAnalysis.SnippetWrapper wrapped, int wrappedLine) {
        SnippetOrigin here = evaluatingHere.get();
        SnippetOrigin origin = origins.getOrDefault(snippet.id(), here != null ? here : evaluatingLast);
        int sourceLine = 1;
        if (wrappedLine > 0) {
            String text = wrapped.wrapped();
            int start = lineStart(text, wrappedLine);
            int end = start < 0 ? -1 : text.indexOf('\n', start);
            // The line may open with wrapper text (a temporary variable's "$1 = "): take the first
            // character that came from the user's source.
            for (int position = start; position >= 0 && position < (end < 0 ? text.length() : end); position++) {
                if (Character.isWhitespace(text.charAt(position))) {
                    continue;
                }
                int sourcePosition = wrapped.wrappedToSourcePosition(position);
                if (sourcePosition >= 0) {
                    // Some wrappers map a whole expression to its start, which may be the blank lines
                    // before it: the line is the one where the code itself begins.
                    String source = snippet.source();
                    while (sourcePosition < source.length() && Character.isWhitespace(source.charAt(sourcePosition))) {
                        sourcePosition++;
                    }
                    sourceLine = 1 + count(source, sourcePosition);
                    break;
                }
            }
        }
        return origin.describe(sourceLine);
    }

    private static int lineStart(String text, int line) {
        int position = 0;
        for (int i = 1; i < line; i++) {
            position = text.indexOf('\n', position);
            if (position < 0) {
                return -1;
            }
            position++;
        }
        return position;
    }

    private static int count(String text, int end) {
        int lines = 0;
        for (int i = 0; i < Math.min(end, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static String methodName(StackTraceElement frame) {
        String className = frame.getClassName();
        String method = frame.getMethodName();
        if (method.startsWith("do_it$")) {
            return "";
        }
        if (method.startsWith("lambda$")) {
            method = "lambda";
        }
        int nested = className.indexOf('$', WRAPPER_PREFIX.length());
        String owner = nested < 0 ? "" : CellVariables.withoutHolderClass(className.substring(nested + 1))
                .replace('$', '.');
        return (owner.isEmpty() ? method : owner + "." + method) + " ";
    }
}
