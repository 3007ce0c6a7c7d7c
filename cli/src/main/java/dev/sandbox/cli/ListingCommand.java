package dev.sandbox.cli;

import java.util.List;
import picocli.CommandLine.Mixin;

/**
 * The {@code ls} subcommand of a group ({@code sandbox tenants ls}, {@code sandbox volumes ls}, ...): fetches the items
 * and prints them as a table with one row per item, or as JSON or YAML.
 */
abstract class ListingCommand<T> extends GatewayCommand {
    @Mixin
    TableOutput output = new TableOutput();

    private final List<String> header;

    ListingCommand(List<String> header) {
        this.header = header;
    }

    /** The items, from the gateway. */
    abstract List<T> items();

    /** The table row of one item, one cell per header column. */
    abstract List<String> row(T item);

    @Override
    final int run() {
        output.check();
        output.items(console(), items(), header, this::row);
        return ExitCodes.OK;
    }
}
