package com.example.lib;

/** The public face of {@link ListsBase}: every call from outside the package names this class as owner. */
public class Lists extends ListsBase {
}
