package jaudit.kernel.jshell;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jaudit.kernel.log.Log;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Keeps the variables a run of a cell declares with their types written out as static fields of one
 * class, instead of one JShell snippet each: JShell compiles every snippet on its own, about 15 ms a
 * declaration, where the class is one compile and the initializers run in one block with the
 * statements around them.
 *
 * <p>Later snippets see each field as they see JShell's own variables, through a single static
 * import, here from one import snippet per class. JShell compiles an import snippet outside its
 * {@code REPL} package, where the class it wrapped the fields in is out of reach, so each class gets
 * a public view: an empty subclass in {@code REPL}, written with ASM into a folder on the class path,
 * whose inherited fields the imports name. Each name is held once: a rerun of the declaration with
 * the same type assigns the field again, as a redeclaration in JShell replaces the variable and what
 * used it sees the new value; before JShell declares a held name any other way, the name is released
 * (its import dropped), and JShell recompiles what used it against the new declaration, its
 * dependencies being by name.
 */
final class CellVariables {
    /**
     * Fewer typed declarations in a run than this go to JShell one by one: the class and its import
     * cost about two snippets.
     */
    static final int AT_LEAST = 3;
    /** The holder's field a run's block counts its progress in: odd while a declaration runs, even after. */
    private static final String PROGRESS = "$ran";
    private static final String PACKAGE = "REPL";
    private static final String HOLDER = "$Vars$";
    private static final Pattern HOLDER_QUALIFIER = Pattern.compile(Pattern.quote(HOLDER) + "\\d+\\.");

    private final JShell shell;
    private final CellClassLoader loader;
    private final Map<String, Held> held = new HashMap<>();
    /** The folder of views on JShell's class path; null when none could be made, and nothing is held. */
    private final Path views;
    /** Writes the views: the kernel's own files, not the cell's, so outside the cell's audit context. */
    private final KernelWorker kernelThread;
    private int made;

