package dev.council.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a kit subclass through the JUnit Platform, as a build would, and reports how each test ended. */
final class KitRunner {
  private KitRunner() {}

  /** How one run of a kit class ended: the failures by test method name, and the passed test names. */
  record Outcome(Map<String, Throwable> failures, java.util.Set<String> passed) {}

  static Outcome run(Class<?> kit) {
    Map<String, Throwable> failures = new TreeMap<>();
    java.util.Set<String> passed = new java.util.TreeSet<>();
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit)).build();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!(test.getSource().orElse(null) instanceof MethodSource method)) {
          if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            failures.put(test.getDisplayName(), result.getThrowable().orElseThrow());
          }
          return;
        }
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
          passed.add(method.getMethodName());
        } else {
          failures.put(method.getMethodName(), result.getThrowable().orElseGet(
              () -> new AssertionError("test " + method.getMethodName() + " ended " + result.getStatus())));
        }
      }
    });
    return new Outcome(failures, passed);
  }
}
