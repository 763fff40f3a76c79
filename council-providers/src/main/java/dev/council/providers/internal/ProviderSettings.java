package dev.council.providers.internal;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.config.Secret;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings of one provider id, read from {@code council.providers.<id>.*} and the
 * conventional environment variables of its type. Immutable and thread-safe; {@link #toString()} shows
 * neither the key nor header values.
 *
 * @param id the provider id
 * @param type the adapter type
 * @param baseUrl the base URL, without a trailing slash
 * @param apiKey the API key, or null when the provider runs without one
 * @param apiKeySource where the key comes from, for error messages (never the key itself)
 * @param headers extra request headers, sent after (and overriding) the adapter's own
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for the response to start
 * @param maxConcurrent how many requests may be in flight at once; more wait in line
 * @param keyEnv the environment variables the type reads its API key from by convention, first set one
 *     wins (named in error messages when a server wants a key and none is configured)
 */
record ProviderSettings(
    String id,
    String type,
    URI baseUrl,
    @Nullable Secret apiKey,
    String apiKeySource,
    Map<String, String> headers,
    Duration connectTimeout,
    Duration readTimeout,
    int maxConcurrent,
    List<String> keyEnv) {

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
  static final int DEFAULT_MAX_CONCURRENT = 16;

  /** Headers {@link java.net.http.HttpClient} manages itself and refuses to take from us. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  ProviderSettings {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(apiKeySource, "apiKeySource");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    keyEnv = List.copyOf(keyEnv);
  }

  /**
   * What a provider type assumes when the configuration is silent.
   *
   * @param type the adapter type
   * @param baseUrl the base URL used when neither configuration nor environment names one
   * @param baseUrlEnv environment variables that may hold the base URL, first set one wins
   * @param keyEnv environment variables that may hold the API key, first set one wins
   * @param keyRequired whether a key is required (it never is for a loopback base URL)
   * @param normalizeBaseUrl turns a configured base URL into a full URL (e.g. adds a scheme)
   */
  record Defaults(String type, String baseUrl, List<String> baseUrlEnv, List<String> keyEnv, boolean keyRequired,
      UnaryOperator<String> normalizeBaseUrl) {
    Defaults {
      baseUrlEnv = List.copyOf(baseUrlEnv);
      keyEnv = List.copyOf(keyEnv);
    }

    Defaults(String type, String baseUrl, List<String> baseUrlEnv, List<String> keyEnv) {
      this(type, baseUrl, baseUrlEnv, keyEnv, true, UnaryOperator.identity());
    }
  }

  /** The full configuration key of setting {@code name} of provider {@code id}. */
  static String key(String id, String name) {
    return "council.providers." + id + "." + name;
  }

  String key(String name) {
    return key(id, name);
  }

  /**
   * Reads and validates the settings of {@code id}.
   *
   * @throws ConfigException listing every problem, including a missing API key
   */
  static ProviderSettings read(String id, CouncilConfig config, Defaults defaults) {
    ConfigProblems problems = new ConfigProblems();
    URI baseUrl = problems.read(() -> baseUrl(id, config, defaults));
    Duration connect = problems.read(() -> positive(config, key(id, "connect-timeout"), DEFAULT_CONNECT_TIMEOUT));
    Duration read = problems.read(() -> positive(config, key(id, "read-timeout"), DEFAULT_READ_TIMEOUT));
    Integer maxConcurrent = problems.read(() -> {
      int n = config.getInt(key(id, "max-concurrent"), DEFAULT_MAX_CONCURRENT);
      if (n < 1) {
        throw new ConfigException(List.of(key(id, "max-concurrent") + " is " + n
            + " but must be at least 1 (the number of requests provider '" + id + "' may have in flight at once)"));
      }
      return n;
    });
    Map<String, String> headers = problems.read(() -> headers(id, config));
    Boolean keyRequired = problems.read(() -> config.getBoolean(key(id, "api-key-required"),
        defaults.keyRequired() && (baseUrl == null || !isLoopback(baseUrl))));
    KeyLookup key = problems.read(() -> apiKey(id, config, defaults, keyRequired == null || keyRequired));
    problems.throwIfAny();
    return new ProviderSettings(id, defaults.type(), Objects.requireNonNull(baseUrl),
        Objects.requireNonNull(key).secret(), key.source(), Objects.requireNonNull(headers),
        Objects.requireNonNull(connect), Objects.requireNonNull(read), Objects.requireNonNull(maxConcurrent),
        defaults.keyEnv());
  }

  private record KeyLookup(@Nullable Secret secret, String source) {}

  private static KeyLookup apiKey(String id, CouncilConfig config, Defaults defaults, boolean required) {
    String directKey = key(id, "api-key");
    Optional<Secret> direct = config.getSecret(directKey);
    if (direct.isPresent()) {
      return new KeyLookup(direct.get(), "configuration key " + directKey);
    }
    String envKey = key(id, "api-key-env");
    Optional<String> envName = config.get(envKey);
    if (envName.isPresent()) {
      Optional<String> value = config.env(envName.get());
      if (value.isEmpty()) {
        throw new ConfigException(List.of(envKey + " names environment variable " + envName.get()
            + ", but it is not set or empty: export " + envName.get() + " with the API key of provider '" + id
            + "', or point " + envKey + " at the variable that holds it"));
      }
      return new KeyLookup(Secret.of(value.get()), "environment variable " + envName.get());
    }
    for (String name : defaults.keyEnv()) {
      Optional<String> value = config.env(name);
      if (value.isPresent()) {
        return new KeyLookup(Secret.of(value.get()), "environment variable " + name);
      }
    }
    if (required) {
      throw new ConfigException(List.of("provider '" + id + "' (type " + defaults.type() + ") has no API key: set "
          + "environment variable " + String.join(" or ", defaults.keyEnv()) + ", or set " + envKey
          + " to the name of the variable that holds the key, or set " + directKey));
    }
    return new KeyLookup(null, "no API key");
  }

  private static URI baseUrl(String id, CouncilConfig config, Defaults defaults) {
    String configKey = key(id, "base-url");
    Optional<String> configured = config.get(configKey);
    if (configured.isPresent()) {
      return parseUrl(configKey, configured.get(), defaults);
    }
    for (String name : defaults.baseUrlEnv()) {
      Optional<String> value = config.env(name);
      if (value.isPresent()) {
        return parseUrl("environment variable " + name, value.get(), defaults);
      }
    }
    return parseUrl(configKey, defaults.baseUrl(), defaults);
  }

  private static URI parseUrl(String source, String raw, Defaults defaults) {
    String text = defaults.normalizeBaseUrl().apply(raw.trim());
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below with the expected form
    }
    throw new ConfigException(List.of(source + " is '" + raw + "' but must be an http(s) URL without a query, such as "
        + defaults.baseUrl()));
  }

  private static Duration positive(CouncilConfig config, String key, Duration fallback) {
    Duration d = config.getDuration(key, fallback);
    if (d.isNegative() || d.isZero()) {
      throw new ConfigException(List.of(key + " is " + d + " but must be a positive duration such as 30s"));
    }
    return d;
  }

  private static Map<String, String> headers(String id, CouncilConfig config) {
    String prefix = key(id, "headers");
    Map<String, String> headers = new LinkedHashMap<>();
    ConfigProblems problems = new ConfigProblems();
    for (String name : config.children(prefix)) {
      if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        problems.add(prefix + "." + name + " cannot be set: the HTTP client manages the " + name
            + " header itself; remove the setting");
        continue;
      }
      config.get(prefix + "." + name).ifPresent(v -> headers.put(name, v));
    }
    problems.throwIfAny();
    return headers;
  }

  /** {@code text} with every occurrence of the API key replaced by {@code ******}; use on all text a server sent. */
  String redact(String text) {
    return apiKey == null || apiKey.isEmpty() ? text : text.replace(apiKey.reveal(), "******");
  }

  /** Whether {@code uri} points at this machine; local servers usually need no key. */
  static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "ProviderSettings[id=" + id + ", type=" + type + ", baseUrl=" + baseUrl + ", apiKey="
        + (apiKey == null ? "none" : apiKey) + " (" + apiKeySource + "), headers=" + headers.keySet()
        + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", maxConcurrent=" + maxConcurrent
        + "]";
  }
}
