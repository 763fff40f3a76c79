/**
 * The council engine: {@link dev.council.engine.CouncilEngine} runs councils, blocking ({@code run}) or
 * asynchronously ({@code start} plus events), and hands out {@link dev.council.engine.RunHandle}s to await,
 * cancel, terminate and inspect runs. Packages named {@code internal} are not API.
 */
@NullMarked
package dev.council.engine;

import org.jspecify.annotations.NullMarked;