    /** Makes the folder of views and puts it on the class path: with the kernel, before any cell's audit context. */
    CellVariables(JShell shell, CellClassLoader loader) {
        this.shell = shell;
        this.loader = loader;
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
            Log.info("typed variables stay JShell snippets, no folder for their classes: " + e);
            return null;
        }
    }

    /** A class that holds variables, the public view its imports go through, and the import snippet in force. */
    private static final class Holder {
        final String view;
        final Set<String> names = new LinkedHashSet<>();
        Snippet imports;
        final Snippet declaration;

        Holder(String view, Snippet declaration) {
            this.view = view;
            this.declaration = declaration;
        }
    }

    /** A held variable: its holder and its type as the cell wrote it. */
    private record Held(Holder holder, String type) {
    }

    /**
     * A run's declarations made ready: the view whose progress field its block counts in, the view of
     * each declaration's field, and the names the run added (released again should the run fail).
     */
    record Prepared(String progressView, Map<String, String> viewOf, Set<String> added, List<String> reassigned) {
    }

    /**
     * Whether a run's declarations can all be held: each name neither a JShell variable nor held with
     * another type, named once, and no type built on a class the session declared (JShell would
     * recompile the holder when that class changes, and its fields would lose their values); and no
     * snippet of the run names a variable the run declares in it or after it (a field exists from the
     * start, where JShell would not compile the use or, redeclaring, would read the new variable's
     * default).
     */
    boolean canHold(List<SnippetShape> run) {
        if (views == null) {
            return false;
        }
        Set<String> declaredLater = new HashSet<>();
        for (int i = run.size() - 1; i >= 0; i--) {
            declaredLater.addAll(run.get(i).variables());
            if (run.get(i).names().stream().anyMatch(declaredLater::contains)) {
                return false;
            }
        }
        List<SnippetShape.TypedVariable> declarations = declarations(run);
        Set<String> shellVariables = shell.variables().map(v -> v.name()).collect(Collectors.toSet());
        Set<String> sessionTypes = shell.types().map(t -> t.name()).collect(Collectors.toSet());
        Set<String> names = new LinkedHashSet<>();
        for (SnippetShape.TypedVariable declaration : declarations) {
            Held already = held.get(declaration.name());
            if (!names.add(declaration.name()) || shellVariables.contains(declaration.name())
                    || (already != null && !already.type().equals(declaration.type()))
                    || declaration.typeNames().stream().anyMatch(sessionTypes::contains)) {
                return false;
            }
        }
        return true;
    }

    /** The run's typed declarations, in order. */
    static List<SnippetShape.TypedVariable> declarations(List<SnippetShape> run) {
        return run.stream().map(SnippetShape::typed).filter(Objects::nonNull).toList();
    }

    /**
     * Declares the class holding the run's new names and imports them; names held already keep their
     * field. Null when the class does not compile (a type that does not exist): nothing was declared,
     * and the run goes to JShell snippet by snippet, which reports the error as usual.
     */
    Prepared prepare(List<SnippetShape.TypedVariable> declarations) {
        List<SnippetShape.TypedVariable> fresh = declarations.stream()
                .filter(d -> !held.containsKey(d.name())).toList();
        Map<String, String> viewOf = new LinkedHashMap<>();
        List<String> reassigned = new ArrayList<>();
        for (SnippetShape.TypedVariable declaration : declarations) {
            if (held.containsKey(declaration.name())) {
                viewOf.put(declaration.name(), held.get(declaration.name()).holder().view);
                reassigned.add(declaration.name());
            }
        }
        if (fresh.isEmpty()) {
            String progress = viewOf.values().iterator().next();
            setProgress(progress, 0);
            return new Prepared(progress, viewOf, Set.of(), reassigned);
        }
        Holder holder = declareHolder(fresh);
        if (holder == null) {
            return null;
        }
        for (SnippetShape.TypedVariable declaration : fresh) {
            held.put(declaration.name(), new Held(holder, declaration.type()));
            holder.names.add(declaration.name());
            viewOf.put(declaration.name(), holder.view);
        }
        holder.imports = importNames(holder);
        if (holder.imports == null) {
            fresh.forEach(d -> held.remove(d.name()));
            shell.drop(holder.declaration);
            return null;
        }
        return new Prepared(holder.view, viewOf, Set.copyOf(holder.names), reassigned);
    }

    private Holder declareHolder(List<SnippetShape.TypedVariable> fresh) {
        int number = ++made;
        String name = HOLDER + number;
        StringBuilder source = new StringBuilder("class ").append(name).append(" {\n");
        for (SnippetShape.TypedVariable declaration : fresh) {
            source.append("    public static ").append(declaration.type()).append(' ').append(declaration.name())
                    .append(";\n");
        }
        source.append("    public static int ").append(PROGRESS).append(";\n}");
        SnippetEvent event = CellEvaluator.mainEvent(shell.eval(source.toString()));
        if (event == null || event.status() != Snippet.Status.VALID) {
            if (event != null) {
                shell.drop(event.snippet());
            }
            return null;
        }
        Optional<String> holderClass = loader.declaredNameEndingWith("$" + name);
        String view = "$VarsView$" + number;
        if (holderClass.isEmpty() || !writeView(view, holderClass.get(), name)) {
            shell.drop(event.snippet());
            return null;
        }
        return new Holder(view, event.snippet());
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
        String imports = holder.names.stream()
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

    /** Undoes what {@link #prepare} added, when the run's block did not compile. */
    void abandon(Prepared prepared) {
        release(prepared.added());
    }

    /**
     * After the run's block stopped on an exception: the declarations before it stand, the one whose
     * initializer threw exists with its type's default value (as in JShell), the new ones after it
     * never existed and names held before keep their values.
     */
    void settle(Prepared prepared, List<SnippetShape.TypedVariable> declarations) {
        int progress = progress(prepared.progressView());
        int done = progress / 2;
        if (progress % 2 == 1) {
            resetToDefault(declarations.get(done).name(), prepared.viewOf().get(declarations.get(done).name()));
            done++;
        }
        Set<String> unrun = new LinkedHashSet<>();
        for (SnippetShape.TypedVariable declaration : declarations.subList(done, declarations.size())) {
            if (prepared.added().contains(declaration.name())) {
                unrun.add(declaration.name());
            }
        }
        release(unrun);
    }

    /**
     * Stops holding these names, before JShell declares them its own way; names not held are ignored.
     * A holder keeping other names gets a new import snippet for them before the old one goes, so
     * that what uses them never loses sight of them.
     */
    void release(Collection<String> names) {
        Map<Holder, Set<String>> byHolder = new LinkedHashMap<>();
        for (String name : names) {
            Held h = held.remove(name);
            if (h != null) {
                byHolder.computeIfAbsent(h.holder(), k -> new LinkedHashSet<>()).add(name);
            }
        }
        byHolder.forEach((holder, gone) -> {
            holder.names.removeAll(gone);
            Snippet old = holder.imports;
            holder.imports = holder.names.isEmpty() ? null : importNames(holder);
            if (old != null) {
                shell.drop(old);
            }
            if (holder.names.isEmpty()) {
                shell.drop(holder.declaration);
            }
        });
    }

    /** Text about a held variable as it would read about a JShell variable: without its holder's name. */
    static String withoutHolder(String text) {
        return HOLDER_QUALIFIER.matcher(text).replaceAll("");
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

    /** The text that counts a run's progress before its declaration {@code index} (0-based) runs. */
    static String starting(String view, int index) {
        return view + "." + PROGRESS + " = " + (2 * index + 1) + "; ";
    }

    /** The text that counts a run's progress once its declaration {@code index} has run. */
    static String finished(String view, int index) {
        return " " + view + "." + PROGRESS + " = " + (2 * index + 2) + ";";
    }

    private int progress(String view) {
        try {
            return field(view, PROGRESS).getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the progress of " + view, e);
        }
    }

    private void setProgress(String view, int value) {
        try {
            field(view, PROGRESS).setInt(null, value);
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
