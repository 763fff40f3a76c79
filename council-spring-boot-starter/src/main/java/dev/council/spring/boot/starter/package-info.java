/**
 * The council Spring Boot starter holds no code of its own: it is the one dependency an application adds
 * to get {@code council-spring-boot-autoconfigure} (the {@code CouncilEngine} bean, the {@code council.*}
 * properties, the SSE helpers, Actuator support), the engine and the built-in providers. See
 * {@code docs/spring-boot.md}.
 */
package dev.council.spring.boot.starter;
