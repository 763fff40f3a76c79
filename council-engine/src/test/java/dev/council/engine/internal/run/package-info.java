@NullMarked
package dev.council.engine.internal.run;

import org.jspecify.annotations.NullMarked;
