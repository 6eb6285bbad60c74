package org.virtlab.server;

import java.io.InputStream;
import java.io.PrintStream;
import org.virtlab.server.cli.Cli;

/**
 * {@code java -jar virtlab.jar <command> ...}: the one entry point of the shaded jar
 * (shared/DESIGN.md section 8). The commands live in {@link org.virtlab.server.cli}.
 */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err, System.console() != null);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs a command in-process (tests call this) and returns the exit status.
     *
     * @param terminal whether stdin and stdout are a terminal: the console then goes raw
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        return new Cli(in, out, err, terminal).run(args);
    }
}
