package dev.sandbox.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the commands print: tables, JSON and YAML, progress on long waits and errors. Progress redraws one line
 * and colours are used only when standard error is a terminal and {@code NO_COLOR} is unset; otherwise progress is
 * plain lines, one per change, so logs and pipes stay readable.
 */
final class Console {
    private static final String RESET = "\u001b[0m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";

    final PrintStream out;
    final PrintStream err;
    private final boolean terminal;
    private final boolean colour;
    private final ObjectMapper json = mapper(new ObjectMapper()).enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectMapper yaml;
    private boolean progressShown;

    Console(PrintStream out, PrintStream err, boolean terminal, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.colour = terminal && env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM"));
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        this.yaml = mapper(new ObjectMapper(factory));
    }

    private static ObjectMapper mapper(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    static Console system(Map<String, String> env) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        return new Console(out, err, interactive(), env);
    }

    /**
     * Whether the CLI runs in a terminal. Up to JDK 21 a console exists only then; from JDK 22 on there is one for
     * pipes too and {@code Console.isTerminal()} (added then, so reached by reflection from this Java 17 code) says.
     * The null check is right on every JDK once isTerminal() is asked where it exists, hence the suppression.
     */
    @SuppressWarnings("SystemConsoleNull")
    private static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException beforeJdk22) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    boolean isTerminal() {
        return terminal;
    }

    /** Prints a value as {@code json} or {@code yaml}. */
    void print(Object value, String format) {
        try {
            String text =
                    "yaml".equals(format) ? yaml.writeValueAsString(value) : json.writeValueAsString(value) + "\n";
            out.print(text);
            out.flush();
        } catch (Exception e) {
            throw new CliException(ExitCodes.FAILED, "cannot print the answer as " + format + ": " + e.getMessage());
        }
    }

    /** Prints rows under a header, each column as wide as its widest cell. */
    void table(List<String> header, List<List<String>> rows) {
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            int width = header.get(i).length();
            for (List<String> row : rows) {
                width = Math.max(width, String.valueOf(row.get(i)).length());
            }
            widths.add(width);
        }
        out.println(line(header, widths, true));
        for (List<String> row : rows) {
            out.println(line(row, widths, false));
        }
        out.flush();
    }

    private String line(List<String> cells, List<Integer> widths, boolean header) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = String.valueOf(cells.get(i));
            boolean last = i == cells.size() - 1;
            String padded = last ? cell : cell + " ".repeat(widths.get(i) - cell.length() + 3);
            line.append(header ? dim(padded) : i == 1 ? phase(cell) + padded.substring(cell.length()) : padded);
        }
        return line.toString().stripTrailing();
    }

    /** A phase name, coloured by what it means on a terminal. */
    String phase(String phase) {
        if (!colour || phase == null) {
            return String.valueOf(phase);
        }
        return switch (phase) {
            case "Running" -> GREEN + phase + RESET;
            case "Failed" -> RED + phase + RESET;
            case "Pending", "Creating", "Paused", "Stopped", "Terminating" -> YELLOW + phase + RESET;
            default -> phase;
        };
    }

    private String dim(String text) {
        return colour ? DIM + text + RESET : text;
    }

    /** Shows how a long wait is going: one redrawn line on a terminal, a plain line per change otherwise. */
    void progress(String text) {
        if (terminal) {
            err.print("\r\u001b[2K" + (colour ? DIM + text + RESET : text));
            progressShown = true;
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Ends a progress line so that what follows starts on a line of its own. */
    void endProgress() {
        if (progressShown) {
            err.print("\r\u001b[2K");
            err.flush();
            progressShown = false;
        }
    }

    /** One line on standard error. */
    void info(String text) {
        endProgress();
        err.println(text);
        err.flush();
    }

    /** An error in one line: what went wrong and, when the gateway named one, the field at fault. */
    void error(String message, String field) {
        endProgress();
        String label = colour ? RED + "error" + RESET : "error";
        err.println("sandbox: " + label + ": " + message
                + (field == null || message.contains(field) ? "" : " (field: " + field + ")"));
        err.flush();
    }
}
