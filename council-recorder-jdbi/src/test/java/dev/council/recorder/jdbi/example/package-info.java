/** The example recorder of {@code docs/persistence.md}, compiled and tested so the guide stays true. */
@NullMarked
package dev.council.recorder.jdbi.example;

import org.jspecify.annotations.NullMarked;
