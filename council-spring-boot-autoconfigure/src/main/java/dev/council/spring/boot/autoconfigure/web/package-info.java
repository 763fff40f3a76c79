/**
 * Server-Sent Events for council runs: {@link dev.council.spring.boot.autoconfigure.web.RunEventStreams}
 * (web-stack neutral: start, replay from a {@code Last-Event-ID}, follow live, cancel when the last viewer
 * leaves), and its Spring MVC ({@link dev.council.spring.boot.autoconfigure.web.CouncilSseEmitters}) and
 * WebFlux ({@link dev.council.spring.boot.autoconfigure.web.CouncilServerSentEvents}) adapters.
 */
@NullMarked
package dev.council.spring.boot.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
