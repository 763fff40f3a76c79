package dev.council.engine.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.spi.RunRegistry;
import dev.council.testkit.FakeRun;
import dev.council.testkit.RunRegistryKit;
import org.junit.jupiter.api.Test;

class LocalRunRegistryTest extends RunRegistryKit {

  @Override
  protected RunRegistry createRegistry(String registryName) {
    return new LocalRunRegistry(registryName);
  }

  @Test
  void duplicateMessageNamesTheRegistryAndTheFix() {
    LocalRunRegistry registry = new LocalRunRegistry("tenant-7");
    registry.register(FakeRun.running("r1"));

    assertThatThrownBy(() -> registry.register(FakeRun.running("r1")))
        .hasMessage("run 'r1' is already registered in registry 'tenant-7'; run ids must be unique"
            + " (leave the runId option unset to get a generated one)");
  }
}
