package dev.council.engine.internal.wiring;

import dev.council.engine.internal.builtin.LocalPubSubFactory;
import dev.council.engine.internal.builtin.LocalRunRegistryFactory;
import dev.council.engine.internal.builtin.LoggingTracerFactory;
import dev.council.engine.internal.builtin.MemoryRecorderFactory;
import dev.council.engine.internal.builtin.MemoryReliabilityStoreFactory;
import dev.council.engine.internal.builtin.NoopRecorderFactory;

import dev.council.api.spi.PubSubFactory;
import dev.council.api.spi.RecorderFactory;
import dev.council.api.spi.ReliabilityStoreFactory;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.api.spi.RunTracerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A class loader whose {@code META-INF/services} files are exactly the ones a test writes, so plugin
 * discovery sees only the plugins the test names (classes still load from the test class path).
 */
final class ServiceFiles {
  private final Path dir;
  private final Map<String, List<String>> services = new LinkedHashMap<>();

  private ServiceFiles(Path dir) {
    this.dir = dir;
  }

  static ServiceFiles in(Path dir) {
    return new ServiceFiles(dir);
  }

  /** Lists {@code implementations} under {@code spi}. */
  ServiceFiles with(Class<?> spi, Class<?>... implementations) {
    List<String> names = services.computeIfAbsent(spi.getName(), k -> new ArrayList<>());
    for (Class<?> c : implementations) {
      names.add(c.getName());
    }
    return this;
  }

  /** Lists a class name that may not exist. */
  ServiceFiles withName(Class<?> spi, String className) {
    services.computeIfAbsent(spi.getName(), k -> new ArrayList<>()).add(className);
    return this;
  }

  /** The engine's own local plugins, as its META-INF/services lists them. */
  ServiceFiles withBuiltIns() {
    return with(PubSubFactory.class, LocalPubSubFactory.class)
        .with(RunRegistryFactory.class, LocalRunRegistryFactory.class)
        .with(RecorderFactory.class, NoopRecorderFactory.class, MemoryRecorderFactory.class)
        .with(RunTracerFactory.class, LoggingTracerFactory.class)
        .with(ReliabilityStoreFactory.class, MemoryReliabilityStoreFactory.class);
  }

  ClassLoader loader() {
    try {
      Path services = dir.resolve("META-INF/services");
      Files.createDirectories(services);
      for (Map.Entry<String, List<String>> e : this.services.entrySet()) {
        Files.write(services.resolve(e.getKey()), e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Hermetic(dir, ServiceFiles.class.getClassLoader());
  }

  private static final class Hermetic extends ClassLoader {
    private final Path dir;

    Hermetic(Path dir, ClassLoader parent) {
      super(parent);
      this.dir = dir;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (name.startsWith("META-INF/services/")) {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Collections.enumeration(List.of(file.toUri().toURL())) : Collections.emptyEnumeration();
      }
      return super.getResources(name);
    }
  }
}
