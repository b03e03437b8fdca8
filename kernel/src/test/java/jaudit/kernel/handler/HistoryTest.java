package jaudit.kernel.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private final History history = new History();

    HistoryTest() {
        history.add(1, "int a = 1;", "");
        history.add(2, "a + 1", "2");
        history.add(3, "int b = 2;", "");
        history.add(4, "a + 1", "2");
    }

    private static List<Integer> lines(List<History.Entry> entries) {
        return entries.stream().map(History.Entry::line).toList();
    }

    @Test
    void tailReturnsTheLastNCells() {
        assertEquals(List.of(3, 4), lines(history.tail(2)));
    }

    @Test
    void rangeIsHalfOpenAndZeroStopMeansToTheEnd() {
        assertEquals(List.of(2, 3), lines(history.range(2, 4)));
        assertEquals(List.of(3, 4), lines(history.range(3, 0)));
    }

    @Test
    void searchMatchesGlobsAndUniqueKeepsTheLatestOfRepeats() {
        assertEquals(List.of(1, 3), lines(history.search("int *", 0, false)));
        assertEquals(List.of(2, 4), lines(history.search("a + ?", 0, false)));
        assertEquals(List.of(4), lines(history.search("a*", 0, true).stream()
                .filter(e -> e.input().startsWith("a")).toList()));
        assertEquals(List.of(4), lines(history.search("*", 1, false)));
    }
}
