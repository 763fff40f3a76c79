package dev.council.engine.internal.wiring;

import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import jakarta.inject.Inject;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place plugins are discovered: {@link ServiceLoader} over an explicit class loader. Every
 * plugin must have a non-blank name, and no two plugins of one SPI may share a name.
 *
 * <p>{@link #load} applies those rules and is what an engine uses; {@link #survey} reports everything
 * found, rule breakers and entries that could not be loaded included, for tools that explain a class
 * path to its user.
 *
 * <p>Thread-safe and stateless apart from the class loader; each {@link #load} or {@link #survey} call
 * instantiates the plugins afresh.
 */
public final class PluginLoader {
  private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
  /** After this many entries that fail to load, a survey stops looking (a services file may be garbage). */
  private static final int MAX_ERRORS = 100;

  private final ClassLoader classLoader;

  @Inject
  public PluginLoader(ClassLoader classLoader) {
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
  }

  /** {@link #load(Class, Function)} for one of the engine's service interfaces. */
  public <T> Map<String, T> load(PluginSpi<T> spi) {
    return load(spi.type(), spi.nameOf());
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
    Survey<T> survey = survey(spi, nameOf);
    if (!survey.errors().isEmpty()) {
      ServiceConfigurationError e = survey.errors().getFirst();
      throw new CouncilException(
          CouncilError.of(ErrorKind.VALIDATION, "cannot load " + spi.getSimpleName()
              + " plugins: " + e.getMessage() + ". Check META-INF/services/" + spi.getName()
              + " and that the listed class is public with a public no-argument constructor."), e);
    }
    Map<String, T> found = new TreeMap<>();
    for (Found<T> f : survey.found()) {
      if (f.name().isBlank()) {
        throw new CouncilException(ErrorKind.VALIDATION, spi.getSimpleName() + " " + f.className()
            + " has a blank name; give it a non-blank name, or remove it from META-INF/services/"
            + spi.getName());
      }
      T previous = found.putIfAbsent(f.name(), f.plugin());
      if (previous != null) {
        throw new CouncilException(ErrorKind.VALIDATION, "two " + spi.getSimpleName() + " plugins are named '"
            + f.name() + "': " + previous.getClass().getName() + " and " + f.className()
            + ". Remove one of their jars from the class path, or rename one of them.");
      }
    }
    if (LOG.isDebugEnabled()) {
      Map<String, String> classes = new LinkedHashMap<>();
      found.forEach((name, plugin) -> classes.put(name, plugin.getClass().getName()));
      LOG.debug("found {} {} plugin(s): {}", found.size(), spi.getSimpleName(), classes);
    }
    return Collections.unmodifiableMap(found);
  }

  /** {@link #survey(Class, Function)} for one of the engine's service interfaces. */
  public <T> Survey<T> survey(PluginSpi<T> spi) {
    return survey(spi.type(), spi.nameOf());
  }

  /**
   * Instantiates every implementation of {@code spi} listed in {@code META-INF/services}, keeping going
   * past entries that cannot be loaded; applies none of {@link #load}'s rules. Never throws for a plugin
   * that cannot be loaded or named: a {@code nameOf} that throws is reported as a load error.
   *
   * @param nameOf reads a plugin's name
   */
  public <T> Survey<T> survey(Class<T> spi, Function<T, String> nameOf) {
    List<Found<T>> found = new ArrayList<>();
    List<ServiceConfigurationError> errors = new ArrayList<>();
    Iterator<T> it = ServiceLoader.load(spi, classLoader).iterator();
    while (errors.size() < MAX_ERRORS) {
      T plugin;
      try {
        if (!it.hasNext()) {
          break;
        }
        plugin = it.next();
      } catch (ServiceConfigurationError e) {
        errors.add(e);
        continue;
      } catch (LinkageError e) {
        errors.add(new ServiceConfigurationError(spi.getName() + ": a listed class cannot be linked: " + e, e));
        continue;
      }
      String name;
      try {
        name = nameOf.apply(plugin);
      } catch (RuntimeException e) {
        errors.add(new ServiceConfigurationError(spi.getName() + ": " + plugin.getClass().getName()
            + " could not tell its name: " + e, e));
        continue;
      }
      found.add(new Found<>(plugin, name == null ? "" : name, sourceOf(plugin.getClass())));
    }
    return new Survey<>(spi, found, errors);
  }

  private static @Nullable URL sourceOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }

  /**
   * One plugin found.
   *
   * @param plugin the instance
   * @param name its name; blank when the plugin has none (which {@link #load} rejects)
   * @param source where its class was loaded from (a jar or a classes directory), or null when unknown
   * @param <T> the service interface
   */
  public record Found<T>(T plugin, String name, @Nullable URL source) {
    public Found {
      Objects.requireNonNull(plugin, "plugin");
      Objects.requireNonNull(name, "name");
    }

    /** The plugin's class name. */
    public String className() {
      return plugin.getClass().getName();
    }
  }

  /**
   * Everything found for one service interface.
   *
   * @param spi the service interface
   * @param found the plugins that could be loaded, in discovery order, blank names and duplicates included
   * @param errors the entries that could not be loaded, in discovery order
   * @param <T> the service interface
   */
  public record Survey<T>(Class<T> spi, List<Found<T>> found, List<ServiceConfigurationError> errors) {
    public Survey {
      Objects.requireNonNull(spi, "spi");
      found = List.copyOf(found);
      errors = List.copyOf(errors);
    }

    /** The names more than one plugin has, with those plugins, sorted by name. */
    public Map<String, List<Found<T>>> duplicates() {
      Map<String, List<Found<T>>> byName = new TreeMap<>();
      found.forEach(f -> byName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f));
      byName.values().removeIf(l -> l.size() < 2);
      return byName;
    }
  }
}
