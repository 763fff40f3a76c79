package dev.council.testkit;

import dev.council.api.ErrorKind;
import dev.council.api.spi.LlmProvider;
import dev.council.testkit.ScriptedProvider.Reply;
import java.time.Duration;
import java.util.List;

/** {@link LlmProviderKit} for a {@link ScriptedProvider} with one {@link ScriptedProvider.Defect}. */
abstract class ScriptedProviderKit extends LlmProviderKit {

  /** The defect of the providers under test. */
  abstract ScriptedProvider.Defect defect();

  /** Short: the scripted provider blocks or ends at once, and a provider that ignores interrupts is waited for. */
  @Override
  protected Duration patience() {
    return Duration.ofSeconds(2);
  }

  @Override
  protected LlmProvider providerAnswering(String text) {
    return new ScriptedProvider(defect(), new Reply.Answer(text));
  }

  @Override
  protected LlmProvider providerStreaming(List<String> chunks) {
    return new ScriptedProvider(defect(), new Reply.Stream(chunks, false));
  }

  @Override
  protected LlmProvider providerFailing(ErrorKind kind, String message) {
    return new ScriptedProvider(defect(), new Reply.Failure(kind, message, null));
  }

  @Override
  protected LlmProvider providerBlocking() {
    return new ScriptedProvider(defect(), new Reply.Wait());
  }

  @Override
  protected LlmProvider providerStreamingThenStalling(List<String> first) {
    return new ScriptedProvider(defect(), new Reply.Stream(first, true));
  }

  @Override
  protected LlmProvider providerRateLimited(Duration retryAfter) {
    return new ScriptedProvider(defect(), new Reply.Failure(ErrorKind.RATE_LIMITED, "429 slow down", retryAfter));
  }
}
