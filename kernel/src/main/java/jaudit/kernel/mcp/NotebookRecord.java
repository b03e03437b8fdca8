package jaudit.kernel.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import jaudit.kernel.handler.ExecuteHandler;

/**
 * The notebook ({@code --record FILE.ipynb}) every cell the agent runs is appended to, with its
 * outputs, and in its metadata the policy it ran under ({@code audit}) and whose cell it was
 * ({@code jaudit.agent}): a person reviews what the agent did in JupyterLab, and re-runs it with
 * {@code tools/run_notebooks.py}, which sends a cell's metadata with it, so each cell runs under the
 * same policy, bounds for agents included. A cell that failed is tagged {@code raises-exception},
 * so that the re-run goes past it as the agent's session did.
 * Written whole after each cell, through a temporary file, so a reader never sees half a notebook.
 */
final class NotebookRecord {
    private final ObjectMapper json;
    private final Path file;
    private final ObjectNode notebook;

    NotebookRecord(ObjectMapper json, Path file, String kernelName) throws IOException {
        this.json = json;
        this.file = file.toAbsolutePath();
        if (Files.isRegularFile(file)) {
            JsonNode existing = json.readTree(file.toFile());
            if (existing == null || !existing.path("cells").isArray()) {
                throw new IOException(file + " is not a notebook (no \"cells\" list): --record appends to notebooks only");
            }
            notebook = (ObjectNode) existing;
        } else {
            notebook = json.createObjectNode();
            notebook.putArray("cells");
            ObjectNode metadata = notebook.putObject("metadata");
            ObjectNode spec = metadata.putObject("kernelspec");
            spec.put("name", kernelName);
            spec.put("display_name", "Java (jaudit)");
            spec.put("language", "java");
            ObjectNode language = metadata.putObject("language_info");
            language.put("name", "java");
            language.put("file_extension", ".java");
            notebook.put("nbformat", 4);
            notebook.put("nbformat_minor", 5);
            write();
        }
    }

    synchronized void append(String code, int executionCount, ArrayNode outputs, ObjectNode policy, String agent,
                             boolean failed) {
        ObjectNode cell = ((ArrayNode) notebook.get("cells")).addObject();
        cell.put("cell_type", "code");
        cell.put("id", java.util.UUID.randomUUID().toString().substring(0, 8));
        cell.put("execution_count", executionCount);
        ObjectNode metadata = cell.putObject("metadata");
        if (!policy.isEmpty()) {
            metadata.set("audit", policy.deepCopy());
        }
        metadata.putObject(ExecuteHandler.METADATA).put(ExecuteHandler.AGENT, agent);
        if (failed) {
            metadata.putArray("tags").add("raises-exception");
        }
        cell.put("source", code);
        cell.set("outputs", outputs.deepCopy());
        try {
            write();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the record " + file, e);
        }
    }

    private void write() throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), notebook);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
