package jaudit.kernel.jshell;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jaudit.instrument.TransformerChain;
import jaudit.kernel.display.Display;
import jaudit.kernel.display.DisplayConnection;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Compiles and runs cells with JShell. Any thread may call it, one shell's cell thread each:
 * compiling, defining and analysing take turns ({@link EngineLock}), while the snippets' own code of
 * several cells runs at once. {@link #evaluate} runs user code on the calling thread, whose context
 * class loader it makes the cell class loader.
 */
public final class CellEvaluator {
    private static final List<String> STARTUP_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*", "java.util.concurrent.*",
            "java.util.function.*", "java.util.prefs.*", "java.util.regex.*", "java.util.stream.*");

    private final JShell shell;
    private final KernelExecutionControl control;
    private final CellClassLoader loader;
    private final CellVariables variables;
    private final SnippetLocator locator;
    private final TracebackFormatter tracebacks;
    /** Null where javac's internals are closed to the kernel. */
    private final CompilerCaches compilerCaches;
    private final SnippetSyntax syntax;
    private final EngineLock engine;
    private final List<ClassPathEntry> added = new java.util.concurrent.CopyOnWriteArrayList<>();

    private CellEvaluator(JShell shell, KernelExecutionControl control, CellClassLoader loader, SnippetSyntax syntax,
            EngineLock engine) {
        this.shell = shell;
        this.engine = engine;
        this.syntax = syntax;
        this.control = control;
        this.loader = loader;
        this.locator = new SnippetLocator(shell, engine);
        this.variables = new CellVariables(shell, loader, locator);
        this.tracebacks = new TracebackFormatter(locator);
        this.compilerCaches = CompilerCaches.of(shell);
    }

    /**
     * Creates JShell with the kernel's execution engine, runs the standard imports and one warm-up
     * snippet, so that the first real cell does not pay for compiler start-up.
     */
    public static CellEvaluator start(TransformerChain chain) {
        SnippetSyntax syntax = new SnippetSyntax();
        // In a cold JVM javac's parser takes about 0.4 s over its first snippet, and every cell is parsed
        // before JShell sees it: that first parse runs beside JShell's own start instead of after it.
        Thread parserWarmup = new Thread(() -> syntax.isExpression("1 + 1"), "jaudit-parser-warmup");
        parserWarmup.setDaemon(true);
        parserWarmup.start();
        ClassLoader kernelLoader = CellEvaluator.class.getClassLoader();
        CellClassLoader loader = new CellClassLoader(new CellParentLoader(kernelLoader), chain);
        EngineLock engine = new EngineLock();
        KernelExecutionControl[] created = new KernelExecutionControl[1];
        ExecutionControlProvider provider = new ExecutionControlProvider() {
            @Override
            public String name() {
                return "jaudit";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                created[0] = new KernelExecutionControl(new CellLoaderDelegate(loader), engine);
                return created[0];
            }
        };
        DisplayConnection.useCellLoader(loader);
        JShell shell = buildWithApiClassPath(JShell.builder().executionEngine(provider, Map.of()));
        CellEvaluator evaluator = new CellEvaluator(shell, created[0], loader, syntax, engine);
        // Straight to JShell: the kernel's own imports need none of a cell's splitting and parsing.
        for (String pkg : STARTUP_IMPORTS) {
            shell.eval("import " + pkg + ";");
        }
        shell.eval("import static " + Display.class.getName() + ".*;");
        // The way every closing expression goes (split, parsed, run as a block that hands its value over),
        // so that the first cell does not pay for it.
        evaluator.evaluate("1 + 1", null);
        return evaluator;
    }

    /**
     * JShell compiles against {@code java.class.path}, read when it is built, and extends that path
     * with each {@code addToClasspath}. Cells must compile against the display API, not the kernel's
     * own jar, and a {@code --class-path} compiler option would undo every later {@code %jars}: so
     * the property names the API folder while JShell is built and takes its first path.
     */
    private static JShell buildWithApiClassPath(JShell.Builder builder) {
        String api = ApiClassPath.folder().toString();
        String kernelPath = System.getProperty("java.class.path");
        System.setProperty("java.class.path", api);
        try {
            JShell shell = builder.build();
            shell.addToClasspath(api);
            return shell;
        } finally {
            System.setProperty("java.class.path", kernelPath);
        }
    }

    /**
     * Whether a snippet's own code is running on the thread now: JShell and javac, between snippets,
     * must never be stopped by force.
     */
    public boolean runningCellCode(Thread thread) {
        return control.invoking(thread);
    }

    public JShell shell() {
        return shell;
    }

    /** The parser cells go through, warm once the evaluator has started. */
    SnippetSyntax syntax() {
        return syntax;
    }

    /** Taken by whoever reads or changes JShell's state. */
    EngineLock engine() {
        return engine;
    }

    /**
     * Adds jars or class folders to the class path of later snippets, javac's and the cell class
     * loader's, and remembers why for {@code %audit}.
     *
     * @param because what asked for them, as the cell wrote it: {@code %maven g:a:v (In[3])}
     */
    public void addToClasspath(List<java.nio.file.Path> paths, String because) {
        engine.holding(() -> {
            for (java.nio.file.Path path : paths) {
                shell.addToClasspath(path.toString());
                added.add(new ClassPathEntry(path, because));
            }
        });
        DisplayConnection.classPathChanged();
        JdbcDrivers.register(loader);
    }

    /** What cells added to the class path this session, in order. */
    public List<ClassPathEntry> addedClassPath() {
        return List.copyOf(added);
    }

    /** One jar or folder a cell put on the class path, and the magic that did. */
    public record ClassPathEntry(java.nio.file.Path path, String because) {
    }

    /** Whether Java text ends where a new statement may begin: nothing open (block, string, expression). */
    public boolean endsBetweenStatements(String code) {
        return engine.holding(() -> {
            List<CellSplitter.Segment> segments = CellSplitter.split(shell.sourceCodeAnalysis(), code);
            return segments.isEmpty() || segments.get(segments.size() - 1).complete();
        });
    }

    /** "In[3], line 2" for a frame of cell code; empty for any other frame or when it cannot be told. */
    public Optional<String> locate(StackTraceElement frame) {
        try {
            return locator.where(frame);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Evaluates the Java code snippet by snippet, stopping at the first that fails. Consecutive
     * statements that declare nothing (calls, assignments, loops, ifs) run as one block: one compile
     * instead of one each; when the cell ends in an expression, that block ends with it and hands its
     * value over ({@link CellValue}), so JShell neither infers its type in extra passes nor keeps a
     * {@code $N} variable. A run of such statements with several variable declarations whose types are
     * written out becomes one class holding the variables and one block of the statements and the
     * initializers ({@link CellVariables}). Should a block not compile, its statements run one by one,
     * so the ones before the error still run and the error is reported as it would be alone.
     */
    public CellResult evaluate(String code, String cell) {
        Step last = engine.holding(() -> evaluateHolding(code, cell));
        // The value's toString and renderers, and the exception's message, are the cell's own code:
        // they run with JShell free for the other shells.
        if (last.thrown() != null) {
            return CellResult.failed(tracebacks.format(last.thrown()));
        }
        if (last.error() != null) {
            return CellResult.failed(last.error());
        }
        if (!last.valued()) {
            return CellResult.of(null);
        }
        try {
            return CellResult.of(bundleOf(last.value()));
        } catch (RuntimeException | Error e) {
            return CellResult.failed(tracebacks.format(e));
        }
    }

    /** The last step, or the one that failed. */
    private Step evaluateHolding(String code, String cell) {
        // As a plain JVM's main thread has the class path's loader: DriverManager, ServiceLoader and
        // every library that looks up through the context class loader must see the jars cells
        // added. Threads and pools the cell starts inherit it.
        Thread.currentThread().setContextClassLoader(loader);
        List<CellSplitter.Segment> segments = CellSplitter.split(shell.sourceCodeAnalysis(), code);
        List<SnippetShape> shapes = shapes(code, segments);
        int n = segments.size();
        boolean endsInExpression = n > 0 && segments.get(n - 1).completeness() == Completeness.COMPLETE
                && syntax.isExpression(segments.get(n - 1).expression(code));
        Deque<Run> pending = new ArrayDeque<>(runs(shapes, 0, n, endsInExpression));
        Step last = Step.NONE;
        while (!pending.isEmpty()) {
            Run run = pending.poll();
            List<CellSplitter.Segment> members = segments.subList(run.from(), run.to());
            List<SnippetShape> memberShapes = shapes.subList(run.from(), run.to());
            Step step = null;
            if (run.held()) {
                HeldOutcome held = evaluateHeld(code, members, memberShapes, run.valueOfLast(), cell);
                step = held.step();
                if (step == null) {
                    List<Run> apart = plainRuns(shapes, run.from() + held.apartFrom(), run.to(), endsInExpression);
                    for (int i = apart.size() - 1; i >= 0; i--) {
                        pending.push(apart.get(i));
                    }
                    continue;
                }
            } else if (run.block()) {
                step = evaluate(code, CellSplitter.Segment.block(code, members, run.valueOfLast()),
                        SnippetShape.OTHER, cell);
                if (step.rejected()) {
                    step = null;
                }
            }
            for (int i = 0; step == null && i < members.size(); i++) {
                Step single = evaluate(code, members.get(i), memberShapes.get(i), cell);
                if (single.failed() || i == members.size() - 1) {
                    step = single;
                }
            }
            if (step.failed()) {
                forgetCompilations();
                return step;
            }
            last = step;
        }
        forgetCompilations();
        return last;
    }

    private void forgetCompilations() {
        if (compilerCaches != null) {
            compilerCaches.clear();
        }
    }

    /**
     * What one snippet did: its value (when {@code valued}), or the error that stopped it (or the
     * exception it threw, to be formatted once JShell is free), and whether javac refused it.
     */
    private record Step(Object value, boolean valued, CellError error, Throwable thrown, boolean rejected) {
        static final Step NONE = new Step(null, false, null, null, false);

        static Step of(Object value) {
            return new Step(value, true, null, null, false);
        }

        static Step failed(CellError error) {
            return new Step(null, false, error, null, false);
        }

        static Step rejected(CellError error) {
            return new Step(null, false, error, null, true);
        }

        static Step threw(Throwable thrown) {
            return new Step(null, false, null, thrown, false);
        }

        boolean failed() {
            return error != null || thrown != null;
        }
    }

    /**
     * Segments [from, to) that run together as one block, or one segment alone, or as the statements
     * and declarations of a cell variables class ({@code held}). {@code valueOfLast}: the run ends with
     * the cell's closing expression and hands its value over.
     */
    private record Run(int from, int to, boolean block, boolean valueOfLast, boolean held) {
    }

    /**
     * What each segment is. A lone snippet is not parsed (one parse less for every {@code 1 + 1})
     * unless it names a held variable, which it may be redeclaring.
     */
    private List<SnippetShape> shapes(String code, List<CellSplitter.Segment> segments) {
        if (segments.size() < 2 && !variables.mentionsHeld(code)) {
            return segments.stream().map(s -> SnippetShape.OTHER).toList();
        }
        List<String> candidates = new ArrayList<>();
        for (CellSplitter.Segment segment : segments) {
            candidates.add(segment.completeness() == Completeness.COMPLETE
                    ? code.substring(segment.start(), segment.end()) : ";");
        }
        List<SnippetShape> shapes = new ArrayList<>(syntax.shapes(candidates));
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).completeness() != Completeness.COMPLETE) {
                shapes.set(i, SnippetShape.OTHER);
            }
        }
        return shapes;
    }

    /**
     * Segments [from, to) cut into runs: a stretch of plain statements, typed variable declarations,
     * methods, types and variables only JShell holds, with at least {@link CellVariables#AT_LEAST}
     * typed variables, methods and types among them, is one held run; otherwise as {@link #plainRuns}.
     */
    private List<Run> runs(List<SnippetShape> shapes, int from, int to, boolean endsInExpression) {
        int n = shapes.size();
        List<Run> runs = new ArrayList<>();
        for (int i = from; i < to; ) {
            int j = i;
            int declaring = 0;
            while (j < to && (shapes.get(j).plain() || shapes.get(j).holdable() || shapes.get(j).jshellVariables()
                    || (j == n - 1 && endsInExpression))) {
                declaring += shapes.get(j).holdable() || shapes.get(j).inferred() != null ? 1 : 0;
                j++;
            }
            if (declaring >= CellVariables.AT_LEAST) {
                runs.add(new Run(i, j, false, j == n && endsInExpression, true));
                i = j;
                continue;
            }
            int end = Math.max(j, i + 1);
            runs.addAll(plainRuns(shapes, i, end, endsInExpression));
            i = end;
        }
        return runs;
    }

    /**
     * Segments [from, to) cut into runs: plain statements (declaring nothing a later snippet sees)
     * together, and the cell's closing expression with them; declarations and anything else alone.
     */
    private static List<Run> plainRuns(List<SnippetShape> shapes, int from, int to, boolean endsInExpression) {
        int n = shapes.size();
        List<Run> runs = new ArrayList<>();
        for (int i = from; i < to; ) {
            int j = i;
            while (j < to && (shapes.get(j).plain() || (j == n - 1 && endsInExpression))) {
                j++;
            }
            if (j == i) {
                runs.add(new Run(i, i + 1, false, false, false));
                i++;
                continue;
            }
            boolean valueOfLast = j == n && endsInExpression;
            runs.add(new Run(i, j, j - i >= 2 || valueOfLast, valueOfLast, false));
            i = j;
        }
        return runs;
    }

    /**
     * What a held run did: its last step; or, when its step is null, where (counted in the run) what
     * is left of it goes snippet by snippet instead.
     */
    private record HeldOutcome(Step step, int apartFrom) {
    }

    /**
     * Runs a stretch of statements and declarations as a cell variables class, with a block of the
     * statements and initializers between each two variables JShell declares itself ({@code var}...),
     * which run in their turn. Not held at all, or a block that does not compile: the rest goes
     * snippet by snippet. Should a block throw or a JShell snippet fail, the declarations before stand
     * and those after never existed, as in JShell.
     */
    private HeldOutcome evaluateHeld(String code, List<CellSplitter.Segment> members, List<SnippetShape> shapes,
            boolean valueOfLast, String cell) {
        List<CellVariables.Piece> run = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            CellSplitter.Segment member = members.get(i);
            run.add(new CellVariables.Piece(shapes.get(i), code.substring(member.start(), member.end()),
                    new SnippetOrigin(cell, lineOf(code, member.start()))));
        }
        CellVariables.Prepared prepared = variables.canHold(run) ? variables.prepare(run) : null;
        if (prepared == null) {
            return new HeldOutcome(null, 0);
        }
        run = prepared.run();
        shapes = run.stream().map(CellVariables.Piece::shape).toList();
        Step last = Step.NONE;
        int declared = 0;
        int from = 0;
        for (int i = 0; i <= members.size(); i++) {
            if (i < members.size() && !shapes.get(i).jshellVariables()) {
                continue;
            }
            boolean closing = valueOfLast && i == members.size();
            List<SnippetShape> group = shapes.subList(from, i);
            if (closing || group.stream().anyMatch(g -> g.member() == null)) {
                Step step = evaluate(code, heldBlock(code, members.subList(from, i), group, prepared, closing, declared),
                        SnippetShape.OTHER, cell);
                if (step.rejected()) {
                    variables.stopAt(prepared, run, declared);
                    return new HeldOutcome(null, from);
                }
                if (step.failed()) {
                    variables.settle(prepared, run);
                    return new HeldOutcome(step, -1);
                }
                last = step;
            }
            declared += (int) group.stream().filter(SnippetShape::holdable).count();
            if (i < members.size()) {
                last = evaluate(code, members.get(i), shapes.get(i), cell);
                if (last.failed()) {
                    variables.stopAt(prepared, run, declared);
                    return new HeldOutcome(last, -1);
                }
            }
            from = i + 1;
        }
        return new HeldOutcome(last, -1);
    }

    /**
     * A block of a held run, {@code declaredBefore} of its declarations made before it: the cell's
     * text, methods and types left out (their lines kept), each variable declaration's type taken
     * out (its name then reads as an assignment to the field) and the progress counted before and
     * after each declaration, on the same lines, so that a stack frame names the cell line it ran.
     */
    private static CellSplitter.Segment heldBlock(String code, List<CellSplitter.Segment> members,
            List<SnippetShape> shapes, CellVariables.Prepared prepared, boolean valueOfLast, int declaredBefore) {
        String progress = prepared.progressView();
        StringBuilder source = new StringBuilder("{").append(CellVariables.reached(progress, declaredBefore));
        int declared = declaredBefore;
        for (int i = 0; i < members.size(); i++) {
            CellSplitter.Segment member = members.get(i);
            String text = code.substring(member.start(), member.end());
            SnippetShape.TypedVariable declaration = shapes.get(i).typed();
            if (valueOfLast && i == members.size() - 1) {
                int lead = text.length() - text.stripLeading().length();
                source.append(text, 0, lead).append(CellValue.class.getName()).append(".of(() -> ")
                        .append(member.expression(code)).append("\n);");
            } else if (shapes.get(i).member() != null) {
                text.chars().filter(c -> c == '\n').forEach(c -> source.append('\n'));
                source.append(CellVariables.finished(progress, declared++));
            } else if (declaration == null) {
                source.append(text);
            } else {
                source.append(text, 0, declaration.typeStart())
                        .append(CellVariables.starting(progress, declared));
                text.substring(declaration.typeStart(), declaration.nameStart()).chars().filter(c -> c == '\n')
                        .forEach(c -> source.append('\n'));
                if (declaration.bareArrayAt() >= 0) {
                    source.append(text, declaration.nameStart(), declaration.bareArrayAt()).append("new ")
                            .append(declaration.type()).append(' ')
                            .append(text, declaration.bareArrayAt(), declaration.end());
                } else if (declaration.told()) {
                    // javac checks the type JShell told: the initializer's value and the field must each
                    // be assignable to the other, or the block does not compile and the run goes apart.
                    String local = "$told" + declared;
                    source.append("var ").append(local).append(" =").append(declaration.initializerIn(text))
                            .append("; ").append(declaration.name()).append(" = ").append(local).append("; ")
                            .append(local).append(" = ").append(declaration.name()).append(';');
                } else if (declaration.initialized()) {
                    source.append(text, declaration.nameStart(), declaration.end());
                } else if (prepared.reassigned().contains(declaration.name())) {
                    source.append(declaration.name()).append(" = ").append(defaultOf(declaration.type())).append(';');
                }
                source.append(CellVariables.finished(progress, declared))
                        .append(text, declaration.end(), text.length());
                declared++;
            }
        }
        CellSplitter.Segment first = members.get(0);
        return new CellSplitter.Segment(first.start(), members.get(members.size() - 1).end(),
                source.append("\n}").toString(), Completeness.COMPLETE, 1);
    }

    /** The value a declaration without an initializer starts with, as Java source. */
    private static String defaultOf(String type) {
        return switch (type) {
            case "boolean" -> "false";
            case "char" -> "'\\0'";
            case "byte", "short", "int", "long", "float", "double" -> "0";
            default -> "null";
        };
    }

    /**
     * One snippet; a name it declares is released from any class holding it, so that JShell's own
     * declaration is the only one.
     */
    private Step evaluate(String code, CellSplitter.Segment segment, SnippetShape shape, String cell) {
        variables.release(shape.declared(),
                shape.member() == null ? Set.of() : Set.of(shape.member().key()));
        SnippetOrigin origin = new SnippetOrigin(cell, lineOf(code, segment.start()));
        locator.evaluating(origin);
        long displaysBefore = DisplayConnection.displaysShown();
        CellValue.clear();
        List<SnippetEvent> events = shell.eval(segment.source());
        SnippetEvent main = mainEvent(events);
        if (main == null) {
            return Step.NONE;
        }
        Snippet snippet = main.snippet();
        locator.record(snippet, origin);
        if (main.status() == Snippet.Status.REJECTED) {
            return Step.rejected(compileError(code, segment, snippet, cell));
        }
        if (main.exception() != null) {
            return runtimeError(main.exception());
        }
        warnIfUnresolved(main);
        boolean handedOver = CellValue.present();
        if (!handedOver && !hasValue(snippet)) {
            return Step.NONE;
        }
        Object raw = handedOver ? CellValue.take() : control.takeValue();
        if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            // Values are shown, never kept as $N: every later snippet would import each one.
            shell.drop(snippet);
        }
        return DisplayConnection.isDisplayId(raw, displaysBefore) ? Step.NONE : Step.of(raw);
    }

    /** The event of the evaluated snippet itself, not of those JShell updated because of it; null if none. */
    static SnippetEvent mainEvent(List<SnippetEvent> events) {
        return events.stream().filter(e -> e.causeSnippet() == null).findFirst()
                .orElse(events.isEmpty() ? null : events.get(0));
    }

    /** A renderer's bundle when one handles the value, with jshell's text of it unless the renderer gave its own. */
    private static Map<String, String> bundleOf(Object value) {
        Map<String, String> bundle = new LinkedHashMap<>(DisplayConnection.richBundle(value));
        bundle.putIfAbsent("text/plain", KernelExecutionControl.render(value));
        return bundle;
    }

    private static boolean hasValue(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private Step runtimeError(Exception exception) {
        Throwable raw = control.takeFailure();
        if (raw != null) {
            return Step.threw(raw);
        }
        if (exception instanceof UnresolvedReferenceException unresolved) {
            Snippet declaration = unresolved.getSnippet();
            String missing = shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) declaration)
                    .collect(Collectors.joining(", "));
            String message = declaration.source().strip().lines().findFirst().orElse("")
                    + " cannot be invoked until " + missing + " is declared";
            return Step.failed(new CellError("UnresolvedReferenceException", message,
                    List.of("UnresolvedReferenceException: " + message)));
        }
        String name = exception instanceof EvalException eval ? eval.getExceptionClassName()
                : exception.getClass().getName();
        String message = exception.getMessage() == null ? "" : exception.getMessage();
        return Step.failed(new CellError(name, message, List.of(name + ": " + message)));
    }

    private void warnIfUnresolved(SnippetEvent event) {
        if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            String missing = shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) event.snippet())
                    .collect(Collectors.joining(", "));
            System.err.println("Note: " + ((jdk.jshell.DeclarationSnippet) event.snippet()).name()
                    + " cannot be used until " + missing + " is declared");
        }
    }

    private CellError compileError(String code, CellSplitter.Segment segment, Snippet snippet, String cell) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag diag : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!diag.isError()) {
                continue;
            }
            String message = cleanMessage(diag.getMessage(null));
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            int position = segment.start() + (int) Math.max(0, diag.getStartPosition() - segment.prefix());
            position = Math.min(position, code.length());
            int line = lineOf(code, position);
            int lineStart = code.lastIndexOf('\n', position - 1) + 1;
            int lineEnd = code.indexOf('\n', position);
            String sourceLine = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
            int column = position - lineStart;
            lines.add(new SnippetOrigin(cell, 0).describe(line + 1) + ", column " + (column + 1) + ": " + message);
            // Show at most a screen's width of a long line, keeping the caret under the error.
            int from = Math.max(0, column - 60);
            int to = Math.min(sourceLine.length(), from + 120);
            String shown = (from > 0 ? "..." : "") + sourceLine.substring(from, to)
                    + (to < sourceLine.length() ? "..." : "");
            lines.add("    " + shown);
            lines.add("    " + " ".repeat(column - from + (from > 0 ? 3 : 0)) + "^");
        }
        if (first == null) {
            first = "the snippet was rejected";
            lines.add(first);
        }
        return new CellError("CompilationError", first, lines);
    }

    /** javac names JShell's nameless wrapper class; that line says nothing to the user. */
    private static String cleanMessage(String message) {
        return message.lines().filter(l -> !l.strip().equals("location: class"))
                .collect(Collectors.joining("\n"));
    }

    private static int lineOf(String code, int position) {
        int lines = 0;
        for (int i = 0; i < position && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
