package jaudit.kernel.protocol;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Remembers recent signatures, so that a captured message sent a second time is refused, as
 * jupyter_client's Session does. Bounded: the oldest signatures are forgotten first.
 */
final class ReplayGuard {
    private final int capacity;
    private final Set<String> seen = new HashSet<>();
    private final ArrayDeque<String> order = new ArrayDeque<>();

    ReplayGuard(int capacity) {
        this.capacity = capacity;
    }

    /** Records the signature; false if it was already seen. */
    synchronized boolean firstSighting(String signature) {
        if (!seen.add(signature)) {
            return false;
        }
        order.addLast(signature);
        if (order.size() > capacity) {
            seen.remove(order.removeFirst());
        }
        return true;
    }
}
