package dev.council.testkit;

import dev.council.testkit.ScriptedProvider.Defect;

/**
 * {@link LlmProviderKit} runs against deliberately broken providers, one per defect, run by {@link
 * LlmProviderKitCatchesBrokenProvidersTest} (the names keep the build from running them on their own).
 */
final class BrokenProviderKits {
  private BrokenProviderKits() {}

  static final class IgnoresInterrupts extends ScriptedProviderKit {
    @Override
    Defect defect() {
      return Defect.IGNORES_INTERRUPTS;
    }
  }

  static final class ClearsTheInterruptStatus extends ScriptedProviderKit {
    @Override
    Defect defect() {
      return Defect.CLEARS_THE_INTERRUPT_STATUS;
    }
  }

  static final class AnswersAnInterruptedStream extends ScriptedProviderKit {
    @Override
    Defect defect() {
      return Defect.ANSWERS_AN_INTERRUPTED_STREAM;
    }
  }

  static final class IndexesChunksFromOne extends ScriptedProviderKit {
    @Override
    Defect defect() {
      return Defect.INDEXES_CHUNKS_FROM_ONE;
    }
  }

  static final class LeavesTheLastChunkWithoutFinishReason extends ScriptedProviderKit {
    @Override
    Defect defect() {
      return Defect.LEAVES_THE_LAST_CHUNK_WITHOUT_FINISH_REASON;
    }
  }

  static final class DropsTheRetryAfter extends ScriptedProviderKit {
    @Override
    Defect defect() {
      return Defect.DROPS_THE_RETRY_AFTER;
    }
  }
}
