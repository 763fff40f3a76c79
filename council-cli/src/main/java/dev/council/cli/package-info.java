/**
 * The {@code council} command-line tool: run, validate and draw council files.
 *
 * <p>{@link dev.council.cli.CouncilCli} is the only public type; everything else is package-private
 * and not API. Commands run on the calling thread and block until they finish.
 */
@NullMarked
package dev.council.cli;

import org.jspecify.annotations.NullMarked;
