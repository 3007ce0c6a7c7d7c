package dev.sandbox.operator.agent;

import java.io.IOException;
import java.io.InputStream;

/** Receives the directories and regular files of a tree, parents before children; names are '/'-separated. */
interface TreeVisitor {

    void directory(String name) throws IOException;

    /** A regular file; {@code content} is open only during the call and closed by the caller. */
    void file(String name, long size, InputStream content) throws IOException;
}
