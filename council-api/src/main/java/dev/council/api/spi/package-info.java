/**
 * Service provider interfaces. Each SPI is one runtime interface plus one factory listed in
 * {@code META-INF/services}; discovery makes a plugin available, configuration activates it by name.
 * Factories are stateless, perform no I/O and read configuration only through the {@link
 * dev.council.api.config.CouncilConfig} they are given.
 */
@NullMarked
package dev.council.api.spi;

import org.jspecify.annotations.NullMarked;
