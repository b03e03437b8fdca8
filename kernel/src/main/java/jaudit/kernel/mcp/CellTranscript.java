package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import jaudit.kernel.protocol.Message;

/**
 * What one agent cell published, in order, kept twice over: as MCP content for the agent (text, PNG
 * images; HTML and tables as their text) and as notebook outputs for the record.
 */
final class CellTranscript {
    private final ObjectMapper json;
    private final List<McpSchema.Content> content = new ArrayList<>();
    private final ArrayNode outputs;
    private final StringBuilder stream = new StringBuilder();
    private String streamName;
    private String lastLine = "";

    CellTranscript(ObjectMapper json) {
        this.json = json;
        this.outputs = json.createArrayNode();
    }

    /** Takes one iopub message of the cell; returns true when it was output. */
    boolean take(Message message) {
        ObjectNode body = message.content();
        switch (message.type()) {
            case "stream" -> {
                String name = body.path("name").asText("stdout");
                String text = body.path("text").asText();
                if (!name.equals(streamName)) {
                    flushStream();
                    streamName = name;
                }
                stream.append(text);
                String[] lines = text.strip().split("\n");
                if (lines.length > 0 && !lines[lines.length - 1].isBlank()) {
                    lastLine = lines[lines.length - 1];
                }
                ObjectNode output = outputs.addObject();
                output.put("output_type", "stream");
                output.put("name", name);
                output.put("text", text);
                return true;
            }
            case "execute_result", "display_data" -> {
                flushStream();
                JsonNode data = body.path("data");
                if (data.hasNonNull("image/png")) {
                    content.add(new McpSchema.ImageContent(null, data.get("image/png").asText().replace("\n", ""),
                            "image/png"));
                }
                String text = data.hasNonNull("text/plain") ? data.get("text/plain").asText()
                        : data.hasNonNull("text/markdown") ? data.get("text/markdown").asText()
                        : data.hasNonNull("text/html") ? data.get("text/html").asText()
                        : data.hasNonNull("application/json") ? data.get("application/json").toString() : null;
                if (text != null && !(data.hasNonNull("image/png") && text.startsWith("<"))) {
                    content.add(new McpSchema.TextContent(text));
                }
                ObjectNode output = outputs.addObject();
                output.put("output_type", message.type());
                output.set("data", data.deepCopy());
                output.set("metadata", body.path("metadata").isObject() ? body.get("metadata").deepCopy()
                        : json.createObjectNode());
                if (message.type().equals("execute_result")) {
                    output.put("execution_count", body.path("execution_count").asInt());
                }
                return true;
            }
            case "error" -> {
                flushStream();
                ObjectNode output = outputs.addObject();
                output.put("output_type", "error");
                output.put("ename", body.path("ename").asText());
                output.put("evalue", body.path("evalue").asText());
                output.set("traceback", body.path("traceback").deepCopy());
                List<String> lines = new ArrayList<>();
                body.path("traceback").forEach(l -> lines.add(l.asText()));
                content.add(new McpSchema.TextContent(lines.isEmpty() ? body.path("ename").asText() + ": "
                        + body.path("evalue").asText() : String.join("\n", lines)));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Appends a line of the server's own (a timeout, a question's outcome) to what the agent reads. */
    void note(String text) {
        flushStream();
        content.add(new McpSchema.TextContent(text));
    }

    /** The latest line the cell printed, for progress notifications. */
    String lastLine() {
        return lastLine;
    }

    List<McpSchema.Content> content() {
        flushStream();
        return List.copyOf(content);
    }

    ArrayNode outputs() {
        return outputs;
    }

    private void flushStream() {
        if (!stream.isEmpty()) {
            content.add(new McpSchema.TextContent(("stderr".equals(streamName) ? "[stderr]\n" : "") + stream));
            stream.setLength(0);
        }
    }
}
