package jaudit.kernel;

import jaudit.kernel.log.Log;
import jaudit.kernel.request.RequestChannel;
import jaudit.kernel.request.RequestHandler;
import jaudit.kernel.request.ShellHandlers;
import jaudit.kernel.request.Subshells;
import jaudit.kernel.handler.CommHandlers;
import jaudit.kernel.handler.ControlHandlers;
import jaudit.kernel.handler.ExecuteHandler;
import jaudit.kernel.handler.History;
import jaudit.kernel.handler.HistoryHandler;
import jaudit.kernel.handler.InsightHandlers;
import jaudit.kernel.handler.KernelInfo;
import jaudit.kernel.cell.CellRunner;
import jaudit.kernel.cell.CellStreams;
import jaudit.kernel.cell.EvaluatorStartup;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jaudit.kernel.audit.AuditGate;
import jaudit.kernel.audit.AuditLog;
import jaudit.kernel.audit.AuditMagic;
import jaudit.kernel.audit.AuditScope;
import jaudit.kernel.audit.CellPolicies;
import jaudit.kernel.audit.HostCallbacks;
import jaudit.kernel.deps.LoadFromPomMagic;
import jaudit.kernel.deps.MavenDependencies;
import jaudit.kernel.deps.MavenMagic;
import jaudit.kernel.deps.MavenRepoMagic;
import jaudit.kernel.magic.ClassPathMagic;
import jaudit.kernel.magic.LoadMagic;
import jaudit.kernel.magic.LsMagic;
import jaudit.kernel.magic.MagicRegistry;
import jaudit.kernel.magic.TimeMagic;
import jaudit.kernel.jshell.CellEvaluator;
import java.util.List;
import jaudit.policy.AuditPolicy;
import java.util.Optional;
import jaudit.kernel.display.DisplayConnection;
import jaudit.kernel.protocol.Channel;
import jaudit.kernel.protocol.ConnectionInfo;
import jaudit.kernel.protocol.Heartbeat;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.MessageSigner;
import jaudit.kernel.protocol.Session;
import jaudit.kernel.protocol.StdinChannel;
import jaudit.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The running kernel: binds the five sockets and gives each its thread. The shell channel is read
 * on the calling thread, which answers at once what needs no cell; cells and the requests that read
 * JShell take their turn on their shell's queue thread (the main shell's, or a subshell's), and each
 * shell's cells run on its own cell thread, a {@link CellRunner.Lane}.
 */
