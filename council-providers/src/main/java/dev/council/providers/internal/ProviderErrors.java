package dev.council.providers.internal;

import dev.council.api.ErrorKind;
import dev.council.api.provider.ProviderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Builds the classified {@link ProviderException}s every adapter throws. Messages name the provider id,
 * say what happened and what to check; they never contain the API key (provider texts are scrubbed of it,
 * and the text of a 401 is left out entirely because some providers echo part of the key there).
 */
final class ProviderErrors {
  private static final int MAX_PROVIDER_TEXT = 500;

  private ProviderErrors() {}

  /** The kind an HTTP status implies: 429 rate-limited; 408, 409, 425 and 5xx transient; other 4xx permanent. */
  static ErrorKind kindForStatus(int status) {
    if (status == 429) {
      return ErrorKind.RATE_LIMITED;
    }
    if (status == 408 || status == 409 || status == 425 || status >= 500) {
      return ErrorKind.TRANSIENT;
    }
    return ErrorKind.PERMANENT;
  }

  /** A non-2xx response. */
  static ProviderException http(ProviderSettings settings, URI uri, int status, ErrorInfo info,
      @Nullable Duration retryAfter) {
    if ((status == 401 || status == 403) && settings.apiKey() == null) {
      String conventional = settings.keyEnv().isEmpty() ? ""
          : "set environment variable " + String.join(" or ", settings.keyEnv()) + ", or ";
      return new ProviderException(ErrorKind.PERMANENT, settings.id() + ": the server wants an API key (HTTP " + status
          + ") but none is configured: " + conventional + "set " + settings.key("api-key-env")
          + " to the name of the variable holding it", status, null, null);
    }
    if (status == 401 || status == 403 || info.keyRejected()) {
      return keyRejected(settings, status, info);
    }
    ErrorKind kind = info.kind() != null ? info.kind() : kindForStatus(status);
    StringBuilder sb = new StringBuilder(settings.id()).append(": ");
    sb.append(switch (kind) {
      case RATE_LIMITED -> "rate limited";
      case TRANSIENT -> "temporary failure";
      default -> "request refused";
    });
    sb.append(" (HTTP ").append(status);
    if (info.code() != null) {
      sb.append(' ').append(info.code());
    }
    sb.append(")");
    String text = providerText(settings, info);
    if (!text.isEmpty()) {
      sb.append(": ").append(text);
    }
    if (status == 404) {
      sb.append(" (POST ").append(uri).append("; check the model name and ").append(settings.key("base-url"))
          .append(")");
    } else if (status >= 300 && status < 400) {
      sb.append(" (POST ").append(uri).append(" was redirected; set ").append(settings.key("base-url"))
          .append(" to the final address)");
    }
    if (retryAfter != null) {
      sb.append("; retry after ").append(describe(retryAfter));
    }
    return new ProviderException(kind, sb.toString(), status, kind == ErrorKind.RATE_LIMITED ? retryAfter : null, null);
  }

  /**
   * The provider refused the key. Names where the key comes from (the environment variable or
   * configuration key, never the key) and how to point at another. The provider's text is left out for
   * a 401 and for a refusal inside a response, which some providers fill with a masked part of the key,
   * and otherwise included with the key redacted.
   *
   * @param status the HTTP status, or -1 when the refusal came inside a successful response
   */
  private static ProviderException keyRejected(ProviderSettings settings, int status, ErrorInfo info) {
    String what = status == 403 ? "refused access for" : "rejected";
    String where = status > 0 ? "HTTP " + status : "reported in the response body";
    String text = status == 401 || status <= 0 ? "" : providerText(settings, info);
    return new ProviderException(ErrorKind.PERMANENT, settings.id() + ": the provider " + what + " the API key from "
        + settings.apiKeySource() + " (" + where + ")" + (text.isEmpty() ? "" : ": " + text) + ". Check that the key "
        + "is valid and allowed to use this model, or point " + settings.key("api-key-env") + " at the variable "
        + "holding the right key", status, null, null);
  }

