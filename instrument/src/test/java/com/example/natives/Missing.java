package com.example.natives;

/** A class the tests' loader refuses to find at run time, as if its jar were gone. */
public class Missing {
    public static int value() {
        return 1;
    }
}
