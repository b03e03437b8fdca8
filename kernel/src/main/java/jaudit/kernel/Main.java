package jaudit.kernel;

import jaudit.kernel.log.Log;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import jaudit.kernel.cell.CellRunner;
import jaudit.kernel.cell.EvaluatorStartup;
import jaudit.instrument.TransformerChain;
import jaudit.kernel.remote.GatewayLink;
import jaudit.instrument.agent.AuditAgent;
import jaudit.kernel.audit.AuditLog;
import jaudit.kernel.audit.HostCallbacks;
import jaudit.kernel.audit.PolicyFile;
import jaudit.kernel.install.Installer;
import jaudit.kernel.install.InstallOptions;
import jaudit.kernel.install.KernelspecFolder;
import jaudit.kernel.mcp.McpCommand;
import jaudit.kernel.protocol.ConnectionInfo;
import jaudit.policy.AuditPolicy;
import jaudit.policy.PolicyException;

/** The kernel jar's command line: {@code kernel}, {@code remote}, {@code mcp}, {@code install} and {@code uninstall}. */
public final class Main {
    private static final String USAGE = """
            usage:
              java -jar jaudit-kernel.jar install [--user | --sys-prefix | --prefix DIR] [--name NAME]
                                                  [--display-name TEXT] [--java PATH]
                                                  [--enterprise-gateway [--policy JSON]]
              java -jar jaudit-kernel.jar uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME]
              java -jar jaudit-kernel.jar kernel CONNECTION_FILE [RESOURCE_DIR]   (run by Jupyter)
              java -jar jaudit-kernel.jar mcp [--http PORT] [--policy JSON] [--kernel NAME | --connection-file FILE]
                                              [--record FILE.ipynb]   (an MCP server for AI agents)
              java -jar jaudit-kernel.jar remote --kernel-id ID --response-address IP:PORT --public-key KEY
                                                 [--port-range LOWER..UPPER] [--policy JSON]
                                                 [--orphan-timeout SECONDS]   (run by Enterprise Gateway)
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
                case "remote" -> runRemote(List.of(rest));
                case "mcp" -> McpCommand.run(List.of(rest));
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
        EvaluatorStartup startup = new EvaluatorStartup(TransformerChain.standard());
        ObjectMapper json = new ObjectMapper();
        ConnectionInfo connection = ConnectionInfo.read(json, Path.of(args[0]));
        Path resources = args.length > 1 ? KernelspecFolder.of(args[1]) : null;
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
        warnWithoutAgent();
        new Kernel(connection, policy, callbacks, new CellRunner(), startup).run();
    }

    /**
     * The kernel under Enterprise Gateway: the launcher takes its ports, checks the policy its
     * command line gives (a remote kernel cannot read the host's kernelspec), reports to EG, and
     * runs the same kernel as a local one. Every failure exits at once, naming what was wrong, well
     * inside the 30 s EG waits.
     */
    private static void runRemote(List<String> args) throws Exception {
        EvaluatorStartup startup = new EvaluatorStartup(TransformerChain.standard());
        GatewayLink link;
        try {
            link = GatewayLink.open(args);
        } catch (IOException e) {
            exit(4, "jaudit remote: " + e.getMessage());
            return;
        }
        AuditPolicy policy;
        HostCallbacks callbacks = new HostCallbacks();
        try {
            policy = PolicyFile.parse(new ObjectMapper(), link.policy(), Path.of("").toAbsolutePath());
            callbacks.check(policy);
            AuditLog.checkWritable(policy);
        } catch (PolicyException e) {
            exit(3, "jaudit remote: the --policy given is invalid, so the kernel will not start: " + e.getMessage());
            return;
        }
        try {
            link.report();
        } catch (IOException e) {
            exit(4, "jaudit remote: " + e.getMessage());
            return;
        }
        Log.info("reported to the " + link);
        warnWithoutAgent();
        CellRunner runner = new CellRunner();
        link.listen(runner);
        new Kernel(link.connection(), policy, callbacks, runner, startup).run();
    }

    private static void exit(int status, String message) {
        System.err.println(message);
        System.exit(status);
    }

    private static void warnWithoutAgent() {
        if (!AuditAgent.installed()) {
            Log.warn("the JDK hooks are not installed (start the kernel with java -jar): "
                    + "only cell code is instrumented");
        }
    }
}
