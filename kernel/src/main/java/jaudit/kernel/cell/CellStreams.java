package jaudit.kernel.cell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import jaudit.policy.AuditContext;
import jaudit.policy.Prompt;
import jaudit.instrument.CellInterruptedError;
import jaudit.kernel.display.DisplaySink;
import jaudit.kernel.io.CellInput;
import jaudit.kernel.io.NotebookPrintStream;
import jaudit.kernel.io.OutputCapture;
import jaudit.kernel.io.StdinNotAllowedException;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.Message;
import jaudit.kernel.protocol.Session;
import jaudit.kernel.protocol.StdinChannel;

/**
 * The process's standard streams, pointed at the notebook: {@code System.out} and {@code System.err}
 * become stream messages parented to the request whose cell the writing thread belongs to (the
 * cell's thread, and the threads and tasks it started, which carry its audit context, even after the
 * cell has ended); the kernel's own threads write to the request that is running or ran last.
 * {@code System.in} asks the frontend for input.
 */
public final class CellStreams {
    private final Session session;
    private final IopubChannel iopub;
    private final StdinChannel stdin;
    private final CellRunner runner;
    private final OutputCapture output;
    private final CellInput input;
    private volatile Message parent;
    private volatile boolean allowStdin;
    /** Each cell's request, by the cell's audit context; weak, so a context no thread holds goes. */
    private final Map<AuditContext, Message> requests = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile Supplier<Optional<AuditContext>> contexts = Optional::empty;

    public CellStreams(Session session, IopubChannel iopub, StdinChannel stdin, CellRunner runner) {
        this.session = session;
        this.iopub = iopub;
        this.stdin = stdin;
        this.runner = runner;
        this.output = new OutputCapture(this::requestHere, (owner, name, text) -> publish((Message) owner, name, text));
        this.input = new CellInput(this::readLine);
    }

    /** Replaces System.out, System.err and System.in for the life of the kernel. */
    public void install() {
        System.setOut(new NotebookPrintStream(output.stream("stdout")));
        System.setErr(new NotebookPrintStream(output.stream("stderr")));
        System.setIn(input);
    }

    /** Where the calling thread's audit context comes from: set once the kernel has its audit scope. */
    public void followContexts(Supplier<Optional<AuditContext>> current) {
        contexts = current;
    }

    /** Makes {@code request} the one that the output of {@code context}'s threads answers. */
    public void bind(AuditContext context, Message request) {
        requests.put(context, request);
    }

    /** The request the calling thread's output answers: its cell's, else the one running or run last. */
    public Message requestHere() {
        return requestOf(contexts.get().orElse(null));
    }

    /** The request of the cell whose context this is; the one running or run last when there is none. */
    public Message requestOf(AuditContext context) {
        Message request = context == null ? null : requests.get(context);
        return request != null ? request : parent;
    }

    public void enter(Message request, boolean allowInput) {
        parent = request;
        allowStdin = allowInput;
        input.discard();
    }

    /** Ends the cell's hold on stdin; output from its threads still goes to its request. */
    public void leave() {
        flush();
        allowStdin = false;
    }

    public void flush() {
        System.out.flush();
        System.err.flush();
        output.flush();
    }

    /** display() and clear() from cells: display_data and clear_output, parented like stream output. */
    public DisplaySink displaySink() {
        return new DisplaySink() {
            @Override
            public void display(Map<String, String> bundle, String displayId) {
                publishDisplay("display_data", bundle, displayId);
            }

            @Override
            public void update(Map<String, String> bundle, String displayId) {
                publishDisplay("update_display_data", bundle, displayId);
            }

            @Override
            public void clear(boolean wait) {
                flush();
                ObjectNode content = session.object();
                content.put("wait", wait);
                iopub.publish(session.broadcast(requestHere(), "clear_output", content));
            }
        };
    }

    private void publishDisplay(String type, Map<String, String> bundle, String displayId) {
        flush();
        ObjectNode content = session.object();
        content.set("data", session.json().valueToTree(bundle));
        content.putObject("metadata");
        content.putObject("transient").put("display_id", displayId);
        iopub.publish(session.broadcast(requestHere(), type, content));
    }

    private void publish(Message request, String name, String text) {
        ObjectNode content = session.object();
        content.put("name", name);
        content.put("text", text);
        iopub.publish(session.broadcast(request == null ? parent : request, "stream", content));
    }

    /**
     * Asks the person at the notebook (the audit policy's {@code ask}) through an input_request of the
     * running cell; empty when the cell holds no stdin, the answer does not come in time, or the cell
     * is interrupted.
     */
    public Prompt prompt() {
        return (question, timeout) -> {
            Message request = parent;
            if (!allowStdin || request == null) {
                return Optional.empty();
            }
            flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            return Optional.ofNullable(stdin.ask(request, question, false,
                    () -> runner.stopRequested() || System.nanoTime() - deadline > 0));
        };
    }

    private String readLine() {
        Message request = parent;
        if (!allowStdin || request == null) {
            throw new StdinNotAllowedException();
        }
        flush();
        String line = stdin.ask(request, "", false, runner::stopRequested);
        if (line == null) {
            throw new CellInterruptedError();
        }
        return line;
    }
}
