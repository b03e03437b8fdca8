package jaudit.kernel.jshell;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
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
     * For each snippet, what it is to the cell's runs ({@link SnippetShape}): a plain statement that
     * can share a block, a variable declaration (and whether its type is written out), or anything
     * else. One parse serves all the snippets (a method each); only when it finds an error is each
     * parsed alone.
     */
    synchronized List<SnippetShape> shapes(List<String> snippets) {
        List<Body> bodies = bodies(snippets);
        if (bodies == null) {
            List<SnippetShape> shapes = new ArrayList<>();
            for (String snippet : snippets) {
                List<Body> alone = bodies(List.of(snippet));
                shapes.add(alone == null ? SnippetShape.OTHER : alone.get(0).shape(snippet));
            }
            return shapes;
        }
        List<SnippetShape> shapes = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            shapes.add(bodies.get(i).shape(snippets.get(i)));
        }
        return shapes;
    }

    /** Whether the text (a snippet, its semicolon optional) is one expression, as JShell would show a value of. */
    synchronized boolean isExpression(String expression) {
        List<Body> body = bodies(List.of("Object value =\n" + expression + "\n;"));
        return body != null && body.get(0).statements().size() == 1
                && body.get(0).statements().get(0).getKind() == Tree.Kind.VARIABLE;
    }

    /** One snippet parsed as a method body: its statements, and where its text starts in the parsed unit. */
    private record Body(List<? extends StatementTree> statements, CompilationUnitTree unit, SourcePositions positions,
            int offset) {
        SnippetShape shape(String snippet) {
            Set<String> used = new LinkedHashSet<>();
            for (StatementTree statement : statements) {
                used.addAll(simpleNames(statement));
            }
            if (statements.size() == 1 && PLAIN_STATEMENTS.contains(statements.get(0).getKind())) {
                return new SnippetShape(true, Set.of(), null, Set.copyOf(used));
            }
            Set<String> names = new LinkedHashSet<>();
            for (StatementTree statement : statements) {
                if (statement instanceof VariableTree variable) {
                    names.add(variable.getName().toString());
                }
            }
            if (names.isEmpty()) {
                return SnippetShape.OTHER;
            }
            return new SnippetShape(false, Set.copyOf(names),
                    statements.size() == 1 ? typed((VariableTree) statements.get(0), snippet) : null, Set.copyOf(used));
        }

        /** The declaration with its type written out, or null: {@code var}, modifiers, {@code int a[]}. */
        private SnippetShape.TypedVariable typed(VariableTree variable, String snippet) {
            Tree type = variable.getType();
            ModifiersTree modifiers = variable.getModifiers();
            if (type == null || !modifiers.getFlags().isEmpty() || !modifiers.getAnnotations().isEmpty()) {
                return null;
            }
            int typeStart = (int) positions.getStartPosition(unit, type) - offset;
            int typeEnd = (int) positions.getEndPosition(unit, type) - offset;
            int end = (int) positions.getEndPosition(unit, variable) - offset;
            if (typeStart < 0 || typeStart >= typeEnd || end > snippet.length() || !snippet.startsWith(";", end - 1)) {
                return null;
            }
            String typeText = snippet.substring(typeStart, typeEnd);
            String name = variable.getName().toString();
            int nameStart = typeEnd;
            while (nameStart < snippet.length() && Character.isWhitespace(snippet.charAt(nameStart))) {
                nameStart++;
            }
            if (typeText.equals("var") || !snippet.startsWith(name, nameStart)
                    || snippet.substring(nameStart + name.length()).stripLeading().startsWith("[")) {
                return null;
            }
            ExpressionTree initializer = variable.getInitializer();
            int bareArrayAt = initializer instanceof NewArrayTree array && array.getType() == null
                    ? (int) positions.getStartPosition(unit, array) - offset : -1;
            return new SnippetShape.TypedVariable(name, typeText, simpleNames(type), typeStart, nameStart, end,
                    initializer != null, bareArrayAt);
        }

        private static Set<String> simpleNames(Tree tree) {
            Set<String> names = new LinkedHashSet<>();
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitIdentifier(IdentifierTree identifier, Void unused) {
                    names.add(identifier.getName().toString());
                    return null;
                }
            }.scan(tree, null);
            return Set.copyOf(names);
        }
    }

    /** Each snippet as a method body, in order; null when the parse found an error. */
    private List<Body> bodies(List<String> snippets) {
        StringBuilder unit = new StringBuilder("class Snippet {");
        List<Integer> offsets = new ArrayList<>();
        for (String snippet : snippets) {
            unit.append(" void snippet() {\n");
            offsets.add(unit.length());
            unit.append(snippet).append("\n}");
        }
        unit.append(" }");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(DISCARD, files, diagnostics, OPTIONS, null,
                List.of(new Source(unit.toString())));
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        List<Body> bodies = new ArrayList<>();
        try {
            for (CompilationUnitTree parsed : task.parse()) {
                for (Tree type : parsed.getTypeDecls()) {
                    if (!(type instanceof ClassTree declared)) {
                        continue;
                    }
                    for (Tree member : declared.getMembers()) {
                        if (member instanceof MethodTree method && method.getBody() != null
                                && bodies.size() < offsets.size()) {
                            bodies.add(new Body(method.getBody().getStatements(), parsed, positions,
                                    offsets.get(bodies.size())));
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
