package dev.council.spring.boot.autoconfigure;

import dev.council.api.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a council configuration error at start-up into a Spring Boot failure report listing every
 * problem with the property it concerns. Stateless.
 */
public final class CouncilConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {

  /** Created by Spring Boot from {@code META-INF/spring.factories}. */
  public CouncilConfigFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
    StringBuilder description = new StringBuilder("The council engine could not start: its configuration has ")
        .append(cause.problems().size() == 1 ? "a problem" : cause.problems().size() + " problems")
        .append(':');
    for (String p : cause.problems()) {
      description.append(System.lineSeparator()).append("    - ").append(p);
    }
    String action = "Correct the council.* properties named above in application.properties or application.yml"
        + " (or their environment variables, e.g. COUNCIL_SHUTDOWN_DRAIN for council.shutdown.drain)."
        + " docs/spring-boot.md lists the properties.";
    return new FailureAnalysis(description.toString(), action, cause);
  }
}
