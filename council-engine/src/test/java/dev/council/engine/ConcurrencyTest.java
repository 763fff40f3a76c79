package dev.council.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.provider.ChatResponse;
import dev.council.api.Usage;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  @Test
  void aThousandConcurrentRunsAllCompleteWithTheirOwnResults() {
    MockProvider mock = MockProvider.create("mock");
    MockScript echo = MockScript.respond(req -> ChatResponse.of(
        req.context().memberId() + " on " + req.lastUserMessage(), Usage.of(3, 2)));
    for (String id : List.of("a", "b", "c")) {
      mock.script(id, echo);
    }
    mock.script("chair", MockScript.respond(req -> ChatResponse.of("chair:" + req.lastUserMessage().lines()
        .filter(l -> l.startsWith("q-")).findFirst().orElse("?"), Usage.of(10, 1))));
    try (CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config()).provider("mock", mock).build()) {
      Council c = TestSupport.council(3, true);
      List<RunHandle> handles = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        handles.add(engine.start(c, Map.of("question", "q-" + i)));
      }
      for (int i = 0; i < 1000; i++) {
        Result r = handles.get(i).await(Duration.ofMinutes(2));
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.answer()).isEqualTo("chair:q-" + i);
        assertThat(r.rounds().get(0).members()).extracting(m -> m.content())
            .containsExactly("a on q-" + i, "b on q-" + i, "c on q-" + i);
        assertThat(r.usage()).isEqualTo(Usage.of(3 * 3 + 10, 3 * 2 + 1));
      }
      assertThat(mock.calls("a")).isEqualTo(1000);
      assertThat(mock.calls("chair")).isEqualTo(1000);
    }
  }
}
