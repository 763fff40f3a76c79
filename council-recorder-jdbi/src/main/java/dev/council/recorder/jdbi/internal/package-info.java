/**
 * Implementation of the PostgreSQL recorder: not API. Types here may change in any release; use
 * {@link dev.council.recorder.jdbi.JdbiRecorder} and {@link dev.council.recorder.jdbi.RunHistory}.
 */
@NullMarked
package dev.council.recorder.jdbi.internal;

import org.jspecify.annotations.NullMarked;
