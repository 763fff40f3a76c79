package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * The CLI carries one SLF4J binding, so its users never see "No SLF4J providers were found": the library's
 * warnings and errors reach standard error, its info and debug lines stay quiet, and Hazelcast only speaks
 * up for errors.
 */
class LoggingTest {
  @Test
  void theLibrarysWarningsAreShownAndItsInfoIsNot() {
    assertThat(LoggerFactory.getILoggerFactory()).isNotInstanceOf(NOPLoggerFactory.class);
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).isEqualTo("org.slf4j.simple.SimpleLoggerFactory");

    Logger engine = LoggerFactory.getLogger("dev.council.engine.internal.run.Runs");
    assertThat(engine.isWarnEnabled()).isTrue();
    assertThat(engine.isInfoEnabled()).isFalse();

    Logger hazelcast = LoggerFactory.getLogger("com.hazelcast.instance.impl.Node");
    assertThat(hazelcast.isErrorEnabled()).isTrue();
    assertThat(hazelcast.isWarnEnabled()).isFalse();
  }
}
