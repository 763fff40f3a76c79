/**
 * Spring Boot auto-configuration for council: a {@link dev.council.engine.CouncilEngine} bean configured
 * from {@code council.*} properties, the application's beans (providers, tools, round types, aggregators,
 * recorder, tracers, data source, Hazelcast instance) handed to it, councils loaded from
 * {@code classpath*:councils/*.json} ({@link dev.council.spring.boot.autoconfigure.CouncilDefinitions}), and
 * a graceful drain on context shutdown. See {@code docs/spring-boot.md}.
 */
@NullMarked
package dev.council.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
