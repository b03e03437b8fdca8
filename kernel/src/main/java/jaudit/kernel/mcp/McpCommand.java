package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import jaudit.kernel.audit.PolicyFile;
import jaudit.kernel.install.Kernelspec;
import jaudit.kernel.log.Log;
import jaudit.policy.PolicyException;
import jaudit.policy.PolicyKeys;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/**
 * {@code jaudit-kernel.jar mcp}: an MCP server through which an AI agent runs Java in a jaudit kernel,
 * speaking to the kernel as a Jupyter client. Over stdio by default (the session ends when the
 * client closes the server's standard input), or Streamable HTTP on 127.0.0.1 with {@code --http}.
 */
public final class McpCommand {
    /** Room for a message carrying a large cell, so that run_cell can refuse it with a reason. */
    private static final int MAX_MESSAGE_BYTES = 64 << 20;
    /** How long a question put to the person through the agent's client may wait (the kernel's ask_timeout ends it sooner). */
    private static final Duration CLIENT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private McpCommand() {
    }

    public static void run(List<String> args) throws Exception {
        McpOptions options = McpOptions.parse(args);
        ObjectMapper json = new ObjectMapper();
        Path workingDir = Path.of("").toAbsolutePath();
        ObjectNode policy;
        try {
            policy = agentPolicy(json, options.policy().orElse("{}"), workingDir);
        } catch (PolicyException e) {
            exit(3, "jaudit mcp: the --policy given is invalid: " + e.getMessage());
            return;
        }
        AgentKernel kernel;
        try {
            kernel = options.connectionFile().isPresent()
                    ? AgentKernel.attach(json, options.connectionFile().get())
                    : AgentKernel.start(json, Kernelspec.find(json, options.kernel()), workingDir);
        } catch (IOException e) {
            exit(4, "jaudit mcp: no kernel: " + e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(kernel::close, "jaudit-mcp-shutdown"));
        Optional<NotebookRecord> record = Optional.empty();
        if (options.record().isPresent()) {
            record = Optional.of(new NotebookRecord(json, options.record().get(), options.kernel()));
        }
        AuditQuery audit = new AuditQuery(json, kernel, policy);
        Cancellations cancellations = new Cancellations(json);
        List<AgentTool> tools = List.of(
                new RunCellTool(json, kernel, policy, record, cancellations),
                new InterruptTool(kernel),
                new RestartTool(kernel),
                new CompleteTool(json, kernel),
                new InspectTool(json, kernel),
                new AuditLogTool(json, audit),
                new PolicyTool(json, audit));
        McpJsonMapper mapper = new JacksonMcpJsonMapper(json);
        List<McpServerFeatures.SyncToolSpecification> specs = tools.stream().map(t -> spec(mapper, t)).toList();
        if (options.httpPort().isPresent()) {
            serveHttp(mapper, specs, options.httpPort().get(), cancellations);
        } else {
            serveStdio(mapper, specs, cancellations);
        }
        System.exit(0);
    }

    /**
     * The agent's policy as the server sends it with each cell. A person is reached through the
     * agent's client, not through stdin, so {@code "ask": true} becomes the host's question, which the
     * server turns into an elicitation.
     */
    static ObjectNode agentPolicy(ObjectMapper json, String text, Path workingDir) throws PolicyException {
        PolicyFile.parse(json, text, workingDir);
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException e) {
            throw new PolicyException("not JSON: " + e.getMessage());
        }
        ObjectNode policy = (ObjectNode) node;
        if (policy.path(PolicyKeys.ASK.name()).asBoolean(false)) {
            policy.put(PolicyKeys.ASK.name(), "host");
        }
        return policy;
    }

    private static McpServerFeatures.SyncToolSpecification spec(McpJsonMapper mapper, AgentTool tool) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                        .inputSchema(mapper, tool.inputSchema()).build())
                .callHandler((exchange, request) -> {
                    try {
                        return tool.call(exchange, request.arguments() == null ? java.util.Map.of() : request.arguments(),
                                request.meta());
                    } catch (Exception | LinkageError e) {
                        Log.error("mcp: " + tool.name() + " failed", e);
                        return AgentTool.error("jaudit: " + tool.name() + " failed: " + e);
                    }
                })
                .build();
    }

    private static <S extends McpServer.SyncSpecification<S>> McpSyncServer build(S spec,
            List<McpServerFeatures.SyncToolSpecification> tools, McpJsonMapper mapper) {
        String version = McpCommand.class.getPackage().getImplementationVersion();
        return spec.serverInfo("jaudit", version == null ? "dev" : version)
                .jsonMapper(mapper)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .requestTimeout(CLIENT_REQUEST_TIMEOUT)
                .tools(tools)
                .build();
    }

    private static void serveStdio(McpJsonMapper mapper, List<McpServerFeatures.SyncToolSpecification> tools,
            Cancellations cancellations) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        McpSyncServer server = build(McpServer.sync(new StdioServerTransportProvider(mapper,
                new ClientInput(System.in, cancellations, ended::countDown), System.out, MAX_MESSAGE_BYTES)),
                tools, mapper);
        ended.await();
        server.closeGracefully();
    }

    private static void serveHttp(McpJsonMapper mapper, List<McpServerFeatures.SyncToolSpecification> tools, int port,
            Cancellations cancellations) throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(mapper).mcpEndpoint("/mcp").maxRequestSize(MAX_MESSAGE_BYTES).build();
        McpSyncServer server = build(McpServer.sync(transport), tools, mapper);
        Server http = new Server(new InetSocketAddress("127.0.0.1", port));
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        context.addFilter(new org.eclipse.jetty.ee11.servlet.FilterHolder(
                new ClientMessageFilter(cancellations, MAX_MESSAGE_BYTES)), "/*",
                java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        http.setHandler(context);
        http.start();
        int bound = ((org.eclipse.jetty.server.NetworkConnector) http.getConnectors()[0]).getLocalPort();
        // Tests and launchers read this line to find the port (--http 0 picks a free one).
        System.err.println("jaudit mcp: serving MCP on http://127.0.0.1:" + bound + "/mcp");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.closeGracefully();
            try {
                http.stop();
            } catch (Exception e) {
                // Ending anyway.
            }
        }, "jaudit-mcp-http-stop"));
        http.join();
    }

    private static void exit(int status, String message) {
        System.err.println(message);
        System.exit(status);
    }
}
