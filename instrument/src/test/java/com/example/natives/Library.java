package com.example.natives;

/** A user library with JNI methods whose native code was never loaded, and plain Java methods. */
public class Library {
    public static native long hash(String s);

    public native int size();

    public static int twice(int x) {
        return 2 * x;
    }
}
