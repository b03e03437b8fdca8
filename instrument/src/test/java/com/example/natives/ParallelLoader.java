package com.example.natives;

/**
 * A class loader as libraries write them (ClassGraph's): registering as parallel capable is
 * caller-sensitive, and fails with ClassCastException on JDK 17 unless the caller is this class.
 */
public class ParallelLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }
}
