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
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.util.JavacTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /**
     * The start of a method declaration: comments, type variables, a return type and a name before an
     * opening parenthesis. Only a guess of which way to parse first; the parser decides.
     */
    private static final Pattern METHOD_LIKE = Pattern.compile(
            "(\\s|//[^\\n]*\\n|/\\*(?s:.*?)\\*/)*(<[^>]*>\\s*)?[\\w.$]+(\\s*<[\\w.$<>,?\\s\\[\\]]*>)?(\\s*\\[\\s*\\])*\\s+[\\w$]+\\s*\\(");

    /** Statement kinds that can share a block with their neighbours without changing what they mean. */
    private static final Set<Tree.Kind> PLAIN_STATEMENTS = EnumSet.of(Tree.Kind.EXPRESSION_STATEMENT,
            Tree.Kind.IF, Tree.Kind.FOR_LOOP, Tree.Kind.ENHANCED_FOR_LOOP, Tree.Kind.WHILE_LOOP,
            Tree.Kind.DO_WHILE_LOOP, Tree.Kind.SWITCH, Tree.Kind.TRY, Tree.Kind.SYNCHRONIZED, Tree.Kind.BLOCK,
            Tree.Kind.THROW, Tree.Kind.ASSERT, Tree.Kind.EMPTY_STATEMENT);

    /**
     * For each snippet, what it is to the cell's runs ({@link SnippetShape}): a plain statement that
     * can share a block, a variable declaration (and whether its type is written out), a method or a
     * type, or anything else. One parser run takes each snippet as a method body or, when it looks
     * like a method (which parses only so), as class members; a second takes those the first could
     * not parse the other way.
     */
    synchronized List<SnippetShape> shapes(List<String> snippets) {
        boolean[] asMembers = new boolean[snippets.size()];
        for (int i = 0; i < snippets.size(); i++) {
            asMembers[i] = METHOD_LIKE.matcher(snippets.get(i)).lookingAt();
        }
        List<Body> bodies = parse(snippets, i -> asMembers[i]);
        List<Integer> failing = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            if (bodies.get(i) == null) {
                failing.add(i);
            }
        }
        if (!failing.isEmpty()) {
            List<Body> again = parse(failing.stream().map(snippets::get).toList(), k -> !asMembers[failing.get(k)]);
            for (int k = 0; k < failing.size(); k++) {
                bodies.set(failing.get(k), again.get(k));
            }
        }
        List<SnippetShape> shapes = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            shapes.add(bodies.get(i) == null ? SnippetShape.OTHER : bodies.get(i).shape(snippets.get(i)));
        }
        return shapes;
    }

    /** Whether the text (a snippet, its semicolon optional) is one expression, as JShell would show a value of. */
    synchronized boolean isExpression(String expression) {
        String statement = expression.stripTrailing();
        statement = statement.endsWith(";") ? statement : statement + "\n;";
        // "List<Integer> list = new ArrayList<>()" parses as a value too, a chain of comparisons and an
        // assignment: a snippet that parses as a variable declaration is one, as JShell reads it.
        List<Body> bodies = parse(List.of("Object value =\n" + expression + "\n;", statement), i -> false);
        return oneVariable(bodies.get(0)) && !oneVariable(bodies.get(1));
    }

    private static boolean oneVariable(Body body) {
        return body != null && body.trees().size() == 1 && body.trees().get(0).getKind() == Tree.Kind.VARIABLE;
    }

    /**
     * One snippet parsed as a method body (its statements) or as class members, and where its text
     * starts in the parsed unit.
     */
    private record Body(List<? extends Tree> trees, CompilationUnitTree unit, SourcePositions positions,
            int offset) {
        SnippetShape shape(String snippet) {
            Set<String> used = new LinkedHashSet<>();
            for (Tree tree : trees) {
                used.addAll(simpleNames(tree));
            }
            if (trees.size() == 1 && PLAIN_STATEMENTS.contains(trees.get(0).getKind())) {
                return new SnippetShape(true, Set.of(), null, null, null, Set.copyOf(used));
            }
            if (trees.size() == 1 && (trees.get(0) instanceof MethodTree || trees.get(0) instanceof ClassTree)) {
                SnippetShape.Member member = member(trees.get(0), snippet);
                if (member == null) {
                    return SnippetShape.OTHER;
                }
                // A parameter, local or nested member named like a declaration of the session is not a use of it.
                used.removeAll(declaredWithin(trees.get(0)));
                return new SnippetShape(false, Set.of(), null, null, member, Set.copyOf(used));
            }
            Set<String> names = new LinkedHashSet<>();
            for (Tree tree : trees) {
                if (tree instanceof VariableTree variable) {
                    names.add(variable.getName().toString());
                }
            }
            if (names.isEmpty()) {
                return SnippetShape.OTHER;
            }
            SnippetShape.TypedVariable one = trees.size() == 1 ? typed((VariableTree) trees.get(0), snippet) : null;
            boolean inferred = one != null && one.type().equals("var");
            return new SnippetShape(false, Set.copyOf(names), inferred ? null : one, inferred ? one : null, null,
                    Set.copyOf(used));
        }

        /** The method or type, or null: modifiers or annotations, a constructor, an abstract method. */
        private SnippetShape.Member member(Tree tree, String snippet) {
            ModifiersTree modifiers = tree instanceof MethodTree m ? m.getModifiers() : ((ClassTree) tree).getModifiers();
            if (!modifiers.getFlags().isEmpty() || !modifiers.getAnnotations().isEmpty()) {
                return null;
            }
            int start = (int) positions.getStartPosition(unit, tree) - offset;
            if (tree instanceof ClassTree type) {
                String name = type.getSimpleName().toString();
                return start < 0 || name.isEmpty() ? null : new SnippetShape.Member(name, name, true, start);
            }
            MethodTree method = (MethodTree) tree;
            if (method.getBody() == null || method.getReturnType() == null) {
                return null;
            }
            if (!method.getTypeParameters().isEmpty()) {
                // javac starts a generic method at its first type variable, inside the angle brackets.
                start = snippet.lastIndexOf('<', start);
            }
            String name = method.getName().toString();
            String parameters = method.getParameters().stream()
                    .map(p -> text(p.getType(), snippet).replaceAll("\\s+", ""))
                    .collect(Collectors.joining(","));
            return start < 0 ? null : new SnippetShape.Member(name, name + "(" + parameters + ")", false, start);
        }

        private String text(Tree tree, String snippet) {
            int from = (int) positions.getStartPosition(unit, tree) - offset;
            int to = (int) positions.getEndPosition(unit, tree) - offset;
            return from < 0 || to > snippet.length() || from > to ? tree.toString() : snippet.substring(from, to);
        }

        /** The declaration with its type written out or {@code var}, or null: modifiers, {@code int a[]}. */
        private SnippetShape.TypedVariable typed(VariableTree variable, String snippet) {
            Tree type = variable.getType();
            ModifiersTree modifiers = variable.getModifiers();
            if (!modifiers.getFlags().isEmpty() || !modifiers.getAnnotations().isEmpty()) {
                return null;
            }
            int typeStart;
            int typeEnd;
            if (type != null) {
                typeStart = (int) positions.getStartPosition(unit, type) - offset;
                typeEnd = (int) positions.getEndPosition(unit, type) - offset;
            } else {
                // javac keeps no tree for var; the declaration starts at it or, on some versions, at the name.
                int start = (int) positions.getStartPosition(unit, variable) - offset;
                String before = start < 0 ? "" : snippet.substring(0, start).stripTrailing();
                typeStart = snippet.startsWith("var", start) ? start : before.endsWith("var") ? before.length() - 3 : -1;
                typeEnd = typeStart + 3;
            }
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
            if (!snippet.startsWith(name, nameStart)
                    || snippet.substring(nameStart + name.length()).stripLeading().startsWith("[")) {
                return null;
            }
            ExpressionTree initializer = variable.getInitializer();
            int bareArrayAt = initializer instanceof NewArrayTree array && array.getType() == null
                    ? (int) positions.getStartPosition(unit, array) - offset : -1;
            return new SnippetShape.TypedVariable(name, typeText, type == null ? Set.of() : simpleNames(type),
                    typeStart, nameStart, end, initializer != null, bareArrayAt, false);
        }

        /** The names a method or type declares inside itself: parameters, locals, type variables, members. */
        private static Set<String> declaredWithin(Tree tree) {
            Set<String> names = new LinkedHashSet<>();
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitVariable(VariableTree variable, Void unused) {
                    names.add(variable.getName().toString());
                    return super.visitVariable(variable, unused);
                }

                @Override
                public Void visitMethod(MethodTree method, Void unused) {
                    names.add(method.getName().toString());
                    return super.visitMethod(method, unused);
                }

                @Override
                public Void visitClass(ClassTree type, Void unused) {
                    names.add(type.getSimpleName().toString());
                    return super.visitClass(type, unused);
                }

                @Override
                public Void visitTypeParameter(TypeParameterTree parameter, Void unused) {
                    names.add(parameter.getName().toString());
                    return super.visitTypeParameter(parameter, unused);
                }
            }.scan(tree, null);
            return names;
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

    private static final String BODY_PREFIX = "class Snippet { void snippet() {\n";
    private static final String MEMBERS_PREFIX = "class Snippet {\n";

    /**
     * Each snippet parsed alone, all in one parser run: as a method body or, where {@code asMembers}
     * holds for its index, as the members of a class. Null for a snippet the parser found an error in.
     */
    private List<Body> parse(List<String> snippets, IntPredicate asMembers) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            sources.add(new Source(i, asMembers.test(i) ? MEMBERS_PREFIX + snippets.get(i) + "\n}"
                    : BODY_PREFIX + snippets.get(i) + "\n} }"));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(DISCARD, files, diagnostics, OPTIONS, null, sources);
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        List<Body> bodies = new ArrayList<>(Collections.nCopies(snippets.size(), null));
        try {
            for (CompilationUnitTree unit : task.parse()) {
                int index = Source.indexOf(unit.getSourceFile());
                boolean members = asMembers.test(index);
                List<? extends Tree> trees = unit.getTypeDecls().size() == 1
                        && unit.getTypeDecls().get(0) instanceof ClassTree type ? type.getMembers() : List.of();
                if (!members) {
                    trees = trees.size() == 1 && trees.get(0) instanceof MethodTree method && method.getBody() != null
                            ? method.getBody().getStatements() : null;
                }
                if (trees != null && !trees.isEmpty()) {
                    bodies.set(index, new Body(trees, unit, positions,
                            (members ? MEMBERS_PREFIX : BODY_PREFIX).length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR && diagnostic.getSource() != null) {
                bodies.set(Source.indexOf(diagnostic.getSource()), null);
            }
        }
        return bodies;
    }

    private boolean parsesAs(String unit, boolean statements) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(DISCARD, files, diagnostics, OPTIONS, null,
                List.of(new Source(0, unit)));
        try {
            task.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diagnostics.getDiagnostics().stream()
                .noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR
                        && !(statements && NOT_A_STATEMENT.equals(d.getCode())));
    }

    /** A unit of source in memory, named for the snippet it wraps. */
    private static final class Source extends SimpleJavaFileObject {
        private static final String NAME = "/Snippet";
        private final String code;

        Source(int index, String code) {
            super(URI.create("string://" + NAME + index + ".java"), Kind.SOURCE);
            this.code = code;
        }

        /** The index of the snippet a unit wraps, read from its name: javac hands units back wrapped. */
        static int indexOf(JavaFileObject unit) {
            String path = unit.toUri().getPath();
            return Integer.parseInt(path.substring(NAME.length(), path.length() - ".java".length()));
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
