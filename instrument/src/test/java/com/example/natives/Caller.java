package com.example.natives;

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

    public static int callInstanceNative() {
        return new Library().size();
    }
}
