package jaudit.kernel.display;

import java.util.Map;

/** Where {@link Display} sends its outputs: the kernel's iopub publisher. */
public interface DisplaySink {
    void display(Map<String, String> bundle);

    void clear(boolean wait);
}
