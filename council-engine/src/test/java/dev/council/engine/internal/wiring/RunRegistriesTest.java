package dev.council.engine.internal.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.RunSummary;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunRegistry;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.engine.local.LocalRunRegistry;
import dev.council.testkit.FakeRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunRegistriesTest {
  private final List<String> created = new ArrayList<>();
  private final List<String> closed = new ArrayList<>();
  private final RunRegistryFactory factory = new RunRegistryFactory() {
    @Override
    public String name() {
      return "recording";
    }

    @Override
    public RunRegistry create(String registryName, CouncilConfig config) {
      created.add(registryName);
      LocalRunRegistry delegate = new LocalRunRegistry(registryName);
      return new RunRegistry() {
        @Override
        public void register(RunControl run) {
          delegate.register(run);
        }

        @Override
        public Optional<RunControl> find(String runId) {
          return delegate.find(runId);
        }

        @Override
        public void unregister(String runId) {
          delegate.unregister(runId);
        }

        @Override
        public List<RunSummary> active() {
          return delegate.active();
        }

        @Override
        public void close() {
          closed.add(registryName);
        }
      };
    }
  };

  @Test
  void createsEachNamedRegistryLazilyOnce() {
    RunRegistries registries = new RunRegistries(factory, CouncilConfig.empty());
    assertThat(created).isEmpty();

    RunRegistry first = registries.defaultRegistry();
    RunRegistry again = registries.get("default");
    registries.get("tenant-a");

    assertThat(again).isSameAs(first);
    assertThat(created).containsExactly("default", "tenant-a");
  }

  @Test
  void namedRegistriesDoNotShareRuns() {
    RunRegistries registries = new RunRegistries(factory, CouncilConfig.empty());

    registries.get("tenant-a").register(FakeRun.running("r1"));

    assertThat(registries.get("tenant-b").find("r1")).isEmpty();
    assertThat(registries.get("tenant-a").find("r1")).isPresent();
  }

  @Test
  void blankNameIsRejected() {
    RunRegistries registries = new RunRegistries(factory, CouncilConfig.empty());

    assertThatThrownBy(() -> registries.get(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("registry name must not be blank; use 'default' or a tenant name");
  }

  @Test
  void closeClosesEveryRegistryAndRefusesNewOnes() {
    RunRegistries registries = new RunRegistries(factory, CouncilConfig.empty());
    registries.get("default");
    registries.get("tenant-a");

    registries.close();
    registries.close();

    assertThat(closed).containsExactlyInAnyOrder("default", "tenant-a");
    assertThatThrownBy(() -> registries.get("tenant-b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
