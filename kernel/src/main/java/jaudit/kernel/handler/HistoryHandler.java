package jaudit.kernel.handler;

import jaudit.kernel.request.Request;
import jaudit.kernel.request.RequestHandler;
import jaudit.kernel.request.InvalidRequestException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** history_request: tail, range and search over this session's cells. */
public final class HistoryHandler implements RequestHandler {
    private final History history;

    public HistoryHandler(History history) {
        this.history = history;
    }

    @Override
    public void handle(Request request) throws InvalidRequestException {
        boolean output = request.flag("output", false);
        String access = request.text("hist_access_type", "tail");
        List<History.Entry> entries = switch (access) {
            case "tail" -> history.tail(request.integer("n", 10, 0, Integer.MAX_VALUE));
            case "range" -> {
                int session = request.integer("session", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
                boolean current = session <= 0 || session == History.SESSION;
                yield current ? history.range(request.integer("start", 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                        request.integer("stop", 0, Integer.MIN_VALUE, Integer.MAX_VALUE)) : List.of();
            }
            case "search" -> history.search(request.text("pattern", "*"),
                    request.integer("n", 0, 0, Integer.MAX_VALUE), request.flag("unique", false));
            default -> throw new InvalidRequestException(
                    "'hist_access_type' must be tail, range or search, not '" + access + "'");
        };
        ObjectNode content = request.newContent();
        content.put("status", "ok");
        ArrayNode list = content.putArray("history");
        for (History.Entry entry : entries) {
            ArrayNode row = list.addArray().add(History.SESSION).add(entry.line());
            if (output) {
                row.addArray().add(entry.input()).add(entry.output());
            } else {
                row.add(entry.input());
            }
        }
        request.reply(content);
    }
}
