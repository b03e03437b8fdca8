package com.example.natives;

import com.example.lib.Lists;
import java.util.function.IntUnaryOperator;

/** Code as a cell would call a library: the class the tests run through the transformer chain. */
public class Caller {
    public static int callJava() {
        IntUnaryOperator viaLambda = Library::twice;
        return Library.twice(20) + viaLambda.applyAsInt(1);
    }

    public static long callStaticNative() {
        return Library.hash("x");
    }

    /** Returns how many of two calls from one call site went through to the (never loaded) native code. */
    public static int callStaticNativeTwice() {
        int reached = 0;
        for (int i = 0; i < 2; i++) {
            try {
                Library.hash("x");
            } catch (UnsatisfiedLinkError e) {
                reached++;
            }
        }
        return reached;
    }

    public static int callInstanceNative() {
        return new Library().size();
    }

    public static String callThroughPublicSubclass() {
        return new Lists().joined(Lists.listOf("a", "b"));
    }

    public static long callInheritedNative() {
        return Lists.checksum(Lists.listOf("a"));
    }

    public static boolean registerParallelLoader() {
        return new ParallelLoader().isRegisteredAsParallelCapable();
    }

    public static int callMissingClass() {
        return Missing.value();
    }

    public static int callBesideAMissingClass() {
        return NamesMissing.kept();
    }

    public static int callRemovedMethod() {
        return Shrinking.removed();
    }
}
