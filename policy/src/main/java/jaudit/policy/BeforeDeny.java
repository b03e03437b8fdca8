package jaudit.policy;

import java.util.List;

/**
 * A host's last word before a denial, named by the policy key {@code before_deny} and loaded from
 * the jars and folders of {@code host_classpath}, never from cell code. The kernel makes one
 * instance (public no-argument constructor) per class path and calls it from whichever thread is
 * about to be denied, so it must be thread-safe. It runs outside the audit: its own file or process
 * operations are not judged.
 */
@FunctionalInterface
public interface BeforeDeny {

    /**
     * Decides an event that the policy's rules deny.
     *
     * @param event the event's name, for example {@code process.start}
     * @param args the event's arguments, as listed in the policy's vocabulary
     * @param frames the stack without jaudit's frames: from the first frame outside jaudit (usually the
     *     JDK method that raised the event) down to the thread's first frame; walk it for a
     *     frame-based allow list
     * @param message the denial message the cell would see
     * @param data the policy's {@code data}: immutable maps, lists, strings, numbers, booleans or null
     * @return true to allow the event; false to let the denial go ahead. An exception fails the cell
     *     with that exception.
     */
    boolean allow(String event, List<Object> args, List<StackTraceElement> frames, String message, Object data);
}
