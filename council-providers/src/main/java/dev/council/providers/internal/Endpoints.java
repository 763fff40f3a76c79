package dev.council.providers.internal;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Joins a configured base URL and an API path, whether or not the base already ends with the API's
 * version segment: {@code https://api.openai.com} and {@code http://localhost:8000/v1} both work.
 */
final class Endpoints {
  private static final Pattern VERSION = Pattern.compile(".*/v\\d+(?:(?:alpha|beta)\\d*)?");

  private Endpoints() {}

  /**
   * @param base the base URL, without a trailing slash
   * @param prefix the segment the API lives under, e.g. {@code /v1}; skipped when {@code base} already
   *     ends with it or with any version segment ({@code /v1}, {@code /v1beta}) when it is one
   * @param path the rest, starting with {@code /}
   */
  static URI resolve(URI base, String prefix, String path) {
    String b = base.toString();
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    boolean present = basePath.endsWith(prefix)
        || (VERSION.matcher(prefix).matches() && VERSION.matcher(basePath).matches());
    return URI.create(b + (present ? "" : prefix) + path);
  }
}
