/**
 * The council domain: councils, members, profiles, rounds, results, usage and errors.
 *
 * <p>Every type here is an immutable value, safe to share between threads. Nothing in this package
 * performs I/O.
 */
@NullMarked
package dev.council.api;

import org.jspecify.annotations.NullMarked;
