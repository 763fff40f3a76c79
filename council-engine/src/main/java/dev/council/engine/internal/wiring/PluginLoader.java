package dev.council.engine.internal.wiring;

import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place plugins are discovered: {@link ServiceLoader} over an explicit class loader. Every
 * plugin must have a non-blank name, and no two plugins of one SPI may share a name.
 *
 * <p>Thread-safe and stateless apart from the class loader; each {@link #load} call instantiates the
 * plugins afresh.
 */
public final class PluginLoader {
  private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

  private final ClassLoader classLoader;

  @Inject
  public PluginLoader(ClassLoader classLoader) {
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
  }

  /**
   * Instantiates every implementation of {@code spi} listed in {@code META-INF/services}.
   *
   * @param nameOf reads a plugin's name (e.g. {@code PubSubFactory::name})
   * @return the plugins by name, sorted by name; unmodifiable
   * @throws CouncilException when a plugin cannot be loaded, has a blank name, or shares its name with
   *     another plugin (naming both classes)
   */
  public <T> Map<String, T> load(Class<T> spi, Function<T, String> nameOf) {
    Map<String, T> found = new TreeMap<>();
    try {
      for (T plugin : ServiceLoader.load(spi, classLoader)) {
        String name = nameOf.apply(plugin);
        if (name == null || name.isBlank()) {
          throw new CouncilException(ErrorKind.VALIDATION, spi.getSimpleName() + " " + plugin.getClass().getName()
              + " has a blank name; give it a non-blank name, or remove it from META-INF/services/"
              + spi.getName());
        }
        T previous = found.putIfAbsent(name, plugin);
        if (previous != null) {
          throw new CouncilException(ErrorKind.VALIDATION, "two " + spi.getSimpleName() + " plugins are named '"
              + name + "': " + previous.getClass().getName() + " and " + plugin.getClass().getName()
              + ". Remove one of their jars from the class path, or rename one of them.");
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new CouncilException(
          CouncilError.of(ErrorKind.VALIDATION, "cannot load " + spi.getSimpleName()
              + " plugins: " + e.getMessage() + ". Check META-INF/services/" + spi.getName()
              + " and that the listed class is public with a public no-argument constructor."), e);
    }
    if (LOG.isDebugEnabled()) {
      Map<String, String> classes = new LinkedHashMap<>();
      found.forEach((name, plugin) -> classes.put(name, plugin.getClass().getName()));
      LOG.debug("found {} {} plugin(s): {}", found.size(), spi.getSimpleName(), classes);
    }
    return Collections.unmodifiableMap(found);
  }
}
