package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LlmProviderKit} fails each deliberately broken provider of {@link BrokenProviderKits}, in the
 * tests that concern its defect, with an {@link AssertionError} that names the rule it breaks; and passes
 * the correct one.
 */
class LlmProviderKitCatchesBrokenProvidersTest {

  @Test
  void theCorrectProviderPassesEveryTest() {
    KitRunner.Outcome outcome = KitRunner.run(ScriptedProviderKitTest.class);

    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.passed()).contains("streamsChunksInOrderWithIncreasingIndexAndAssemblesThem",
        "rateLimitCarriesItsRetryAfter", "interruptAbortsABlockedCallWithCancelled",
        "interruptInTheMiddleOfAStreamAbortsItWithCancelled");
  }

  @Test
  void aProviderThatGoesOnWaitingWhenInterruptedFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenProviderKits.IgnoresInterrupts.class).failures();

    assertThat(failures).containsOnlyKeys("interruptAbortsABlockedCallWithCancelled",
        "interruptInTheMiddleOfAStreamAbortsItWithCancelled");
    assertThat(failures.get("interruptAbortsABlockedCallWithCancelled")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("the call did not end within PT2S after its thread was interrupted")
        .hasMessageContaining("an interrupted call must end promptly with a ProviderException of kind CANCELLED");
    assertThat(failures.get("interruptInTheMiddleOfAStreamAbortsItWithCancelled")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("the streaming call did not end within PT2S after its thread was interrupted")
        .hasMessageContaining("an interrupted call must end promptly");
  }

  @Test
  void aProviderThatClearsTheInterruptStatusFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenProviderKits.ClearsTheInterruptStatus.class).failures();

    assertThat(failures).containsOnlyKeys("interruptAbortsABlockedCallWithCancelled",
        "interruptInTheMiddleOfAStreamAbortsItWithCancelled");
    assertThat(failures.values()).allSatisfy(f -> assertThat(f).isInstanceOf(AssertionError.class)
        .hasMessageContaining("an interrupted call must keep its thread's interrupt status"));
  }

  @Test
  void aProviderThatAnswersAnInterruptedStreamFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenProviderKits.AnswersAnInterruptedStream.class).failures();

    assertThat(failures).containsOnlyKeys("interruptInTheMiddleOfAStreamAbortsItWithCancelled");
    assertThat(failures.get("interruptInTheMiddleOfAStreamAbortsItWithCancelled")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("response of an interrupted call")
        .hasMessageContaining("must end with a ProviderException of kind CANCELLED, not answer")
        .hasMessageContaining("Half an answer");
  }

  @Test
  void chunkIndexesThatDoNotCountFromZeroFail() {
    Map<String, Throwable> failures = KitRunner.run(BrokenProviderKits.IndexesChunksFromOne.class).failures();

    assertThat(failures).containsOnlyKeys("streamsChunksInOrderWithIncreasingIndexAndAssemblesThem");
    assertThat(failures.get("streamsChunksInOrderWithIncreasingIndexAndAssemblesThem"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("index of chunk 0 of")
        .hasMessageContaining("indexes count from 0 without gaps");
  }

  @Test
  void aStreamWhoseLastChunkHasNoFinishReasonFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenProviderKits.LeavesTheLastChunkWithoutFinishReason.class)
        .failures();

    assertThat(failures).containsOnlyKeys("streamsChunksInOrderWithIncreasingIndexAndAssemblesThem");
    assertThat(failures.get("streamsChunksInOrderWithIncreasingIndexAndAssemblesThem"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("finish reason of the last chunk")
        .hasMessageContaining("the last chunk, and only that one, carries the finish reason, the response's");
  }

  @Test
  void aRateLimitWithoutItsRetryAfterFails() {
    Map<String, Throwable> failures = KitRunner.run(BrokenProviderKits.DropsTheRetryAfter.class).failures();

    assertThat(failures).containsOnlyKeys("rateLimitCarriesItsRetryAfter");
    assertThat(failures.get("rateLimitCarriesItsRetryAfter")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("a rate limit carries the server's Retry-After").hasMessageContaining("expected: 7S")
        .hasMessageContaining("but was: null");
  }
}
