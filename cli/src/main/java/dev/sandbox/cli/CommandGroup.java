package dev.sandbox.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code sandbox volumes ls}): alone it asks for one of them. */
abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // The subcommand map holds aliases too: name each command once, by its own name, in the declared order.
        List<String> names = spec.subcommands().values().stream()
                .map(CommandLine::getCommandName)
                .distinct()
                .toList();
        String choices = names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new ParameterException(spec.commandLine(), "name a subcommand: " + choices);
    }
}
