package jaudit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH's runner with the kernel jar as every fork's Java agent, so the benchmarks time the hooks
 * woven into the JDK. Usage: {@code java -Djaudit.kernel.jar=KERNEL_JAR -jar jaudit-jmh.jar [JMH options]}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String jar = System.getProperty("jaudit.kernel.jar", "");
        if (!Files.isRegularFile(Path.of(jar))) {
            System.err.println("usage: java -Djaudit.kernel.jar=kernel/target/jaudit-kernel.jar -jar jaudit-jmh.jar"
                    + " [JMH options]\n(no kernel jar at '" + jar + "')");
            System.exit(2);
        }
        CommandLineOptions cli = new CommandLineOptions(args);
        List<String> append = new ArrayList<>(cli.getJvmArgsAppend().orElse(List.of()));
        append.add("-javaagent:" + Path.of(jar).toAbsolutePath());
        new Runner(new OptionsBuilder().parent(cli).jvmArgsAppend(append.toArray(new String[0])).build()).run();
    }
}
