import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The floors the kernel's figures are compared with: a bare in-process JShell in a fresh JVM, driven by
 * tools/benchmark/bench.py through standard input with the same cells, in the same order, as the kernels.
 *
 * <p>On start it builds a JShell with the local execution engine, evaluates the jshell tool's default
 * imports and {@code 1+1}, and prints {@code ready MS} (build, imports and first eval). Then, one command a line:
 * <ul>
 *   <li>{@code eval N} followed by N bytes of UTF-8 source: the cell is split into snippets as the jshell
 *       tool splits its input ({@code SourceCodeAnalysis.analyzeCompletion}), each snippet is evaluated
 *       with its own {@code JShell.eval}, and it prints {@code MS ok} or {@code MS error}, MS being the
 *       time of the evals alone (the split is not timed);</li>
 *   <li>{@code javac N} followed by N bytes of UTF-8 source: one compilation unit declaring class
 *       {@code Cell}, compiled by javac to class files in memory; prints {@code MS ok} or {@code MS error};</li>
 *   <li>{@code zmq}: a jeromq REQ/REP echo on loopback, 1,000 round trips after 50 warm-ups; prints the
 *       median in ms;</li>
 *   <li>{@code quit}.</li>
 * </ul>
 * The cells' own output (System.out, JShell's out) is discarded: standard output is the reply channel.
 */
public class Floors {
    /** What the jshell tool's DEFAULT startup imports (the JShell API itself imports nothing). */
    private static final List<String> DEFAULT_IMPORTS = List.of("import java.io.*;", "import java.math.*;",
            "import java.net.*;", "import java.nio.file.*;", "import java.util.*;", "import java.util.concurrent.*;",
            "import java.util.function.*;", "import java.util.prefs.*;", "import java.util.regex.*;",
            "import java.util.stream.*;");

    public static void main(String[] args) throws Exception {
        PrintStream reply = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(discard);
        long start = System.nanoTime();
        JShell shell = JShell.builder().executionEngine("local").out(discard).err(discard).build();
        boolean ok = eval(shell, DEFAULT_IMPORTS) & eval(shell, List.of("1+1"));
        reply.printf(Locale.ROOT, "ready %.3f %s%n", (System.nanoTime() - start) / 1e6, ok ? "ok" : "error");
        InputStream in = new BufferedInputStream(System.in);
        for (String line; (line = readLine(in)) != null; ) {
            String[] command = line.split(" ");
            switch (command[0]) {
                case "eval" -> {
                    byte[] source = in.readNBytes(Integer.parseInt(command[1]));
                    List<String> snippets = split(shell, new String(source, StandardCharsets.UTF_8));
                    long t = System.nanoTime();
                    ok = eval(shell, snippets);
                    reply.printf(Locale.ROOT, "%.3f %s%n", (System.nanoTime() - t) / 1e6, ok ? "ok" : "error");
                }
                case "javac" -> {
                    String unit = new String(in.readNBytes(Integer.parseInt(command[1])), StandardCharsets.UTF_8);
                    long t = System.nanoTime();
                    ok = compile(unit);
                    reply.printf(Locale.ROOT, "%.3f %s%n", (System.nanoTime() - t) / 1e6, ok ? "ok" : "error");
                }
                case "zmq" -> reply.printf(Locale.ROOT, "%.3f%n", zmqEcho());
                case "quit" -> {
                    shell.close();
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown command: " + line);
            }
        }
        System.exit(0);
    }

    /** Evaluates each snippet on its own; false when one is rejected or throws. */
    private static boolean eval(JShell shell, List<String> snippets) {
        boolean ok = true;
        for (String snippet : snippets) {
            for (SnippetEvent event : shell.eval(snippet)) {
                if (event.status() == Snippet.Status.REJECTED || event.exception() != null) {
                    ok = false;
                }
            }
        }
        return ok;
    }

    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    /** Made once, as a compiler kept warm would: JShell too keeps its file manager from snippet to snippet. */
    private static final JavaFileManager CLASSES_IN_MEMORY = new ForwardingJavaFileManager<>(
            JAVAC.getStandardFileManager(null, null, null)) {
        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream();
                }
            };
        }
    };

    /** Compiles one unit to class files kept in memory and dropped; false on a compile error. */
    private static boolean compile(String unit) {
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///Cell.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return unit;
            }
        };
        return JAVAC.getTask(Writer.nullWriter(), CLASSES_IN_MEMORY, null, List.of("-proc:none"), null, List.of(source))
                .call();
    }

    /** The snippets of a cell, as the jshell tool cuts its input. */
    private static List<String> split(JShell shell, String cell) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<String> snippets = new ArrayList<>();
        String rest = cell;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete()) {
                snippets.add(rest);
                break;
            }
            snippets.add(info.source());
            rest = info.remaining();
        }
        return snippets;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static double zmqEcho() {
        try (ZContext context = new ZContext()) {
            ZMQ.Socket rep = context.createSocket(SocketType.REP);
            int port = rep.bindToRandomPort("tcp://127.0.0.1");
            Thread echo = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    byte[] m = rep.recv(0);
                    if (m == null) {
                        return;
                    }
                    rep.send(m, 0);
                }
            });
            echo.setDaemon(true);
            echo.start();
            ZMQ.Socket req = context.createSocket(SocketType.REQ);
            req.connect("tcp://127.0.0.1:" + port);
            byte[] payload = "{\"code\": \"1+1\"}".getBytes(StandardCharsets.UTF_8);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 1050; i++) {
                long t = System.nanoTime();
                req.send(payload, 0);
                req.recv(0);
                if (i >= 50) {
                    times.add((System.nanoTime() - t) / 1e6);
                }
            }
            Collections.sort(times);
            return times.get(times.size() / 2);
        }
    }
}
