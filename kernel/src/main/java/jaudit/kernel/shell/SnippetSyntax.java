package jaudit.kernel.shell;

import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Whether one snippet (as JShell's completeness analysis cuts a cell) can be parsed at all. JShell's
 * public API has no parse-only check: its completeness analysis only balances tokens, so
 * {@code import = 7q;} counts as complete, and {@code sourceToSnippets} type-checks the snippet
 * (tens of milliseconds each) and marks some compile errors erroneous as well. So the snippet goes
 * through javac's parser alone, never further, in the places JShell accepts it: as a statement in a
 * method body, as a class member, as an expression, or as a compilation unit (imports). Parsing runs nothing and sees
 * no state.
 */
final class SnippetSyntax {
    /** JShell takes a lone expression as a snippet; in a method body javac calls it "not a statement". */
    private static final String NOT_A_STATEMENT = "compiler.err.not.stmt";
    private static final List<String> OPTIONS = List.of("-proc:none");
    private static final Writer DISCARD = Writer.nullWriter();

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files = javac.getStandardFileManager(null, null, null);

    /** True when javac's parser accepts the snippet; compile errors (types, names) are not its concern. */
    synchronized boolean parses(String snippet) {
        return parsesAs("class Snippet { void snippet() {\n" + snippet + "\n;} }", true)
                || parsesAs("class Snippet {\n" + snippet + "\n}", false)
                // JShell reads "a < b" as an expression where javac's statement parser sees a generic type.
                || parsesAs("class Snippet { void snippet() { Object value =\n" + snippet + "\n;} }", false)
                || parsesAs(snippet, false);
    }

    private boolean parsesAs(String unit, boolean statements) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(DISCARD, files, diagnostics, OPTIONS, null,
                List.of(new Source(unit)));
        try {
            task.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diagnostics.getDiagnostics().stream()
                .noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR
                        && !(statements && NOT_A_STATEMENT.equals(d.getCode())));
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String code) {
            super(URI.create("string:///Snippet.java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
