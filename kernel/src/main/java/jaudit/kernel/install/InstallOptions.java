package jaudit.kernel.install;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The install and uninstall flags, parsed and checked.
 *
 * @param enterpriseGateway whether to write the kernelspecs for Enterprise Gateway's process proxies
 * @param policy the policy those kernelspecs hand their remote kernels, as JSON text; null for the default
 */
public record InstallOptions(Location location, Path prefix, String name, String displayName, Path java,
                             boolean enterpriseGateway, String policy) {

    /** Where the kernelspec goes, as with {@code jupyter kernelspec install}. */
    public enum Location { USER, SYS_PREFIX, PREFIX }

    public static InstallOptions parse(String[] args) {
        Location location = Location.USER;
        Path prefix = null;
        String name = "jaudit";
        String displayName = null;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        boolean enterpriseGateway = false;
        String policy = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--user" -> location = Location.USER;
                case "--sys-prefix" -> location = Location.SYS_PREFIX;
                case "--prefix" -> {
                    location = Location.PREFIX;
                    prefix = Path.of(value(args, ++i, "--prefix")).toAbsolutePath();
                }
                case "--name" -> name = value(args, ++i, "--name");
                case "--display-name" -> displayName = value(args, ++i, "--display-name");
                case "--java" -> java = Path.of(value(args, ++i, "--java")).toAbsolutePath();
                case "--enterprise-gateway" -> enterpriseGateway = true;
                case "--policy" -> policy = value(args, ++i, "--policy");
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("--name may hold only letters, digits, '.', '_' and '-': " + name);
        }
        if (!Files.isExecutable(java)) {
            throw new IllegalArgumentException("--java " + java + " is not an executable file");
        }
        if (displayName == null) {
            displayName = name.equals("jaudit") ? "Java (jaudit)" : "Java (jaudit, " + name + ")";
        }
        if (policy != null && !enterpriseGateway) {
            throw new IllegalArgumentException("--policy is for --enterprise-gateway kernelspecs; a local kernelspec's "
                    + "policy is metadata.audit in its kernel.json");
        }
        return new InstallOptions(location, prefix, name, displayName, java, enterpriseGateway, policy);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
