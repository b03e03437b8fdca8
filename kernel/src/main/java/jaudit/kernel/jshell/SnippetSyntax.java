package jaudit.kernel.jshell;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
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

    /** Statement kinds that can share a block with their neighbours without changing what they mean. */
    private static final Set<Tree.Kind> PLAIN_STATEMENTS = EnumSet.of(Tree.Kind.EXPRESSION_STATEMENT,
            Tree.Kind.IF, Tree.Kind.FOR_LOOP, Tree.Kind.ENHANCED_FOR_LOOP, Tree.Kind.WHILE_LOOP,
            Tree.Kind.DO_WHILE_LOOP, Tree.Kind.SWITCH, Tree.Kind.TRY, Tree.Kind.SYNCHRONIZED, Tree.Kind.BLOCK,
            Tree.Kind.THROW, Tree.Kind.ASSERT, Tree.Kind.EMPTY_STATEMENT);

    /**
     * For each snippet, whether it is one statement that declares nothing a later snippet could see
     * (a call, an assignment, a loop, an if...): such statements can run together in one block, one
     * compile. Declarations, and anything that does not parse as a lone statement, are not. One
     * parse serves all the snippets (a method each); only when it finds an error is each parsed alone.
     */
    synchronized boolean[] plainStatements(List<String> snippets) {
        boolean[] plain = new boolean[snippets.size()];
        List<List<? extends StatementTree>> bodies = bodies(snippets);
        if (bodies == null) {
            for (int i = 0; i < plain.length; i++) {
                List<List<? extends StatementTree>> alone = bodies(List.of(snippets.get(i)));
                plain[i] = alone != null && isPlain(alone.get(0));
            }
            return plain;
        }
        for (int i = 0; i < plain.length; i++) {
            plain[i] = isPlain(bodies.get(i));
        }
        return plain;
    }

    /** Whether the text (a snippet, its semicolon optional) is one expression, as JShell would show a value of. */
    synchronized boolean isExpression(String expression) {
        List<List<? extends StatementTree>> body = bodies(List.of("Object value =\n" + expression + "\n;"));
        return body != null && body.get(0).size() == 1 && body.get(0).get(0).getKind() == Tree.Kind.VARIABLE;
    }

    private static boolean isPlain(List<? extends StatementTree> body) {
        return body.size() == 1 && PLAIN_STATEMENTS.contains(body.get(0).getKind());
    }

    /** The statements of each snippet as a method body, in order; null when the parse found an error. */
    private List<List<? extends StatementTree>> bodies(List<String> snippets) {
        StringBuilder unit = new StringBuilder("class Snippet {");
        for (String snippet : snippets) {
            unit.append(" void snippet() {\n").append(snippet).append("\n}");
        }
        unit.append(" }");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(DISCARD, files, diagnostics, OPTIONS, null,
                List.of(new Source(unit.toString())));
        List<List<? extends StatementTree>> bodies = new ArrayList<>();
        try {
            for (CompilationUnitTree parsed : task.parse()) {
                for (Tree type : parsed.getTypeDecls()) {
                    if (!(type instanceof ClassTree declared)) {
                        continue;
                    }
                    for (Tree member : declared.getMembers()) {
                        if (member instanceof MethodTree method && method.getBody() != null) {
                            bodies.add(method.getBody().getStatements());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean failed = diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
        return failed || bodies.size() != snippets.size() ? null : bodies;
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
