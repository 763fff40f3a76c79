package dev.council.recorder.jdbi.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the recorder tracks about one open run: the highest event seq seen (stored or filtered out),
 * whether it has finished, and how many of its events could not be kept. The seq and finished flag are
 * written by the run's recording thread; the dropped count also by the writer thread.
 */
final class RunState {
  private final String runId;
  private final AtomicLong dropped = new AtomicLong();
  private volatile long maxSeq = -1;
  private volatile boolean finished;

  RunState(String runId) {
    this.runId = runId;
  }

  String runId() {
    return runId;
  }

  void saw(long seq) {
    if (seq > maxSeq) {
      maxSeq = seq;
    }
  }

  long maxSeq() {
    return maxSeq;
  }

  boolean finished() {
    return finished;
  }

  void markFinished() {
    finished = true;
  }

  void dropped(long n) {
    dropped.addAndGet(n);
  }

  long dropped() {
    return dropped.get();
  }
}
