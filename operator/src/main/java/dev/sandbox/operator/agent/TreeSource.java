package dev.sandbox.operator.agent;

import java.io.IOException;

/** A tree of directories and files that can be walked, once per call. */
@FunctionalInterface
interface TreeSource {
    void walk(TreeVisitor visitor) throws IOException;
}
