package dev.council.spring.boot.autoconfigure.actuate;

import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.spring.boot.autoconfigure.CouncilDefinitions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code council} to {@code /actuator/info}: the engine version, mode, node id, recorder, pubsub,
 * provider ids, the councils loaded, and the number of runs in progress. No secrets. Thread-safe.
 */
public final class CouncilInfoContributor implements InfoContributor {
  private final CouncilEngine engine;
  private final CouncilDefinitions councils;

  /**
   * @param engine the engine
   * @param councils the councils loaded
   */
  public CouncilInfoContributor(CouncilEngine engine, CouncilDefinitions councils) {
    this.engine = engine;
    this.councils = councils;
  }

  @Override
  public void contribute(Info.Builder builder) {
    CouncilConfig config = engine.config();
    Map<String, Object> m = new LinkedHashMap<>();
    String version = CouncilEngine.class.getPackage().getImplementationVersion();
    m.put("version", version == null ? "unknown" : version);
    m.put("mode", config.getString("council.mode", "single-node"));
    m.put("nodeId", config.getString("council.node-id", "local"));
    m.put("recorder", config.getString("council.recorder", "none"));
    m.put("pubsub", config.getString("council.pubsub", "default"));
    m.put("providers", config.children("council.providers"));
    m.put("councils", councils.names());
    m.put("activeRuns", engine.activeRuns().size());
    builder.withDetail("council", m);
  }
}
