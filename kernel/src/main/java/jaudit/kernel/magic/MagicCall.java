package jaudit.kernel.magic;

import java.util.List;
import java.util.Optional;

/**
 * One use of a magic in a cell.
 *
 * @param name the magic's name
 * @param args the rest of its line
 * @param body for a cell magic, the lines after the first; empty for a line magic
 * @param line the zero-based line of the cell it stands on
 */
public record MagicCall(String name, String args, Optional<String> body, int line) {

    /** The arguments split at white space. */
    public List<String> words() {
        String trimmed = args.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    /** How the magic was written, {@code %name} or {@code %%name}. */
    public String written() {
        return (body.isPresent() ? "%%" : "%") + name;
    }
}
