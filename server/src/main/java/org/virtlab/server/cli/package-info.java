/**
 * The command line: {@link org.virtlab.server.cli.Cli} dispatches subcommands,
 * {@link org.virtlab.server.cli.RunOptions} parses {@code run}'s flags,
 * {@link org.virtlab.server.cli.RunCommand} boots a board and puts its console on the terminal
 * ({@link org.virtlab.server.cli.TerminalMode} for raw mode,
 * {@link org.virtlab.server.cli.ConsoleInput} for the Ctrl-A escapes).
 * The board itself is {@code org.virtlab.engine.board}.
 */
package org.virtlab.server.cli;
