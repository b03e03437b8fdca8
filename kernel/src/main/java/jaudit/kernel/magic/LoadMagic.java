package jaudit.kernel.magic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jaudit.kernel.jshell.CellResult;

/**
 * {@code %load FILE}: runs a {@code .jsh} or {@code .java} file, or the code cells of a notebook
 * ({@code .ipynb}) one after another, as if they were typed into this cell; magics in them work too.
 * The first one that fails stops the load. Relative paths start at the kernel's working directory.
 */
public final class LoadMagic implements Magic {
    private final ObjectMapper json;

    public LoadMagic(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String usage() {
        return "%load FILE (a .jsh or .java file, or a notebook's code cells, run here)";
    }

    @Override
    public CellResult run(MagicCall call, CellScope cell) throws MagicException {
        if (call.words().size() != 1) {
            throw MagicException.usage(this, "%load takes one file");
        }
        Path file = Path.of(call.words().get(0)).toAbsolutePath().normalize();
        CellResult result = CellResult.of(null);
        for (String code : sources(call, file)) {
            result = cell.evaluate(code);
            if (result.failed()) {
                return result;
            }
        }
        return result;
    }

    private List<String> sources(MagicCall call, Path file) throws MagicException {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!file.getFileName().toString().endsWith(".ipynb")) {
                return List.of(text);
            }
            List<String> cells = new ArrayList<>();
            for (JsonNode c : json.readTree(text).path("cells")) {
                if (c.path("cell_type").asText().equals("code")) {
                    JsonNode source = c.path("source");
                    StringBuilder code = new StringBuilder();
                    if (source.isArray()) {
                        source.forEach(line -> code.append(line.asText()));
                    } else {
                        code.append(source.asText());
                    }
                    cells.add(code.toString());
                }
            }
            return cells;
        } catch (IOException e) {
            throw new MagicException("MagicError", call.written() + ": cannot read " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
