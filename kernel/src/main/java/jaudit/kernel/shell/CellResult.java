package jaudit.kernel.shell;

import java.util.Optional;

/**
 * What evaluating a cell produced: the rendered value of its final expression, if it ended in one,
 * or the error that stopped it.
 */
public record CellResult(Optional<String> value, Optional<CellError> error) {

    static CellResult of(String value) {
        return new CellResult(Optional.ofNullable(value), Optional.empty());
    }

    static CellResult failed(CellError error) {
        return new CellResult(Optional.empty(), Optional.of(error));
    }

    public boolean failed() {
        return error.isPresent();
    }
}