  /** An error reported inside a successful (200) response: an error event or an error body. */
  static ProviderException inBody(ProviderSettings settings, ErrorInfo info, int statusHint) {
    if (info.keyRejected() || statusHint == 401 || statusHint == 403) {
      return statusHint > 0 ? http(settings, settings.baseUrl(), statusHint, info, null)
          : keyRejected(settings, -1, info);
    }
    if (statusHint >= 300) {
      return http(settings, settings.baseUrl(), statusHint, info, info.retryDelay());
    }
    ErrorKind kind = info.kind() != null ? info.kind() : ErrorKind.TRANSIENT;
    String text = providerText(settings, info);
    String message = settings.id() + ": the provider reported an error in the middle of the response"
        + (info.code() == null ? "" : " (" + info.code() + ")") + (text.isEmpty() ? "" : ": " + text);
    Duration retryAfter = kind == ErrorKind.RATE_LIMITED ? info.retryDelay() : null;
    if (retryAfter != null) {
      message += "; retry after " + describe(retryAfter);
    }
    return new ProviderException(kind, message, -1, retryAfter, null);
  }

  static ProviderException streamCut(ProviderSettings settings, String terminator) {
    return new ProviderException(ErrorKind.TRANSIENT, settings.id() + ": the response stream ended before its "
        + terminator + "; the connection was cut or the server gave up, so the answer is incomplete");
  }

  static ProviderException cancelled(ProviderSettings settings) {
    return new ProviderException(ErrorKind.CANCELLED, settings.id() + ": the call was cancelled and its HTTP request "
        + "aborted");
  }

  static ProviderException closed(ProviderSettings settings) {
    return new ProviderException(ErrorKind.PERMANENT, settings.id() + ": the provider has been closed; create a new "
        + "one");
  }

  /** The request could not be sent or no response came. */
  static ProviderException connectFailure(ProviderSettings settings, URI uri, Throwable failure) {
    String id = settings.id();
    String message;
    if (failure instanceof HttpConnectTimeoutException) {
      message = id + ": could not connect to " + hostPort(uri) + " within " + describe(settings.connectTimeout())
          + " (" + settings.key("connect-timeout") + ")";
    } else if (failure instanceof HttpTimeoutException) {
      message = id + ": no response from " + uri + " within " + describe(settings.readTimeout()) + " ("
          + settings.key("read-timeout") + ")";
    } else if (failure instanceof ConnectException || failure instanceof UnresolvedAddressException
        || failure.getCause() instanceof UnresolvedAddressException) {
      message = id + ": cannot connect to " + hostPort(uri) + ": is the server running, and is "
          + settings.key("base-url") + " (now " + settings.baseUrl() + ") right?";
    } else {
      message = id + ": the request to " + uri + " failed: " + describe(failure);
    }
    return new ProviderException(ErrorKind.TRANSIENT, message, -1, null, failure);
  }

  /** The connection broke while the response body was being read. */
  static ProviderException readFailure(ProviderSettings settings, URI uri, IOException failure) {
    return new ProviderException(ErrorKind.TRANSIENT, settings.id() + ": the connection to " + hostPort(uri)
        + " broke while reading the response: " + describe(failure), -1, null, failure);
  }

  /** The provider's own words, without the key, on one line, at most {@value #MAX_PROVIDER_TEXT} chars. */
  static String providerText(ProviderSettings settings, ErrorInfo info) {
    String text = info.message().replaceAll("\\s+", " ").strip();
    if (settings.apiKey() != null && !settings.apiKey().isEmpty()) {
      text = text.replace(settings.apiKey().reveal(), "******");
    }
    return text.length() <= MAX_PROVIDER_TEXT ? text : text.substring(0, MAX_PROVIDER_TEXT) + "...";
  }

  static String describe(Duration d) {
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m.strip() + ")");
  }

  private static String hostPort(URI uri) {
    return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
