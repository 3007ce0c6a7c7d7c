package dev.sandbox.cli;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The {@code -o table|json|yaml} option of the commands that list things, and printing by it: a table for people,
 * JSON or YAML for programs.
 */
final class TableOutput {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "table (default), json or yaml.")
    String format = "table";

    /** Refuses an unknown format; called before the gateway is asked anything. */
    void check() {
        Output.check(format, "table", "json", "yaml");
    }

    boolean isTable() {
        return "table".equals(format);
    }

    /** Items as {@code items: [...]} in JSON or YAML, or as a table with one row per item. */
    <T> void items(Console console, List<T> items, List<String> header, Function<? super T, List<String>> row) {
        print(
                console,
                Map.of("items", items),
                header,
                () -> items.stream().<List<String>>map(row).toList());
    }

    /**
     * {@code data} in JSON or YAML, or the rows under {@code header}. The rows are made only for a table: they are
     * text for people and may leave out what the data holds.
     */
    void print(Console console, Object data, List<String> header, Supplier<List<List<String>>> rows) {
        if (isTable()) {
            console.table(header, rows.get());
        } else {
            console.print(data, format);
        }
    }
}
