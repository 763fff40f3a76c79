/**
 * Actuator support: a {@code council} health indicator, an info contributor, and run and member-call
 * metrics recorded in the application's Micrometer {@code MeterRegistry}.
 */
@NullMarked
package dev.council.spring.boot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
