package jaudit.kernel.jshell;

import java.util.Map;
import java.util.Optional;

/**
 * What evaluating a cell produced: the MIME bundle of its final expression's value, if it ended in
 * one (text/plain always, in jshell's notation), or the error that stopped it.
 */
public record CellResult(Optional<Map<String, String>> value, Optional<CellError> error) {

    public static CellResult of(Map<String, String> value) {
        return new CellResult(Optional.ofNullable(value), Optional.empty());
    }

    public static CellResult failed(CellError error) {
        return new CellResult(Optional.empty(), Optional.of(error));
    }

    /** The value's text/plain form, or an empty string. */
    public String text() {
        return value.map(v -> v.get("text/plain")).orElse("");
    }

    public boolean failed() {
        return error.isPresent();
    }
}
