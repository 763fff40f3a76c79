@NullMarked
package dev.council.engine.internal;

import org.jspecify.annotations.NullMarked;
