package com.example.lib;

import java.util.List;

/**
 * Shaped like the classes Kotlin compiles a file facade into ({@code CollectionsKt__CollectionsKt}):
 * not public, so callers in other packages reach its public methods only through {@link Lists}.
 */
class ListsBase {
    public static List<String> listOf(String... items) {
        return List.of(items);
    }

    public static native long checksum(List<String> items);

    public String joined(List<String> items) {
        return String.join(",", items);
    }
}
