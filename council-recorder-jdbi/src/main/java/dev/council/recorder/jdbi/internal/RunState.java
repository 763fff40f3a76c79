package dev.council.recorder.jdbi.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the recorder tracks about one open run: the highest event seq seen (stored or filtered out),
 * whether it has finished, whether its row was already written (by the journal or the writer),
 * whether another engine took its lease (then it is fenced: nothing more of it is written), and how many
 * of its events could not be kept. The seq and finished flag are written by the run's recording thread, the
 * row flag by a journaling thread, the dropped count also by the run's writer thread.
 */
final class RunState {
  private final String runId;
  private final AtomicLong dropped = new AtomicLong();
  private volatile long maxSeq = -1;
  private volatile boolean finished;
  private volatile boolean rowWritten;
  private volatile boolean fenced;

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

  /** Whether the run's opening row is committed already (by the journal, ahead of the writer). */
  boolean rowWritten() {
    return rowWritten;
  }

  void markRowWritten() {
    rowWritten = true;
  }

  /** Whether another engine took the run's lease: this recorder no longer writes the run. */
  boolean fenced() {
    return fenced;
  }

  /** Fences the run; true the first time only. */
  synchronized boolean fence() {
    if (fenced) {
      return false;
    }
    fenced = true;
    return true;
  }

  void dropped(long n) {
    dropped.addAndGet(n);
  }

  long dropped() {
    return dropped.get();
  }
}
