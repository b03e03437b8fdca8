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
 * A name with none of these extensions and no file of its own stands for the one file that it names
 * with an extension ({@code %load helpers} for {@code helpers.jsh}); when several do, none is
 * chosen: the error lists them.
 */
public final class LoadMagic implements Magic {
    private static final List<String> EXTENSIONS = List.of(".jsh", ".java", ".ipynb");

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
        return "%load FILE (a .jsh or .java file, or a notebook's code cells, run here; the extension may be left out)";
    }

    @Override
    public CellResult run(MagicCall call, CellScope cell) throws MagicException {
        if (call.words().size() != 1) {
            throw MagicException.usage(this, "%load takes one file");
        }
        Path file = find(call, Path.of(call.words().get(0)).toAbsolutePath().normalize());
        CellResult result = CellResult.of(null);
        for (String code : sources(call, file)) {
            result = cell.evaluate(code);
            if (result.failed()) {
                return result;
            }
        }
        return result;
    }

    /** The file named; or, when nothing is there and the name has no extension of ours, the one it names with one. */
    private static Path find(MagicCall call, Path named) throws MagicException {
        if (Files.exists(named)) {
            return named;
        }
        String name = named.getFileName().toString();
        if (EXTENSIONS.stream().anyMatch(name::endsWith)) {
            return named;
        }
        List<String> candidates = EXTENSIONS.stream().map(extension -> name + extension).toList();
        List<String> found = candidates.stream().filter(c -> Files.exists(named.resolveSibling(c))).toList();
        if (found.isEmpty()) {
            throw new MagicException("MagicError", call.written() + ": no file " + name + " in " + named.getParent()
                    + " (tried " + name + ", " + String.join(", ", candidates) + ")");
        }
        if (found.size() > 1) {
            throw new MagicException("MagicError", call.written() + ": " + name + " could be "
                    + String.join(" or ", found) + " in " + named.getParent() + ": name one");
        }
        return named.resolveSibling(found.get(0));
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
