/**
 * The catalog of named things an engine resolves councils against: names registered on the builder
 * (profiles, routers, input mappers, schemas, councils, predicates, judges) and the plugins chosen at
 * wiring (providers, round types, aggregators, tools), with the lookups built on them: a member's
 * effective options (profile precedence), output schema and tools.
 *
 * <p>Internal, not API: anything here may change without notice. Depends on {@code wiring} and the public
 * {@code schema} package (built-in schemas); never on runs.
 */
@NullMarked
package dev.council.engine.internal.catalog;

import org.jspecify.annotations.NullMarked;
