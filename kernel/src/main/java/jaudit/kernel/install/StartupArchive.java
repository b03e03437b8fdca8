package jaudit.kernel.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates the class-data-sharing archive that lets the installed kernel map the classes of JShell,
 * javac and the kernel instead of loading them at every start: a dynamic AppCDS archive (JDK 13 to
 * 24) or an AOT cache (JDK 25 and later). The archive is made by a training run of the installed jar
 * with the kernelspec's own java, so class path and JVM match. It only speeds start-up: when it
 * cannot be made, the kernelspec simply runs without it.
 */
final class StartupArchive {
    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)");
    private static final long TRAINING_SECONDS = 180;

    private StartupArchive() {
    }

    /** Trains the archive next to the installed jar; returns the JVM flags that use it, or none. */
    static List<String> create(Path java, Path kernelDir, Path jar) {
        try {
            int feature = featureVersion(java);
            List<String> record = new ArrayList<>(List.of(java.toString()));
            List<String> use;
            Path archive;
            boolean withAgent = true;
            if (feature >= 25) {
                // JDK 25's AOT cache (JEP 514/515). Its assembly crashes (SIGSEGV in
                // vmClasses::resolve_shared_class) when the training run has defined the audit bridge
                // inside java.base, so the training runs the same jar without its agent (-cp, not
                // -jar); the kernel then loads the cache and defines the bridge as usual.
                archive = kernelDir.resolve("jaudit.aot");
                Files.deleteIfExists(archive);
                record.addAll(List.of("-XX:AOTCacheOutput=" + archive, "-Xlog:aot=off,cds=off"));
                use = List.of("-XX:AOTCache={resource_dir}/jaudit.aot", "-Xlog:aot=off,cds=off");
                withAgent = false;
            } else if (feature >= 13) {
                archive = kernelDir.resolve("jaudit.jsa");
                Files.deleteIfExists(kernelDir.resolve("jaudit.jsa"));
                record.addAll(List.of("-XX:ArchiveClassesAtExit=" + kernelDir.resolve("jaudit.jsa"),
                        "-Xlog:cds=off,cds+dynamic=off"));
                use = List.of("-XX:SharedArchiveFile={resource_dir}/jaudit.jsa", "-Xlog:cds=off,cds+dynamic=off");
            } else {
                return List.of();
            }
            record.add("-Djava.awt.headless=true");
            record.addAll(withAgent ? List.of("-jar", jar.toString(), "warmup")
                    : List.of("-cp", jar.toString(), "jaudit.kernel.Main", "warmup"));
            Process training = new ProcessBuilder(record).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!training.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
                training.destroyForcibly();
                System.err.println("jaudit: the start-up archive's training run timed out; installing without it");
                return List.of();
            }
            if (training.exitValue() != 0 || !Files.isRegularFile(archive)) {
                System.err.println("jaudit: the start-up archive could not be made (exit " + training.exitValue()
                        + "); installing without it");
                return List.of();
            }
            return use;
        } catch (IOException e) {
            System.err.println("jaudit: no start-up archive: " + e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    static int featureVersion(Path java) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        Matcher m = VERSION.matcher(output);
        if (!m.find()) {
            throw new IOException("cannot read the version of " + java);
        }
        int major = Integer.parseInt(m.group(1));
        return major == 1 ? 8 : major;
    }
}
