package dev.council.engine.internal.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.engine.local.MemoryRecorder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineOverridesTest {

  @Test
  void noneOverridesNothing() {
    assertThat(EngineOverrides.NONE.pubSub()).isEmpty();
    assertThat(EngineOverrides.NONE.registryFactory()).isEmpty();
    assertThat(EngineOverrides.NONE.recorder()).isEmpty();
    assertThat(EngineOverrides.NONE.providers()).isEmpty();
    assertThat(EngineOverrides.NONE.providerFactories()).isEmpty();
    assertThat(EngineOverrides.NONE.roundTypes()).isEmpty();
    assertThat(EngineOverrides.NONE.aggregators()).isEmpty();
    assertThat(EngineOverrides.NONE.tools()).isEmpty();
    assertThat(EngineOverrides.NONE.tracers()).isEmpty();
  }

  @Test
  void laterValueForTheSameNameReplacesTheEarlierOne() {
    TestPlugins.StubProvider first = new TestPlugins.StubProvider("p", "one");
    TestPlugins.StubProvider second = new TestPlugins.StubProvider("p", "two");
    TestPlugins.EchoRound echo = new TestPlugins.EchoRound();

    EngineOverrides overrides = EngineOverrides.builder()
        .provider("p", first).provider("p", second)
        .roundType(new TestPlugins.EchoRound()).roundType(echo)
        .recorder(new MemoryRecorder())
        .build();

    assertThat(overrides.providers()).containsOnlyKeys("p").containsEntry("p", second);
    assertThat(overrides.roundTypes()).containsOnlyKeys("echo").containsEntry("echo", echo);
    assertThat(overrides.recorder()).containsInstanceOf(MemoryRecorder.class);
  }

  @Test
  void blankNamesAreRejected() {
    assertThatThrownBy(() -> EngineOverrides.builder().provider(" ", new TestPlugins.StubProvider("x", "y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provider id must not be blank");
    assertThatThrownBy(() -> EngineOverrides.builder().roundType(new TestPlugins.EchoRound() {
      @Override
      public String name() {
        return "";
      }
    })).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("round type name of ");
  }

  @Test
  void builtOverridesDoNotChangeWhenTheBuilderDoes() {
    EngineOverrides.Builder builder = EngineOverrides.builder().tool(new TestPlugins.UpperTool());
    EngineOverrides built = builder.build();

    builder.aggregator(new TestPlugins.FirstChoice()).tracer(run -> Optional.empty());

    assertThat(built.tools()).containsOnlyKeys("upper");
    assertThat(built.aggregators()).isEmpty();
    assertThat(built.tracers()).isEmpty();
  }
}
