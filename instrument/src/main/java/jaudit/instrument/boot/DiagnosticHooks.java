package jaudit.instrument.boot;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JVM's own writers, asked for through the management APIs: heap dumps, VM options and the
 * diagnostic commands of the {@code DiagnosticCommand} MBean. HotSpot does their work in native
 * code, past every file hook, so each is judged here by what it names: a write to a path is
 * {@code file.write} of that path, a library {@code native.load}, and a command whose effect its
 * arguments do not show (a VM flag that makes the JVM write later, JIT directives read from a file,
 * a CDS dump that forks a JVM) is {@code jvm.diagnostic}, denied unless the policy allows it.
 * The flight recorder's files are judged by the names the command gives, before JFR is told: its
 * chunks and emergency dumps are written natively, and a denial inside JFR's Java code comes back
 * as the command's output text rather than an error. Thread dumps write through Java's own file
 * code on the calling thread, where the file hooks see them.
 */
public final class DiagnosticHooks {
    private static final String HOTSPOT = "com/sun/management/internal/HotSpotDiagnostic";

    /** Commands that only print, or change nothing a policy guards; the MBean's others are judged below. */
    private static final Set<String> HARMLESS = Set.of("help", "Compiler.CodeHeap_Analytics", "Compiler.codecache",
            "Compiler.codelist", "Compiler.queue", "Compiler.directives_print", "Compiler.directives_clear",
            "Compiler.directives_remove", "Compiler.memory", "GC.class_histogram", "GC.finalizer_info", "GC.heap_info",
            "GC.run", "GC.run_finalization", "JFR.check", "JFR.view", "JVMTI.data_dump", "System.map",
            "System.native_heap_info", "System.trim_native_heap", "Thread.print", "Thread.vthread_pollers",
            "Thread.vthread_scheduler", "VM.class_hierarchy", "VM.classes", "VM.classloader_stats", "VM.classloaders",
            "VM.command_line", "VM.dynlibs", "VM.events", "VM.flags", "VM.info", "VM.metaspace", "VM.native_memory",
            "VM.print_touched_methods", "VM.stringtable", "VM.symboltable", "VM.system_properties",
            "VM.systemdictionary", "VM.uptime", "VM.version");

    /** Commands whose files are made by Java code on the calling thread, which the file hooks judge. */
    private static final Set<String> WRITE_THROUGH_JAVA = Set.of("Thread.dump_to_file");

    private DiagnosticHooks() {
    }

    @Hook(owner = HOTSPOT, method = "dumpHeap", descriptor = "(Ljava/lang/String;Z)V", args = 0)
    public static void dumpHeap(String file) {
        if (Bridge.active) {
            EventRaiser.raise("file.write", file, "heap dump");
        }
    }

    /** Every manageable flag either makes the JVM write a heap dump later or steers the GC: not the cell's. */
    @Hook(owner = HOTSPOT, method = "setVMOption", descriptor = "(Ljava/lang/String;Ljava/lang/String;)V",
            args = {0, 1})
    public static void setVMOption(String name, String value) {
        if (Bridge.active) {
            EventRaiser.raise("jvm.diagnostic", "HotSpotDiagnosticMXBean.setVMOption", name + "=" + value);
        }
    }

    /**
     * A diagnostic command: its name, and its arguments as HotSpot will read them (joined by spaces,
     * then split again, so one element may hold several options).
     */
    @Hook(owner = "com/sun/management/internal/DiagnosticCommandImpl$Wrapper", method = "execute",
            descriptor = "([Ljava/lang/String;)Ljava/lang/String;", args = {Hook.THIS_FIELD, 0},
            thisField = "cmd:Ljava/lang/String;")
    public static void diagnosticCommand(String command, String[] arguments) {
        if (!Bridge.active || HARMLESS.contains(command)) {
            return;
        }
        List<String> words = words(arguments);
        String line = String.join(" ", words);
        String what = "diagnostic command " + command;
        switch (command) {
            case "Compiler.perfmap" -> EventRaiser.raise("file.write",
                    option(words, "filename=", positional(words, "/tmp/perf-" + ProcessHandle.current().pid() + ".map")),
                    what);
            case "System.dump_map" -> EventRaiser.raise("file.write",
                    option(words, "-F=", "vm_memory_map_" + ProcessHandle.current().pid() + ".txt"), what);
            case "JVMTI.agent_load" -> EventRaiser.raise("native.load", positional(words, ""));
            case "VM.log" -> {
                String output = option(words, "output=", null);
                if (output != null && output.startsWith("file=")) {
                    output = output.substring("file=".length());
                }
                if (output != null && !output.equals("stdout") && !output.equals("stderr")) {
                    EventRaiser.raise("file.write", output, what);
                } else {
                    EventRaiser.raise("jvm.diagnostic", command, line);
                }
            }
            // filename= names the recording's file, or a folder for it.
            case "JFR.start", "JFR.dump", "JFR.stop" -> {
                String file = option(words, "filename=", null);
                if (file != null) {
                    EventRaiser.raise("file.write", recordingFile(file), what);
                }
            }
            case "JFR.configure" -> {
                // JFR makes its own folder in the repository and writes its chunks there natively; the
                // emergency dump path is written natively, on a crash or an out-of-memory error.
                String repository = option(words, "repositorypath=", null);
                if (repository != null) {
                    EventRaiser.raise("file.mkdir", new File(repository, "jfr-" + ProcessHandle.current().pid()).getPath());
                }
                String dumps = option(words, "dumppath=", null);
                if (dumps != null) {
                    EventRaiser.raise("file.write", recordingFile(dumps), what);
                }
            }
            default -> {
                if (!WRITE_THROUGH_JAVA.contains(command)) {
                    EventRaiser.raise("jvm.diagnostic", command, line);
                }
            }
        }
    }

    /** The file a recording goes to: the one named, or, for a folder, one JFR names in it. */
    private static String recordingFile(String name) {
        File file = new File(name);
        return file.isDirectory() ? new File(file, "hotspot-pid-" + ProcessHandle.current().pid() + ".jfr").getPath() : name;
    }

    private static List<String> words(String[] arguments) {
        List<String> words = new ArrayList<>();
        if (arguments != null) {
            for (String argument : arguments) {
                for (String word : String.valueOf(argument).trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        words.add(word);
                    }
                }
            }
        }
        return words;
    }

    private static String option(List<String> words, String prefix, String absent) {
        for (String word : words) {
            if (word.startsWith(prefix)) {
                return unquoted(word.substring(prefix.length()));
            }
        }
        return absent;
    }

    private static String positional(List<String> words, String absent) {
        for (String word : words) {
            if (!word.contains("=") && !word.startsWith("-")) {
                return unquoted(word);
            }
        }
        return absent;
    }

    private static String unquoted(String word) {
        return word.length() > 1 && (word.startsWith("\"") && word.endsWith("\"")
                || word.startsWith("'") && word.endsWith("'")) ? word.substring(1, word.length() - 1) : word;
    }
}
