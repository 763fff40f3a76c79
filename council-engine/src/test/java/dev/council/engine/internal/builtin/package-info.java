@NullMarked
package dev.council.engine.internal.builtin;

import org.jspecify.annotations.NullMarked;
