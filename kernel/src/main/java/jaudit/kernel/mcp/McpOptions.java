package jaudit.kernel.mcp;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@code jaudit-kernel.jar mcp}.
 *
 * @param httpPort serve Streamable HTTP on 127.0.0.1 at this port instead of stdio
 * @param policy the agent's policy, as JSON in the form of kernel.json's {@code metadata.audit}
 * @param kernel the kernelspec to start (default {@code jaudit})
 * @param connectionFile a running kernel to attach to instead of starting one
 * @param record a notebook every cell the agent runs is appended to
 */
public record McpOptions(Optional<Integer> httpPort, Optional<String> policy, String kernel,
                         Optional<Path> connectionFile, Optional<Path> record) {
    static final String USAGE = "mcp [--http PORT] [--policy JSON] [--kernel NAME | --connection-file FILE]"
            + " [--record FILE.ipynb]";

    public static McpOptions parse(List<String> args) {
        Optional<Integer> port = Optional.empty();
        Optional<String> policy = Optional.empty();
        Optional<String> kernel = Optional.empty();
        Optional<Path> connection = Optional.empty();
        Optional<Path> record = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--http" -> {
                    try {
                        port = Optional.of(Integer.parseInt(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--http takes a port number, not '" + value + "'");
                    }
                    if (port.get() < 0 || port.get() > 65535) {
                        throw new IllegalArgumentException("--http takes a port number 0..65535, not " + value);
                    }
                }
                case "--policy" -> policy = Optional.of(value);
                case "--kernel" -> kernel = Optional.of(value);
                case "--connection-file" -> connection = Optional.of(Path.of(value));
                case "--record" -> record = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option '" + option + "' for mcp");
            }
        }
        return new McpOptions(port, policy, kernel.orElse("jaudit"), connection, record);
    }
}
