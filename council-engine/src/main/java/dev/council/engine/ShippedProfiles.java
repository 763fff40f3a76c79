package dev.council.engine;

import dev.council.api.MemberOptions;
import dev.council.api.Profile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Profiles every engine knows by name without any registration, so a member can say
 * {@code "profile": "openai_mini"}. A profile of the same name defined inline in a council, registered with
 * {@link CouncilEngine.Builder#profile}, or read from the {@link CouncilEngine#PROFILES_DIR} folder wins over
 * the shipped one; member fields win over any profile.
 *
 * <table>
 *   <caption>Shipped profiles</caption>
 *   <tr><th>name</th><th>provider</th><th>model</th><th>temperature</th><th>maxTokens</th></tr>
 *   <tr><td>{@code openai_mini}</td><td>openai</td><td>gpt-4o-mini</td><td>0.3</td><td>1024</td></tr>
 *   <tr><td>{@code openai_balanced}</td><td>openai</td><td>gpt-4o</td><td>0.5</td><td>2048</td></tr>
 *   <tr><td>{@code anthropic_fast}</td><td>anthropic</td><td>claude-3-5-haiku-latest</td><td>0.3</td><td>1024</td></tr>
 *   <tr><td>{@code anthropic_balanced}</td><td>anthropic</td><td>claude-3-5-sonnet-latest</td><td>0.5</td><td>2048</td></tr>
 *   <tr><td>{@code gemini_flash}</td><td>gemini</td><td>gemini-2.0-flash</td><td>0.4</td><td>2048</td></tr>
 *   <tr><td>{@code ollama_local}</td><td>ollama</td><td>llama3.2</td><td>0.4</td><td>—</td></tr>
 *   <tr><td>{@code openrouter_auto}</td><td>openrouter</td><td>openrouter/auto</td><td>0.5</td><td>2048</td></tr>
 *   <tr><td>{@code simulated}</td><td>simulated</td><td>simulated-1</td><td>—</td><td>—</td></tr>
 *   <tr><td>{@code openai_embedding}</td><td>openai</td><td>text-embedding-3-small</td><td>—</td><td>—</td></tr>
 *   <tr><td>{@code ollama_embedding}</td><td>ollama</td><td>nomic-embed-text</td><td>—</td><td>—</td></tr>
 *   <tr><td>{@code gemini_embedding}</td><td>gemini</td><td>text-embedding-004</td><td>—</td><td>—</td></tr>
 * </table>
 *
 * <p>The {@code *_embedding} profiles are for an auto council's {@code embedder}. Constants only; immutable
 * and thread-safe.
 */
public final class ShippedProfiles {
  private static final Map<String, Profile> ALL;

  static {
    Map<String, Profile> m = new LinkedHashMap<>();
    add(m, "openai_mini", "openai", "gpt-4o-mini", 0.3, 1024);
    add(m, "openai_balanced", "openai", "gpt-4o", 0.5, 2048);
    add(m, "anthropic_fast", "anthropic", "claude-3-5-haiku-latest", 0.3, 1024);
    add(m, "anthropic_balanced", "anthropic", "claude-3-5-sonnet-latest", 0.5, 2048);
    add(m, "gemini_flash", "gemini", "gemini-2.0-flash", 0.4, 2048);
    add(m, "ollama_local", "ollama", "llama3.2", 0.4, null);
    add(m, "openrouter_auto", "openrouter", "openrouter/auto", 0.5, 2048);
    add(m, "simulated", "simulated", "simulated-1", null, null);
    add(m, "openai_embedding", "openai", "text-embedding-3-small", null, null);
    add(m, "ollama_embedding", "ollama", "nomic-embed-text", null, null);
    add(m, "gemini_embedding", "gemini", "text-embedding-004", null, null);
    ALL = Collections.unmodifiableMap(m);
  }

  private ShippedProfiles() {}

  private static void add(Map<String, Profile> m, String name, String provider, String model,
      Double temperature, Integer maxTokens) {
    MemberOptions.Builder o = MemberOptions.builder().provider(provider).model(model);
    if (temperature != null) {
      o.temperature(temperature);
    }
    if (maxTokens != null) {
      o.maxTokens(maxTokens);
    }
    m.put(name, new Profile(name, o.build()));
  }

  /** Every shipped profile by name, in the order of the table above; unmodifiable. */
  public static Map<String, Profile> all() {
    return ALL;
  }

  /** The shipped profile named {@code name}. */
  public static Optional<Profile> find(String name) {
    return Optional.ofNullable(ALL.get(name));
  }
}
