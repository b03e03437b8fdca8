package jaudit.kernel.jshell;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jaudit.kernel.log.Log;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.TypeDeclSnippet;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Keeps what a run of a cell declares (variables with their types written out or, for {@code var},
 * told by JShell, methods, classes and records) as static members of one class, instead of one JShell
 * snippet each: JShell compiles every
 * snippet on its own, about 15 ms a declaration, where the class is one compile and the variables'
 * initializers run in one block with the statements around them.
 *
 * <p>Later snippets see each member as they see JShell's own declarations, through a single static
 * import, here from one import snippet per class. JShell compiles an import snippet outside its
 * {@code REPL} package, where the class it wrapped the members in is out of reach, so each class gets
 * a public view: an empty subclass in {@code REPL}, written with ASM into a folder on the class path,
 * whose inherited members the imports name. Each name is held once: a rerun of a variable's
 * declaration with the same type assigns the field again, as a redeclaration in JShell replaces the
 * variable and what used it sees the new value; before JShell declares a held name any other way,
 * the name is released (its import dropped), and JShell recompiles what used it against the new
 * declaration, its dependencies being by name. A held method or type that names a released one is
 * released too and declared again as its own JShell snippet from the text the cell wrote, so that it
 * reaches the new declaration as it would in JShell.
 */
final class CellVariables {
    /**
     * Fewer declarations in a run than this go to JShell one by one: the class and its import cost
     * about two snippets.
     */
    static final int AT_LEAST = 3;
    /** How the holder's field a run's block counts its progress in begins: odd while a declaration runs, even after. */
    private static final String PROGRESS = "$ran$";
    private static final String VIEW = "$VarsView$";
    private static final String PACKAGE = "REPL";
    private static final String HOLDER = "$Vars$";
    private static final Pattern HOLDER_QUALIFIER = Pattern.compile(Pattern.quote(HOLDER) + "\\d+\\.");
    private static final Pattern HOLDER_CLASS = Pattern.compile("^" + Pattern.quote(HOLDER) + "\\d+\\$?");

    private final JShell shell;
    private final CellClassLoader loader;
    private final SnippetLocator locator;
    private final Map<String, Held> held = new HashMap<>();
    /** The folder of views on JShell's class path; null when none could be made, and nothing is held. */
    private final Path views;
    /** Writes the views: the kernel's own files, not the cell's, so outside the cell's audit context. */
    private final KernelWorker kernelThread;
    private int made;
    /**
     * Names of holding classes that hold nothing any more, for the next holder to take: JShell imports
     * every class snippet into every later one, and a class that holds nothing is never dropped (see
     * {@link #retire}), so it is declared anew with what the next run holds.
     */
    private final Deque<String> freeNames = new ArrayDeque<>();

    /** Makes the folder of views and puts it on the class path: with the kernel, before any cell's audit context. */
    CellVariables(JShell shell, CellClassLoader loader, SnippetLocator locator) {
        this.shell = shell;
        this.loader = loader;
        this.locator = locator;
        this.views = viewsFolder(shell);
        this.kernelThread = views == null ? null : new KernelWorker("jaudit-variables");
    }

    private static Path viewsFolder(JShell shell) {
        try {
            Path folder = Files.createTempDirectory("jaudit-variables");
            folder.toFile().deleteOnExit();
            Files.createDirectories(folder.resolve(PACKAGE)).toFile().deleteOnExit();
            shell.addToClasspath(folder.toString());
            return folder;
        } catch (IOException | RuntimeException e) {
            Log.info("declarations stay JShell snippets, no folder for their classes: " + e);
            return null;
        }
    }

    /** One snippet of a run: its shape, its text as the cell wrote it, and where that starts. */
    record Piece(SnippetShape shape, String text, SnippetOrigin origin) {
        /** Whether a holder keeps what it declares. */
        boolean declares() {
            return shape.holdable();
        }
    }

    /**
     * A class holding a run's declarations, the public view its imports go through, the import snippet
     * in force, and the methods and types it holds (to declare again should a name they use be released).
     */
    private static final class Holder {
        final String view;
        final Set<String> names = new LinkedHashSet<>();
        final List<Piece> members = new ArrayList<>();
        Snippet imports;
        final Snippet declaration;

        Holder(String view, Snippet declaration) {
            this.view = view;
            this.declaration = declaration;
        }
    }

    /** A held name: its holder and, for a variable, its type as the cell wrote it (null for a method or type). */
    private record Held(Holder holder, String type) {
    }

