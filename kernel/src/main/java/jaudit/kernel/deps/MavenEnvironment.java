package jaudit.kernel.deps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the kernel's environment says about Maven, read the way {@code mvn} reads it: options in
 * {@code MAVEN_ARGS} and {@code MAVEN_OPTS}: {@code -o}/{@code --offline}, {@code -s FILE}/{@code
 * --settings FILE} for the user settings, and {@code -Dmaven.repo.local=DIR} for the local
 * repository. Nothing set means {@code ~/.m2/settings.xml}, its local repository, online.
 *
 * @param settings the user settings file, or null for the default
 * @param localRepository the local repository, or null for the settings' or the default
 * @param offline whether to stay off the network
 */
record MavenEnvironment(Path settings, Path localRepository, boolean offline) {
    static MavenEnvironment of(Map<String, String> env) {
        List<String> words = new ArrayList<>();
        for (String variable : List.of("MAVEN_OPTS", "MAVEN_ARGS")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                words.addAll(List.of(value.strip().split("\\s+")));
            }
        }
        Path settings = null;
        Path local = null;
        boolean offline = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("-o") || word.equals("--offline") || word.equals("-Dmaven.offline=true")) {
                offline = true;
            } else if ((word.equals("-s") || word.equals("--settings")) && i + 1 < words.size()) {
                settings = Path.of(words.get(++i));
            } else if (word.startsWith("--settings=")) {
                settings = Path.of(word.substring("--settings=".length()));
            } else if (word.startsWith("-Dmaven.repo.local=")) {
                local = Path.of(word.substring("-Dmaven.repo.local=".length()));
            }
        }
        return new MavenEnvironment(settings, local, offline);
    }

    MavenResolver resolver() throws ResolutionException {
        return new MavenResolver(settings, localRepository, offline);
    }
}
