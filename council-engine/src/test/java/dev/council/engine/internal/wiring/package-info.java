@NullMarked
package dev.council.engine.internal.wiring;

import org.jspecify.annotations.NullMarked;
