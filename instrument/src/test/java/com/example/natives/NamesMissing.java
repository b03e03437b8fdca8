package com.example.natives;

/** A class one of whose methods names {@link Missing}: with Missing gone, reflection cannot list its methods. */
public class NamesMissing {
    public static int kept() {
        return 3;
    }

    public static Missing make() {
        return new Missing();
    }
}
