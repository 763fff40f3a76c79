/**
 * Durable run history in PostgreSQL through JDBI: {@link dev.council.recorder.jdbi.JdbiRecorder} (the
 * {@code jdbi} recorder and its member-call journal), {@link dev.council.recorder.jdbi.RunHistory}
 * (queries over recorded runs and events) and {@link dev.council.recorder.jdbi.CouncilSchema} (the
 * versioned schema). See {@code docs/persistence.md}.
 */
@NullMarked
package dev.council.recorder.jdbi;

import org.jspecify.annotations.NullMarked;
