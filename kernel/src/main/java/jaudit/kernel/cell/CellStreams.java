package jaudit.kernel.cell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
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
 * become stream messages parented to the request that is running (or ran last, for threads that
 * outlive their cell), and {@code System.in} asks the frontend for input.
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

    public CellStreams(Session session, IopubChannel iopub, StdinChannel stdin, CellRunner runner) {
        this.session = session;
        this.iopub = iopub;
        this.stdin = stdin;
        this.runner = runner;
        this.output = new OutputCapture(this::publish);
        this.input = new CellInput(this::readLine);
    }

    /** Replaces System.out, System.err and System.in for the life of the kernel. */
    public void install() {
        System.setOut(new NotebookPrintStream(output.stream("stdout")));
        System.setErr(new NotebookPrintStream(output.stream("stderr")));
        System.setIn(input);
    }

    public void enter(Message request, boolean allowInput) {
        parent = request;
        allowStdin = allowInput;
        input.discard();
    }

    /** The request whose cell is running or ran last, which output and questions are parented by. */
    public Message parent() {
        return parent;
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
                iopub.publish(session.broadcast(parent, "clear_output", content));
            }
        };
    }

    private void publishDisplay(String type, Map<String, String> bundle, String displayId) {
        flush();
        ObjectNode content = session.object();
        content.set("data", session.json().valueToTree(bundle));
        content.putObject("metadata");
        content.putObject("transient").put("display_id", displayId);
        iopub.publish(session.broadcast(parent, type, content));
    }

    private void publish(String name, String text) {
        ObjectNode content = session.object();
        content.put("name", name);
        content.put("text", text);
        iopub.publish(session.broadcast(parent, "stream", content));
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
