package dev.sandbox.cli;

import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The {@code -o yaml|json} option of the commands that show one thing, and printing by it. */
final class DocumentOutput {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "yaml (default) or json.")
    String format = "yaml";

    /** Checks the format, then fetches the value (so a wrong {@code -o} asks the gateway nothing) and prints it. */
    void print(Console console, Supplier<?> value) {
        Output.check(format, "yaml", "json");
        console.print(value.get(), format);
    }
}
