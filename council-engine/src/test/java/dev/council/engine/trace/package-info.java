@NullMarked
package dev.council.engine.trace;

import org.jspecify.annotations.NullMarked;