    /**
     * A run's declarations made ready: the view whose progress field its block counts in, the view of
     * each variable's field, the names the run added (released again should the run fail), the
     * variables it assigns again, and the held methods and types it replaces (declared again should
     * the run fail before its own).
     */
    record Prepared(String progressView, Map<String, String> viewOf, Set<String> added, List<String> reassigned,
            List<Piece> replaced, List<Piece> run) {
        Prepared replacing(List<Piece> earlier) {
            return new Prepared(progressView, viewOf, added, reassigned, earlier, run);
        }
    }

    /**
     * Whether a run's declarations can all be held. A variable's name is neither a JShell variable
     * nor held with another type nor a method's or type's of the run; its type is built on no class
     * the session or the run declares (JShell would recompile the holder when that class changes, and
     * its fields would lose their values). A method or type is not JShell's already, and names nothing
     * the session declared outside the run: the holder would depend on it. No statement or initializer
     * names a variable, method or type the run declares in it or after it (a member exists from the
     * start, where JShell would not compile the use or, redeclaring, would read the new variable's
     * default); methods and types may name one another in any order, as in JShell.
     */
    boolean canHold(List<Piece> run) {
        if (views == null) {
            return false;
        }
        Set<String> declaredLater = new HashSet<>();
        for (int i = run.size() - 1; i >= 0; i--) {
            SnippetShape shape = run.get(i).shape();
            if (shape.member() != null) {
                declaredLater.add(shape.member().name());
                continue;
            }
            declaredLater.addAll(shape.variables());
            if (shape.names().stream().anyMatch(declaredLater::contains)) {
                return false;
            }
        }
        Set<String> shellVariables = names(shell.variables());
        Set<String> shellMethods = names(shell.methods());
        Set<String> shellTypes = names(shell.types());
        Set<String> memberNames = new HashSet<>();
        Set<String> typeNames = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Piece piece : run) {
            SnippetShape.Member member = piece.shape().member();
            if (member == null) {
                continue;
            }
            Held already = held.get(member.name());
            if (!keys.add(member.key()) || (member.type() ? shellTypes : shellMethods).contains(member.name())
                    || (already != null && already.type() != null)) {
                return false;
            }
            memberNames.add(member.name());
            if (member.type()) {
                typeNames.add(member.name());
            }
        }
        Set<String> fresh = new HashSet<>(memberNames);
        Set<String> variableNames = new HashSet<>();
        Set<String> jshellNames = jshellVariableNames(run);
        for (Piece piece : run) {
            SnippetShape.TypedVariable declaration = piece.shape().typed();
            if (declaration == null) {
                continue;
            }
            Held already = held.get(declaration.name());
            if (!variableNames.add(declaration.name()) || shellVariables.contains(declaration.name())
                    || memberNames.contains(declaration.name()) || jshellNames.contains(declaration.name())
                    || (already != null && !declaration.type().equals(already.type()))
                    || declaration.typeNames().stream().anyMatch(n -> shellTypes.contains(n) || typeNames.contains(n))) {
                return false;
            }
            if (already == null) {
                fresh.add(declaration.name());
            }
        }
        if (memberNames.stream().anyMatch(jshellNames::contains)) {
            return false;
        }
        Set<String> outside = new HashSet<>(held.keySet());
        outside.removeAll(fresh);
        outside.addAll(jshellNames);
        outside.addAll(shellVariables);
        outside.addAll(shellMethods);
        outside.addAll(shellTypes);
        for (Piece piece : run) {
            if (piece.shape().member() != null && piece.shape().names().stream().anyMatch(outside::contains)) {
                return false;
            }
        }
        return true;
    }

    /** The names of the variables only JShell declares in the run ({@code var} it cannot hold, modifiers...). */
    private static Set<String> jshellVariableNames(List<Piece> run) {
        Set<String> names = new HashSet<>();
        for (Piece piece : run) {
            if (piece.shape().jshellVariables()) {
                names.addAll(piece.shape().variables());
            }
        }
        return names;
    }

    private static Set<String> names(Stream<? extends DeclarationSnippet> snippets) {
        return snippets.map(DeclarationSnippet::name).collect(Collectors.toSet());
    }

    /**
     * Declares the class holding the run's new names and imports them; variables held already keep
     * their field, held methods and types the run declares again are replaced. Null when the class
     * does not compile (a type that does not exist): nothing was declared, and the run goes to JShell
     * snippet by snippet, which reports the error as usual.
     *
     * <p>A {@code var} declaration is held too when JShell can tell its type once the rest is declared
     * (its initializer names no other variable the run declares with {@code var}), and the type is one
     * a field can be written with and names no class of the session outside the run: the class is
     * then declared again with its field (nothing has run yet, nothing used the first). When no such
     * initializer names a declaration of the run, JShell tells the types first and the class is
     * declared once (one naming another {@code var} of the run stays JShell's). The prepared {@link Prepared#run} has those declarations with their types written out.
     */
    Prepared prepare(List<Piece> run) {
        List<SnippetShape> inferred = run.stream().map(Piece::shape).filter(s -> s.inferred() != null).toList();
        if (inferred.isEmpty()) {
            return prepareWritten(run);
        }
        Set<String> declaredByRun = new HashSet<>();
        run.stream().filter(Piece::declares).forEach(p -> declaredByRun.addAll(p.shape().declared()));
        if (inferred.stream().noneMatch(s -> s.names().stream().anyMatch(declaredByRun::contains))) {
            List<Piece> told = withTypesTold(run);
            return prepareWritten(told == null ? run : told);
        }
        Prepared first = prepareWritten(run);
        if (first == null) {
            return null;
        }
        List<Piece> told = withTypesTold(run);
        if (told == null) {
            return first;
        }
        release(first.added(), memberKeys(run));
        Prepared second = prepareWritten(told);
        if (second == null) {
            redeclare(first.replaced());
            return null;
        }
        return second.replacing(first.replaced());
    }

    /**
     * The run with each {@code var} declaration JShell can tell the type of, through what is declared
     * now, written with that type; null when there is none.
     */
    private List<Piece> withTypesTold(List<Piece> run) {
        Set<String> untold = jshellVariableNames(run);
        Set<String> outside = new HashSet<>(held.keySet());
        run.forEach(p -> outside.removeAll(p.shape().declared()));
        outside.addAll(names(shell.types()));
        Set<String> shellVariables = names(shell.variables());
        List<Piece> asked = new ArrayList<>();
        List<String> initializers = new ArrayList<>();
        for (Piece piece : run) {
            SnippetShape.TypedVariable declaration = piece.shape().inferred();
            String initializer = declaration == null ? null : declaration.initializerIn(piece.text());
            if (initializer != null && !held.containsKey(declaration.name())
                    && !shellVariables.contains(declaration.name())
                    && piece.shape().names().stream().noneMatch(untold::contains)) {
                asked.add(piece);
                initializers.add(initializer);
            }
        }
        if (asked.isEmpty()) {
            return null;
        }
        List<String> types = ToldTypes.of(shell.sourceCodeAnalysis(), initializers);
        List<Piece> told = new ArrayList<>();
        boolean any = false;
        for (Piece piece : run) {
            int at = asked.indexOf(piece);
            String type = at < 0 || types.get(at) == null ? null : withoutHolder(types.get(at));
            // Object is also what an analysis that could not compile the initializer tells.
            if (type != null && !UNWRITABLE.matcher(type).find() && !type.equals("Object")
                    && !type.equals("java.lang.Object") && typeNames(type).noneMatch(outside::contains)) {
                told.add(new Piece(piece.shape().typedAs(type), piece.text(), piece.origin()));
                any = true;
            } else {
                told.add(piece);
            }
        }
        return any ? told : null;
    }

    private static final Pattern TYPE_NAME = Pattern.compile("[\\w$]+");

    /** The words of a type as written: its classes' simple names, among package names and keywords. */
    private static Stream<String> typeNames(String type) {
        return TYPE_NAME.matcher(type).results().map(MatchResult::group);
    }

    /** What a field's type cannot be written with: intersections, captures, anonymous and error types. */
    private static final Pattern UNWRITABLE = Pattern.compile("&|capture#|<anonymous|<any>|<none>|<nulltype>|\\$");

    private Prepared prepareWritten(List<Piece> run) {
        Set<String> redeclared = new LinkedHashSet<>();
        Set<String> keys = new HashSet<>();
        for (Piece piece : run) {
            SnippetShape.Member member = piece.shape().member();
            if (member != null) {
                keys.add(member.key());
                if (held.containsKey(member.name())) {
                    redeclared.add(member.name());
                }
            }
        }
        List<Piece> replaced = release(redeclared, keys);
        Map<String, String> viewOf = new LinkedHashMap<>();
        List<String> reassigned = new ArrayList<>();
        Set<String> fresh = new LinkedHashSet<>();
        for (Piece piece : run) {
            SnippetShape.TypedVariable declaration = piece.shape().typed();
            if (declaration != null && held.containsKey(declaration.name())) {
                viewOf.put(declaration.name(), held.get(declaration.name()).holder().view);
                reassigned.add(declaration.name());
            } else if (piece.declares()) {
                fresh.add(declaration != null ? declaration.name() : piece.shape().member().name());
            }
        }
        if (fresh.isEmpty()) {
            String progress = viewOf.values().iterator().next();
            setProgress(progress, 0);
            return new Prepared(progress, viewOf, Set.of(), reassigned, replaced, run);
        }
        Holder holder = declareHolder(run, fresh);
        if (holder == null) {
            redeclare(replaced);
            return null;
        }
        for (Piece piece : run) {
            SnippetShape.TypedVariable declaration = piece.shape().typed();
            SnippetShape.Member member = piece.shape().member();
            if (member != null) {
                held.put(member.name(), new Held(holder, null));
                holder.members.add(piece);
            } else if (declaration != null && fresh.contains(declaration.name())) {
                held.put(declaration.name(), new Held(holder, declaration.type()));
                viewOf.put(declaration.name(), holder.view);
            }
        }
        holder.names.addAll(fresh);
        holder.imports = importNames(holder);
        if (holder.imports == null) {
            fresh.forEach(held::remove);
            retire(holder.declaration);
            redeclare(replaced);
            return null;
        }
        return new Prepared(holder.view, viewOf, Set.copyOf(fresh), reassigned, replaced, run);
    }

    /**
     * Declares the holder: each new variable a public static field, each method and type as the cell
     * wrote it, made public and static, on the line it has in the cell counted from the run's first,
     * so that a stack frame in a held method names its cell line.
     */
    private Holder declareHolder(List<Piece> run, Set<String> fresh) {
        int number = ++made;
        String name = freeNames.isEmpty() ? HOLDER + number : freeNames.poll();
        StringBuilder source = new StringBuilder("class ").append(name).append(" {");
        SnippetOrigin origin = run.get(0).origin();
        int line = 0;
        for (Piece piece : run) {
            SnippetShape.TypedVariable declaration = piece.shape().typed();
            SnippetShape.Member member = piece.shape().member();
            if (member == null && (declaration == null || !fresh.contains(declaration.name()))) {
                continue;
            }
            int from = member != null ? member.start() : declaration.typeStart();
            String text = member != null ? piece.text().substring(from)
                    : declaration.type() + " " + declaration.name() + ";";
            for (int at = piece.origin().firstLine() - origin.firstLine() + newlines(piece.text().substring(0, from));
                    line < at; line++) {
                source.append('\n');
            }
            source.append(" public static ").append(text);
            line += newlines(text);
        }
        source.append("\n    public static int ").append(PROGRESS).append(number).append(";\n}");
        locator.evaluating(origin);
        SnippetEvent event = CellEvaluator.mainEvent(shell.eval(source.toString()));
        if (event == null || event.status() != Snippet.Status.VALID) {
            if (event != null) {
                retire(event.snippet());
            }
            return null;
        }
        locator.record(event.snippet(), origin);
        SourceCodeAnalysis.SnippetWrapper wrapper = shell.sourceCodeAnalysis().wrapper(event.snippet());
        Optional<String> holderClass = wrapper == null ? Optional.empty()
                : loader.declaredNameEndingWith(wrapper.fullClassName() + "$" + name);
        String view = VIEW + number;
        if (holderClass.isEmpty() || !writeView(view, holderClass.get(), name)) {
            retire(event.snippet());
            return null;
        }
        return new Holder(view, event.snippet());
    }

    /**
     * Takes a holder out of use, its name free for the next: declared anew, empty, where it is still
     * JShell's (a holder that names what is not declared yet is). Dropping a class snippet would do,
     * but on JDK 25, once one is dropped, JShell's analysis tells every type as Object and finds no
     * documentation.
     */
    private void retire(Snippet declaration) {
        if (declaration instanceof TypeDeclSnippet type) {
            if (shell.status(declaration).isActive()) {
                shell.eval("class " + type.name() + " { }");
            }
            freeNames.add(type.name());
        }
    }

    private static int newlines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    /**
     * Writes the view: a public, empty subclass of the holder in REPL, its inner-class entry telling
     * javac where the holder is nested. False when it could not be written.
     */
    private boolean writeView(String view, String holderClass, String holderName) {
        String holder = holderClass.replace('.', '/');
        String outer = holder.substring(0, holder.length() - holderName.length() - 1);
        ClassWriter classFile = new ClassWriter(0);
        classFile.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_SUPER,
                PACKAGE + "/" + view, null, holder, null);
        classFile.visitInnerClass(holder, outer, holderName, Opcodes.ACC_STATIC);
        classFile.visitEnd();
        byte[] bytes = classFile.toByteArray();
        // javac reads the view from the folder; the cell class loader defines it from these bytes, as it
        // does JShell's classes, and never reads the folder under the cell's read roots.
        loader.declare(PACKAGE + "." + view, bytes);
        Path file = views.resolve(PACKAGE).resolve(view + ".class");
        try {
            kernelThread.call(() -> {
                Files.write(file, bytes);
                file.toFile().deleteOnExit();
                return null;
            });
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            Log.info("cannot write " + file + ", the run's variables stay JShell snippets: " + e);
            return false;
        }
    }

    /** One import snippet naming each of the holder's names; null if JShell refused it. */
    private Snippet importNames(Holder holder) {
        // JShell keys an import snippet by the simple name of its first import: the holder's progress
        // field is named for it alone, where a held name could be another import's first (a static import
        // the user wrote, the holder that held the name before) and the one snippet would replace the other.
        String imports = "import static " + PACKAGE + "." + holder.view + "." + progressField(holder.view) + "; "
                + holder.names.stream()
                .map(n -> "import static " + PACKAGE + "." + holder.view + "." + n + ";")
                .collect(Collectors.joining(" "));
        SnippetEvent event = CellEvaluator.mainEvent(shell.eval(imports));
        if (event == null || event.status() != Snippet.Status.VALID) {
            if (event != null) {
                shell.drop(event.snippet());
            }
            return null;
        }
        return event.snippet();
    }

    /**
     * After the run's block stopped on an exception: the declarations before it stand, the variable
     * whose initializer threw exists with its type's default value (as in JShell), and the rest as
     * {@link #stopAt}.
     */
    void settle(Prepared prepared, List<Piece> run) {
        List<Piece> declaring = run.stream().filter(Piece::declares).toList();
        int progress = progress(prepared.progressView());
        int done = progress / 2;
        if (progress % 2 == 1) {
            String name = declaring.get(done).shape().typed().name();
            resetToDefault(name, prepared.viewOf().get(name));
            done++;
        }
        stopAt(prepared, run, done);
    }

    /**
     * After the run stopped with its first {@code done} declarations made (a snippet JShell declared
     * in its turn failed, or a block did not compile and what follows goes snippet by snippet): the
     * new declarations after them never existed, what they would have replaced stands again, and
     * names held before keep their values.
     */
    void stopAt(Prepared prepared, List<Piece> run, int done) {
        List<Piece> declaring = run.stream().filter(Piece::declares).toList();
        List<Piece> unrun = declaring.subList(done, declaring.size());
        Set<String> gone = new LinkedHashSet<>();
        for (Piece piece : unrun) {
            gone.addAll(piece.shape().declared());
        }
        gone.retainAll(prepared.added());
        Set<String> unrunKeys = memberKeys(unrun);
        release(gone, unrunKeys);
        redeclare(prepared.replaced().stream().filter(p -> unrunKeys.contains(p.shape().member().key())).toList());
    }

    private static Set<String> memberKeys(List<Piece> pieces) {
        return pieces.stream().map(p -> p.shape().member()).filter(Objects::nonNull)
                .map(SnippetShape.Member::key).collect(Collectors.toSet());
    }

    /**
     * Stops holding these names, before JShell declares them its own way; names not held are ignored.
     * A held method or type that names a released name is released too; unless its key is among
     * {@code redeclaredKeys} (the caller declares it anew), it is declared again as a JShell snippet of
     * its own. A holder keeping other names gets a new import snippet for them before the old one goes,
     * so that what uses them never loses sight of them.
     *
     * @return the released methods and types whose keys the caller declares anew
     */
    List<Piece> release(Collection<String> names, Set<String> redeclaredKeys) {
        Map<Holder, Set<String>> byHolder = new LinkedHashMap<>();
        for (String name : names) {
            Held h = held.get(name);
            if (h != null) {
                byHolder.computeIfAbsent(h.holder(), k -> new LinkedHashSet<>()).add(name);
            }
        }
        List<Piece> again = new ArrayList<>();
        List<Piece> kept = new ArrayList<>();
        byHolder.forEach((holder, gone) -> {
            for (boolean grew = true; grew; ) {
                grew = false;
                for (Piece member : holder.members) {
                    if (!gone.contains(member.shape().member().name())
                            && member.shape().names().stream().anyMatch(gone::contains)) {
                        grew = gone.add(member.shape().member().name()) || grew;
                    }
                }
            }
            // A variable whose type names a released type goes with it, as JShell's own variable does
            // when the class of its type is declared anew: later cells no longer find it.
            Set<String> typedByGone = new LinkedHashSet<>();
            for (String name : holder.names) {
                String type = held.get(name).type();
                if (type != null && !gone.contains(name) && typeNames(type).anyMatch(gone::contains)) {
                    typedByGone.add(name);
                }
            }
            gone.addAll(typedByGone);
            // The class outlives what it held: what a released variable refers to must not live on in it.
            for (String name : gone) {
                if (held.get(name).type() != null) {
                    resetToDefault(name, holder.view);
                }
            }
            gone.forEach(held::remove);
            holder.names.removeAll(gone);
            for (Iterator<Piece> members = holder.members.iterator(); members.hasNext(); ) {
                Piece member = members.next();
                if (gone.contains(member.shape().member().name())) {
                    members.remove();
                    (redeclaredKeys.contains(member.shape().member().key()) ? kept : again).add(member);
                }
            }
            Snippet old = holder.imports;
            holder.imports = holder.names.isEmpty() ? null : importNames(holder);
            if (old != null) {
                shell.drop(old);
            }
            if (holder.names.isEmpty() && holder.declaration instanceof TypeDeclSnippet type) {
                // Declared again by the next holder rather than dropped: see retire.
                freeNames.add(type.name());
            }
        });
        redeclare(again);
        return kept;
    }

    /** Declares methods and types a holder no longer keeps as JShell snippets of their own, from the cell's text. */
    private void redeclare(List<Piece> members) {
        for (Piece member : members) {
            locator.evaluating(member.origin());
            SnippetEvent event = CellEvaluator.mainEvent(shell.eval(member.text()));
            if (event != null) {
                locator.record(event.snippet(), member.origin());
            }
        }
    }

    /** Text about a held variable as it would read about a JShell variable: without its holder's name. */
    static String withoutHolder(String text) {
        return HOLDER_QUALIFIER.matcher(text).replaceAll("");
    }

    /**
     * A class name nested in a snippet's wrapper as JShell's own declarations' would read, without the
     * holder: {@code R} for {@code $Vars$3$R}, nothing for {@code $Vars$3}.
     */
    static String withoutHolderClass(String nested) {
        return HOLDER_CLASS.matcher(nested).replaceFirst("");
    }

    /** Whether the text names a held variable anywhere (a cheap test before parsing it). */
    boolean mentionsHeld(String text) {
        for (String name : held.keySet()) {
            if (text.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The holder's field its run's block counts its progress in, named for the holder alone. */
    private static String progressField(String view) {
        return PROGRESS + view.substring(VIEW.length());
    }

    /** The text that counts a run's progress at the start of a block, its first {@code done} declarations made. */
    static String reached(String view, int done) {
        return view + "." + progressField(view) + " = " + 2 * done + "; ";
    }

    /** The text that counts a run's progress before its declaration {@code index} (0-based) runs. */
    static String starting(String view, int index) {
        return view + "." + progressField(view) + " = " + (2 * index + 1) + "; ";
    }

    /** The text that counts a run's progress once its declaration {@code index} has run. */
    static String finished(String view, int index) {
        return " " + view + "." + progressField(view) + " = " + (2 * index + 2) + ";";
    }

    private int progress(String view) {
        try {
            return field(view, progressField(view)).getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the progress of " + view, e);
        }
    }

    private void setProgress(String view, int value) {
        try {
            field(view, progressField(view)).setInt(null, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reset the progress of " + view, e);
        }
    }

    private void resetToDefault(String name, String view) {
        try {
            Field field = field(view, name);
            field.set(null, Array.get(Array.newInstance(field.getType(), 1), 0));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reset " + name, e);
        }
    }

    /** A holder's field through its view; the holder class is not public, so access is opened. */
    private Field field(String view, String name) throws ReflectiveOperationException {
        Field field = Class.forName(PACKAGE + "." + view, true, loader).getField(name);
        field.setAccessible(true);
        return field;
    }
}
