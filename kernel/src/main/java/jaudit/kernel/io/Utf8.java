package jaudit.kernel.io;

/** Where a byte buffer can be cut without splitting a UTF-8 sequence. */
final class Utf8 {
    private Utf8() {
    }

    /**
     * The length of the longest prefix that does not end inside a multi-byte sequence. Bytes that
     * can never become valid are not held back: the decoder replaces them.
     */
    static int completePrefix(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // a continuation byte: look further back for the lead byte
            }
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
