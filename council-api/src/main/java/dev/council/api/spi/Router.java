package dev.council.api.spi;

import dev.council.api.Council;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import java.util.List;
import java.util.Map;

/**
 * Chooses which members take part in a round, consulted before each round. Members it leaves out get
 * a {@code SKIPPED} result with reason {@code router_excluded}. Thread-safe.
 */
@FunctionalInterface
public interface Router {

  /**
   * @return the ids of participating members (unknown ids are ignored)
   */
  List<String> select(Council council, Round round, Map<String, Object> input, List<RoundResult> priorRounds);
}
