package jaudit.kernel.display;

import java.util.Map;

/** Where {@link Display} sends its outputs: the kernel's iopub publisher. */
public interface DisplaySink {
    /** display_data, tagged with the display id that {@link #update} names. */
    void display(Map<String, String> bundle, String displayId);

    /** update_display_data: replaces what the display with that id shows, wherever it is. */
    void update(Map<String, String> bundle, String displayId);

    void clear(boolean wait);
}
