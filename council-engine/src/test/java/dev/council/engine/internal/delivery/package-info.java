@NullMarked
package dev.council.engine.internal.delivery;

import org.jspecify.annotations.NullMarked;
