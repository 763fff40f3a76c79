@NullMarked
package dev.council.engine.local;

import org.jspecify.annotations.NullMarked;
