/**
 * Not API. The prompt text the engine writes itself: how the run input reads as a question, a member's
 * system turn (with the self-report confidence instruction), and the re-ask after output that failed
 * its schema.
 */
@NullMarked
package dev.council.engine.internal.prompt;

import org.jspecify.annotations.NullMarked;
