package jaudit.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jaudit.kernel.protocol.IopubChannel;
import jaudit.kernel.protocol.Session;

/**
 * The comm messages. The kernel registers no comm targets yet, so an opened comm is closed at once,
 * as the spec asks, and messages to unknown comms are ignored.
 */
final class CommHandlers {
    private final Session session;
    private final IopubChannel iopub;

    CommHandlers(Session session, IopubChannel iopub) {
        this.session = session;
        this.iopub = iopub;
    }

    void info(Request request) throws InvalidRequestException {
        request.text("target_name", null);
        ObjectNode content = request.newContent();
        content.put("status", "ok");
        content.putObject("comms");
        request.reply(content);
    }

    void open(Request request) throws InvalidRequestException {
        String commId = request.text("comm_id");
        Log.info("comm_open for unknown target '" + request.text("target_name", "") + "': closing it");
        ObjectNode close = session.object();
        close.put("comm_id", commId);
        close.putObject("data");
        iopub.publish(session.broadcast(request.message(), "comm_close", close));
    }

    void ignore(Request request) {
        Log.debug("ignored " + request.message().type() + " for comm " + request.content().path("comm_id").asText());
    }
}
