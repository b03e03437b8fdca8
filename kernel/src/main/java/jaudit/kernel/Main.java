package jaudit.kernel;

import jaudit.kernel.log.Log;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import jaudit.instrument.agent.AuditAgent;
import jaudit.kernel.audit.AuditLog;
import jaudit.kernel.audit.HostCallbacks;
import jaudit.kernel.audit.PolicyFile;
import jaudit.kernel.install.Installer;
import jaudit.kernel.install.InstallOptions;
import jaudit.kernel.protocol.ConnectionInfo;
import jaudit.policy.AuditPolicy;
import jaudit.policy.PolicyException;

/** The kernel jar's command line: {@code kernel}, {@code install} and {@code uninstall}. */
public final class Main {
    private static final String USAGE = """
            usage:
              java -jar jaudit-kernel.jar install [--user | --sys-prefix | --prefix DIR] [--name NAME]
                                                  [--display-name TEXT] [--java PATH]
              java -jar jaudit-kernel.jar uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME]
              java -jar jaudit-kernel.jar kernel CONNECTION_FILE [RESOURCE_DIR]   (run by Jupyter)
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Log.init();
        if (args.length == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "kernel" -> runKernel(rest);
                case "install" -> System.out.println(new Installer(InstallOptions.parse(rest)).install());
                case "uninstall" -> System.out.println(new Installer(InstallOptions.parse(rest)).uninstall());
                case "warmup" -> {
                    Warmup.run();
                    System.exit(0);
                }
                case "-h", "--help", "help" -> System.out.print(USAGE);
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("jaudit: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    private static void runKernel(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("kernel needs the connection file");
        }
        ObjectMapper json = new ObjectMapper();
        ConnectionInfo connection = ConnectionInfo.read(json, Path.of(args[0]));
        Path resources = args.length > 1 ? Path.of(args[1]) : null;
        AuditPolicy policy;
        HostCallbacks callbacks = new HostCallbacks();
        try {
            policy = PolicyFile.read(json, resources, Path.of("").toAbsolutePath());
            callbacks.check(policy);
            AuditLog.checkWritable(policy);
        } catch (PolicyException e) {
            System.err.println("jaudit: the kernel's audit policy is invalid, so the kernel will not start: "
                    + e.getMessage());
            System.exit(3);
            return;
        }
        if (!AuditAgent.installed()) {
            Log.warn("the JDK hooks are not installed (start the kernel with java -jar): "
                    + "only cell code is instrumented");
        }
        new Kernel(connection, policy, callbacks).run();
    }
}
