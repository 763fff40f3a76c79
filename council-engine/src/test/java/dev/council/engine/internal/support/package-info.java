@NullMarked
package dev.council.engine.internal.support;

import org.jspecify.annotations.NullMarked;
