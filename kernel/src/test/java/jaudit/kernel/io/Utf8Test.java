package jaudit.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void aBufferIsNeverCutInsideAMultiByteCharacter() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // 'a' then three bytes
        assertEquals(1, Utf8.completePrefix(Arrays.copyOf(euro, 2)));
        assertEquals(1, Utf8.completePrefix(Arrays.copyOf(euro, 3)));
        assertEquals(4, Utf8.completePrefix(euro));
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, Utf8.completePrefix(Arrays.copyOf(emoji, 3)));
        assertEquals(4, Utf8.completePrefix(emoji));
    }

    @Test
    void outputWrittenByteByByteArrivesAsWholeCharactersInOrder() throws Exception {
        List<String> received = new ArrayList<>();
        OutputCapture capture = new OutputCapture(() -> null, (owner, name, text) -> received.add(name + ":" + text));
        var out = capture.stream("stdout");
        var err = capture.stream("stderr");
        for (byte b : "héllo 😀\n".getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
            capture.flush();
        }
        err.write("oops\n".getBytes(StandardCharsets.UTF_8));
        out.write("after\n".getBytes(StandardCharsets.UTF_8));
        capture.flush();
        StringBuilder stdout = new StringBuilder();
        List<String> order = new ArrayList<>();
        for (String r : received) {
            String name = r.substring(0, r.indexOf(':'));
            if (order.isEmpty() || !order.get(order.size() - 1).equals(name)) {
                order.add(name);
            }
            if (name.equals("stdout")) {
                stdout.append(r.substring(r.indexOf(':') + 1));
            }
        }
        assertEquals("héllo 😀\nafter\n", stdout.toString());
        assertEquals(List.of("stdout", "stderr", "stdout"), order);
    }
}
