package dev.council.engine;

import dev.council.engine.provider.MockProvider;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's engine with one {@link MockProvider} registered as {@code mock} and the test configuration
 * ({@link TestSupport#config()}), closed after each test. Register it on an instance field, which JUnit
 * creates anew for each test:
 *
 * <pre>{@code
 * @RegisterExtension final MockEngine setup = new MockEngine();
 * private final MockProvider mock = setup.mock();
 * private final CouncilEngine engine = setup.engine();
 * }</pre>
 */
final class MockEngine implements AfterEachCallback {
  private final MockProvider mock = MockProvider.create("mock");
  private final CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config())
      .provider("mock", mock).build();

  /** The provider registered as {@code mock}, for scripting answers and counting calls. */
  MockProvider mock() {
    return mock;
  }

  /** The engine under test. */
  CouncilEngine engine() {
    return engine;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    engine.close();
  }
}
