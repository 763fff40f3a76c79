/**
 * Learned member reliability inside the engine: a council's {@code reliability} option (which input
 * entries are the features, whether and how runs record outcomes) and the recording of a finished run's
 * outcome. Not API.
 */
@NullMarked
package dev.council.engine.internal.reliability;

import org.jspecify.annotations.NullMarked;