public final class Kernel {
    private static final int MAX_STRING_CHARS = 512 * 1024 * 1024;
    /** How long the shutdown hooks cells registered may run when the kernel is asked to shut down. */
    private static final long HOOKS_DEADLINE_MILLIS = 2000;
    private final ConnectionInfo connection;
    private final AuditPolicy policy;
    private final HostCallbacks callbacks;
    // Jackson caps strings at 20 MB by default; a cell may legitimately be larger than that.
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build())
            .build());

    private final CellRunner runner;
    private final EvaluatorStartup startup;

    /**
     * @param runner the cell thread, which a remote launcher's communication port also interrupts
     * @param startup JShell starting, begun before anything else of the kernel: it is most of a cold start
     */
    public Kernel(ConnectionInfo connection, AuditPolicy policy, HostCallbacks callbacks, CellRunner runner,
            EvaluatorStartup startup) {
        this.connection = connection;
        this.policy = policy;
        this.callbacks = callbacks;
        this.runner = runner;
        this.startup = startup;
    }

    public void run() {
        Session session = new Session(json);
        WireCodec codec = new WireCodec(json, new MessageSigner(connection.signatureScheme(), connection.key()));
        try (ZContext context = new ZContext(1)) {
            IopubChannel iopub = new IopubChannel(new Channel("iopub", bind(context, SocketType.XPUB,
                    connection.iopubPort()), codec), session, context.createPoller(2));
            StdinChannel stdin = new StdinChannel(new Channel("stdin", bind(context, SocketType.ROUTER,
                    connection.stdinPort()), codec), session);
            CellStreams streams = new CellStreams(session, iopub, stdin, runner);
            streams.install();
            DisplayConnection.connect(streams.displaySink());
            AuditLog auditLog = new AuditLog(json);
            CommHandlers comms = new CommHandlers(session, iopub, streams);
            AuditGate gate = new AuditGate(frame -> {
                CellEvaluator evaluator = startup.ready();
                return evaluator == null ? Optional.empty() : evaluator.locate(frame);
            }, callbacks, auditLog, comms.hostAsk());
            AuditScope audit = AuditScope.install(gate);
            streams.followContexts(audit::current);
            runner.followContexts(audit::current);
            CellPolicies policies = new CellPolicies(json, policy, Path.of("").toAbsolutePath(), callbacks);

            Channel shellSocket = new Channel("shell", bind(context, SocketType.ROUTER, connection.shellPort()), codec);
            Channel controlSocket = new Channel("control", bind(context, SocketType.ROUTER,
                    connection.controlPort()), codec);
            ZMQ.Socket heartbeat = bind(context, SocketType.REP, connection.heartbeatPort());

            KernelInfo info = new KernelInfo(session);
            MavenDependencies dependencies = new MavenDependencies();
            MagicRegistry magics = new MagicRegistry(List.of(
                    new AuditMagic(json, auditLog),
                    new ClassPathMagic("jars"),
                    new ClassPathMagic("classpath"),
                    new LoadMagic(json),
                    new TimeMagic(),
                    new LsMagic(),
                    new MavenMagic(dependencies),
                    new MavenRepoMagic(dependencies),
                    new LoadFromPomMagic(dependencies)));
            InsightHandlers insight = new InsightHandlers(startup, magics);
            Map<String, RequestHandler> everyShell = new HashMap<>();
            Subshells shells = new Subshells(subshell -> {
                // A shell's own: its cell thread, its count of cells, its history (JEP 91).
                CellRunner.Lane lane = runner.lane(subshell, subshell == null ? "jaudit-cell"
                        : "jaudit-cell-" + Subshells.shortId(subshell));
                History history = new History();
                Map<String, RequestHandler> handlers = new HashMap<>(everyShell);
                handlers.put("execute_request", new ExecuteHandler(session, iopub, startup, runner, lane, subshell,
                        streams, history, audit, policies, magics, gate));
                handlers.put("history_request", new HistoryHandler(history));
                return new ShellHandlers(handlers, lane::close);
            });
            ControlHandlers control = new ControlHandlers(session, iopub, runner, shells, () -> exitSoon(iopub));

            everyShell.put("kernel_info_request", info);
            everyShell.put("complete_request", insight::complete);
            everyShell.put("inspect_request", insight::inspect);
            everyShell.put("is_complete_request", insight::isComplete);
            everyShell.put("comm_info_request", comms::info);
            everyShell.put("comm_open", comms::open);
            everyShell.put("comm_msg", comms::message);
            everyShell.put("comm_close", comms::close);
            // Older clients send these on shell; the spec moved them to control.
            everyShell.put("shutdown_request", control::shutdown);
            everyShell.put("interrupt_request", control::interrupt);

            Map<String, RequestHandler> controlHandlers = Map.of(
                    "kernel_info_request", info,
                    "shutdown_request", control::shutdown,
                    "interrupt_request", control::interrupt,
                    "create_subshell_request", control::createSubshell,
                    "delete_subshell_request", control::deleteSubshell,
                    "list_subshell_request", control::listSubshells,
                    // The host answers a cell's question here (or closes the comm): the shell waits for that very cell.
                    "comm_msg", comms::message,
                    "comm_close", comms::close);

            start("jaudit-heartbeat", new Heartbeat(heartbeat));
            start("jaudit-iopub", iopub);
            start("jaudit-control", RequestChannel.serial(controlSocket, session, iopub, controlHandlers,
                    context.createPoller(2)));
            installSigint(runner);
            ParentWatch.start();
            Log.info("audit policy: " + (policy.enabled() ? "enabled, writable roots " + policy.roots()
                    + policy.net().map(n -> ", net " + n).orElse("") : "disabled"));
            Log.info("kernel ready on " + connection.endpoint(connection.shellPort()) + " (Java "
                    + Runtime.version() + ")");
            RequestChannel.queued(shellSocket, session, iopub, shells, context.createPoller(2), Kernel::answeredAtOnce)
                    .run();
        }
    }

    /**
     * Shell requests answered while a cell runs: they need no cell and no JShell, and a client may be
     * waiting on them to let the running cell go on (the host's answer to its question) or to stop it
     * (an interrupt from a client that sends it on shell). The rest wait their turn, in order: other
     * comm traffic too (host data, comms opened and closed), since it changes what later cells see.
     */
    private static boolean answeredAtOnce(Message request) {
        return switch (request.type()) {
            case "kernel_info_request", "comm_info_request", "interrupt_request", "shutdown_request" -> true;
            case "comm_msg" -> CommHandlers.isAnswer(request);
            default -> false;
        };
    }

    private ZMQ.Socket bind(ZContext context, SocketType type, int port) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(1000);
        if (type == SocketType.ROUTER) {
            socket.setRouterHandover(true);
        }
        if (type == SocketType.XPUB) {
            // Every subscription reaches the kernel, so every subscriber gets its iopub_welcome.
            socket.setXpubVerbose(true);
        }
        socket.bind(connection.endpoint(port));
        return socket;
    }

    private static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** SIGINT (from a terminal, or a client without message-mode interrupts) stops the running cell. */
    private static void installSigint(CellRunner runner) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> Log.info(runner.interrupt()
                    ? "SIGINT: interrupting the running cell" : "SIGINT with no cell running"));
        } catch (IllegalArgumentException e) {
            Log.warn("SIGINT cannot be handled here: " + e.getMessage());
        }
    }

    /**
     * Ends the process once the shutdown reply and the final status have left. The shutdown hooks
     * cells registered run as in a plain JVM (a database closing its files, a logger flushing), each
     * under the policy of the cell that made it; a hook that hangs is cut off by the halt after
     * {@link #HOOKS_DEADLINE_MILLIS}, well before a client's patience with a shutdown runs out.
     */
    private static void exitSoon(IopubChannel iopub) {
        Thread exit = new Thread(() -> {
            try {
                Thread.sleep(20);
                iopub.awaitDrained(250);
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Thread deadline = new Thread(() -> {
                try {
                    Thread.sleep(HOOKS_DEADLINE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Log.warn("shutdown hooks still running after " + HOOKS_DEADLINE_MILLIS + " ms; halting");
                Runtime.getRuntime().halt(0);
            }, "jaudit-exit-deadline");
            deadline.setDaemon(true);
            deadline.start();
            System.exit(0);
        }, "jaudit-exit");
        exit.setDaemon(true);
        exit.start();
    }
}
