package dev.council.cli;

import dev.council.api.RunSummary;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.JsonOutput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code council runs}: lists the runs in progress on every node of the cluster, oldest first, as a table
 * or ({@code --json}) a JSON array. One instance per invocation.
 */
@Command(name = "runs", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Lists the runs in progress on every node of the cluster: id, council, owner node, current round,"
            + " rounds done and how long each has been running. Needs the cluster's settings (--config).",
        "",
        "Each node reports its own runs' state; a node that does not answer within"
            + " council.hazelcast.control-timeout is listed from the cluster's last snapshot."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:listed (also when no run is in progress)",
        "2:bad usage, no cluster configured, or the cluster cannot be reached"})
final class RunsCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin ClusterAccess cluster = new ClusterAccess();

  @Option(names = "--json", description = "Print a JSON array of run summaries instead of a table.")
  boolean json;

  RunsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    List<RunSummary> runs;
    try (CouncilEngine engine = cluster.connect(ctx, "runs")) {
      runs = new ArrayList<>(engine.activeRuns());
    }
    runs.sort(Comparator.comparing(RunSummary::startedAt).thenComparing(RunSummary::runId));
    Instant now = Instant.now();
    if (json) {
      List<Object> out = new ArrayList<>(runs.size());
      for (RunSummary r : runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", r.runId());
        m.put("councilId", r.councilId());
        m.put("status", r.status().name());
        m.put("owner", r.owner());
        m.put("currentRound", r.currentRound());
        m.put("roundsCompleted", r.roundsCompleted());
        m.put("startedAt", r.startedAt().toString());
        out.add(m);
      }
      ctx.out().println(JsonOutput.write(out));
      return CouncilCli.OK;
    }
    if (runs.isEmpty()) {
      ctx.out().println("no runs in progress in the cluster");
      return CouncilCli.OK;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"RUN ID", "COUNCIL", "OWNER", "STATUS", "ROUND", "DONE", "RUNNING FOR"});
    for (RunSummary r : runs) {
      rows.add(new String[] {r.runId(), r.councilId(), r.owner(), r.status().name(),
          r.currentRound() == null ? "-" : r.currentRound(), Integer.toString(r.roundsCompleted()),
          AnswerBlock.duration(Duration.between(r.startedAt(), now))});
    }
    printTable(rows);
    ctx.out().println(runs.size() + (runs.size() == 1 ? " run" : " runs") + " in progress");
    return CouncilCli.OK;
  }

  private void printTable(List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(width[i] - row[i].length() + 2));
        }
      }
      ctx.out().println(line);
    }
  }
}
