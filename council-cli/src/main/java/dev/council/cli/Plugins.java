package dev.council.cli;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The plugins folder of one invocation of the tool: given by {@code --plugins DIR}, else by the {@value
 * #ENV} environment variable, else none. Opened on first use; commands discover plugins with {@link
 * #classLoader()}.
 *
 * <p>Thread-safe (its methods are synchronized). {@link #close()} closes the folder's class loader; the
 * tool calls it when the command has ended.
 */
final class Plugins implements AutoCloseable {
  /** The environment variable naming the plugins folder when {@code --plugins} is not given. */
  static final String ENV = "COUNCIL_PLUGINS";

  private final Map<String, String> env;
  private final PrintStream err;
  private @Nullable Path option;
  private @Nullable PluginFolder folder;
  private boolean checked;
  private @Nullable Thread switched;
  private @Nullable ClassLoader previous;

  Plugins(Map<String, String> env, PrintStream err) {
    this.env = Map.copyOf(env);
    this.err = Objects.requireNonNull(err, "err");
  }

  /** Sets the folder given by {@code --plugins}; it wins over {@value #ENV}. */
  synchronized void select(Path dir) {
    if (folder != null) {
      throw new IllegalStateException("the plugins folder is already open");
    }
    option = dir;
  }

  /**
   * The plugins folder, opened and checked, without reporting anything.
   *
   * @throws CouncilException when the folder named is not a readable directory
   */
  synchronized PluginFolder folder() {
    if (folder == null) {
      ClassLoader parent = CouncilCli.class.getClassLoader();
      String fromEnv = env.getOrDefault(ENV, "").strip();
      if (option != null) {
        folder = PluginFolder.open(option, "--plugins", parent);
      } else if (!fromEnv.isEmpty()) {
        folder = PluginFolder.open(Path.of(fromEnv), ENV, parent);
      } else {
        folder = PluginFolder.none(parent);
      }
    }
    return folder;
  }

  /**
   * The class loader to discover plugins with: the tool's own class path, then the usable jars of the
   * plugins folder. On first call prints a warning on standard error for each jar that was skipped, and
   * makes the loader the calling thread's context class loader until {@link #close()} (threads it starts,
   * such as the engine's, inherit it), so that libraries a plugin uses which look classes up there (JDBC
   * drivers, Jackson modules, ...) find those of the folder too.
   *
   * @throws CouncilException when the folder is not a readable directory, or two plugins of one kind share
   *     a name (naming both and their jars)
   */
  synchronized ClassLoader classLoader() {
    PluginFolder f = folder();
    if (!checked && f.dir() != null) {
      checked = true;
      f.warnings().forEach(err::println);
      List<String> conflicts = f.conflicts();
      if (!conflicts.isEmpty()) {
        throw new CouncilException(ErrorKind.VALIDATION, String.join(System.lineSeparator(), conflicts));
      }
      if (f.loader() != CouncilCli.class.getClassLoader()) {
        switched = Thread.currentThread();
        previous = switched.getContextClassLoader();
        switched.setContextClassLoader(f.loader());
      }
    }
    return f.loader();
  }

  /**
   * A note for an error about a missing plugin or an unknown name when jars of the folder were skipped:
   * one of them may be what was meant. Empty when the folder was not opened or no jar was skipped.
   */
  synchronized String skippedNote() {
    return folder == null ? "" : skippedNote(folder);
  }

  private static String skippedNote(PluginFolder f) {
    if (f.skipped().isEmpty()) {
      return "";
    }
    return System.lineSeparator() + "note: the plugins folder " + f.dir() + " has jars that could not be loaded ("
        + String.join(", ", f.skipped().stream().map(j -> j.path().getFileName().toString()).toList())
        + "); if the plugin named is in one of them, fix the jar or replace it (council plugins shows why)";
  }

  /** Restores the context class loader it replaced (when called on that thread) and closes the folder's jars. */
  @Override
  public synchronized void close() {
    if (switched != null && switched == Thread.currentThread()) {
      switched.setContextClassLoader(previous);
      switched = null;
    }
    if (folder != null) {
      folder.close();
    }
  }
}
