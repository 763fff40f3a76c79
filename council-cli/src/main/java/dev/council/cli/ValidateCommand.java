package dev.council.cli;

import dev.council.api.Council;
import dev.council.api.ValidationError;
import dev.council.api.config.CouncilConfig;
import dev.council.cli.OfflineFallback.Status;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.JsonOutput;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code council validate FILE}: checks a council file without running it and prints every problem.
 * One instance per invocation; makes no provider call.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Checks a council file without running it: JSON syntax, shape, and meaning (providers, profiles, round"
            + " types, aggregators, tools). Prints every problem as 'path: [code] message'.",
        "",
        "Also notes providers that exist but cannot be used on this machine (e.g. a missing API key)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the council is valid", "2:the council is invalid, or the file cannot be read"})
final class ValidateCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(index = "0", paramLabel = "FILE", description = "The council file (JSON).")
  @Nullable Path file;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A properties file with council.* settings (providers, defaults).")
  @Nullable Path config;

  @Option(names = "--json", description = "Print the problems as a JSON array of {path, code, message}.")
  boolean json;

  ValidateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Path path = Objects.requireNonNull(file, "file");
    Council council = CouncilFiles.read(path);
    CouncilConfig cfg = CouncilFiles.config(config, ctx.env());
    ClassLoader loader = ctx.classLoader();
    try (CouncilEngine engine = CouncilEngine.builder().config(ctx.shareTelemetry(cfg)).classLoader(loader).build()) {
      List<ValidationError> errors = engine.validate(council);
      if (json) {
        ctx.out().println(JsonOutput.validationErrors(errors));
      } else if (errors.isEmpty()) {
        ctx.out().println("valid: " + council.id() + " (" + council.members().size()
            + (council.members().size() == 1 ? " member, " : " members, ") + council.rounds().size()
            + (council.rounds().size() == 1 ? " round)" : " rounds)"));
      } else {
        ctx.out().println("invalid: council '" + council.id() + "' in " + path + " has "
            + CouncilFiles.problems(errors.size()) + ":");
        ctx.out().print(CouncilFiles.lines(errors));
      }
      if (errors.isEmpty()) {
        notes(council, cfg, loader, engine);
      } else if (!ctx.plugins().skippedNote().isEmpty()) {
        ctx.err().println(ctx.plugins().skippedNote().strip());
      }
      return errors.isEmpty() ? CouncilCli.OK : CouncilCli.USAGE;
    }
  }

  /** Tells about providers that exist but cannot be created here, and what {@code run} will do. */
  private void notes(Council council, CouncilConfig cfg, ClassLoader loader, CouncilEngine engine) {
    OfflineFallback fallback = new OfflineFallback(cfg, loader, engine);
    Set<String> ids = new LinkedHashSet<>();
    Seats.of(council, engine).forEach(s -> {
      if (s.providerId() != null) {
        ids.add(s.providerId());
      }
    });
    for (String id : ids) {
      Optional<Status> status = fallback.probe(id);
      if (status.isPresent() && status.get().problem() != null) {
        ctx.err().println("note: provider '" + id + "' cannot be used on this machine: " + status.get().problem()
            + ". 'council run' replaces it by the simulated provider only when no provider of the council can be"
            + " used, or with --provider-fallback or --offline.");
      }
    }
  }
}
