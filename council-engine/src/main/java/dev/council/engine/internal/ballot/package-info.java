/**
 * Not API. {@link dev.council.engine.internal.ballot.Ballots} turns a member's parsed structured output
 * into the {@link dev.council.api.spi.Ballot} the built-in rounds hand to aggregators.
 */
@NullMarked
package dev.council.engine.internal.ballot;

import org.jspecify.annotations.NullMarked;
