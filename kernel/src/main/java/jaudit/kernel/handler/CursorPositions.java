package jaudit.kernel.handler;

import jaudit.kernel.request.InvalidRequestException;

/**
 * Jupyter counts cursor positions in Unicode code points; Java strings index UTF-16 units. The two
 * differ as soon as a cell holds an emoji or another character outside the Basic Multilingual Plane.
 */
public final class CursorPositions {
    private CursorPositions() {
    }

    static int toIndex(String code, int codePoints) throws InvalidRequestException {
        int total = code.codePointCount(0, code.length());
        if (codePoints < 0 || codePoints > total) {
            throw new InvalidRequestException("'cursor_pos' must be between 0 and " + total);
        }
        return code.offsetByCodePoints(0, codePoints);
    }

    static int toCodePoints(String code, int index) {
        return code.codePointCount(0, Math.max(0, Math.min(index, code.length())));
    }
}
