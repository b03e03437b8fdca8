package com.example.natives;

/** A class whose method {@code removed} the tests' loader strips, as if a newer version dropped it. */
public class Shrinking {
    public static int removed() {
        return 1;
    }
}
