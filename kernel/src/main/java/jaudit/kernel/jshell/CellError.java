package jaudit.kernel.jshell;

import java.util.List;

/** A failed cell as Jupyter reports it: exception name, message and traceback lines. */
public record CellError(String ename, String evalue, List<String> traceback) {

    public CellError {
        traceback = List.copyOf(traceback);
    }
}
