-- council run history, version 1.
--
-- ${prefix} is the table prefix (default council_). JdbiRecorder substitutes it after checking that it
-- matches [a-z_][a-z0-9_]{0,40}; Flyway and Liquibase users can set a placeholder named prefix.
-- Every statement is idempotent, so the file can be applied by an application's own migration tool
-- and JdbiRecorder (with migrate=true) later finds nothing left to do.

-- One row per run. status: RUNNING until the recorder writes the outcome; STUCK when a recovery found
-- the run RUNNING on a node that is gone. last_seq is the highest event seq the recorder saw, including
-- events the filter did not store; dropped_events counts events that could not be kept.
CREATE TABLE IF NOT EXISTS ${prefix}runs (
  run_id          text        NOT NULL,
  council_id      text        NOT NULL,
  council         jsonb       NOT NULL,
  input           jsonb       NOT NULL,
  status          text        NOT NULL,
  result          jsonb,
  errors          jsonb,
  attempt         integer     NOT NULL DEFAULT 1,
  parent_run_id   text,
  owner_node      text        NOT NULL,
  last_seq        bigint      NOT NULL DEFAULT -1,
  dropped_events  bigint      NOT NULL DEFAULT 0,
  started_at      timestamptz NOT NULL,
  finished_at     timestamptz,
  CONSTRAINT ${prefix}runs_pk PRIMARY KEY (run_id),
  CONSTRAINT ${prefix}runs_status_ck
    CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'STUCK'))
);

-- Listing newest first, by status, by council, by time range; keyset paging on (started_at, run_id).
CREATE INDEX IF NOT EXISTS ${prefix}runs_started_ix ON ${prefix}runs (started_at DESC, run_id DESC);
CREATE INDEX IF NOT EXISTS ${prefix}runs_status_ix ON ${prefix}runs (status, started_at DESC, run_id DESC);
CREATE INDEX IF NOT EXISTS ${prefix}runs_council_ix ON ${prefix}runs (council_id, started_at DESC, run_id DESC);
-- Recovery: the unfinished runs of one node.
CREATE INDEX IF NOT EXISTS ${prefix}runs_owner_ix ON ${prefix}runs (owner_node, status)
  WHERE status IN ('RUNNING', 'STUCK');
-- Retry lineage.
CREATE INDEX IF NOT EXISTS ${prefix}runs_parent_ix ON ${prefix}runs (parent_run_id)
  WHERE parent_run_id IS NOT NULL;

-- A run's events in sequence; replay reads a range of seq through the primary key.
CREATE TABLE IF NOT EXISTS ${prefix}run_events (
  run_id      text        NOT NULL,
  seq         bigint      NOT NULL,
  type        text        NOT NULL,
  payload     jsonb       NOT NULL,
  created_at  timestamptz NOT NULL,
  CONSTRAINT ${prefix}run_events_pk PRIMARY KEY (run_id, seq),
  CONSTRAINT ${prefix}run_events_run_fk FOREIGN KEY (run_id)
    REFERENCES ${prefix}runs (run_id) ON DELETE CASCADE
);

-- The member-call journal: one finished call per (run, round, iteration, member). Written
-- synchronously before MemberCompleted is emitted, possibly before the run's row exists, so it has no
-- foreign key to the runs table.
CREATE TABLE IF NOT EXISTS ${prefix}member_calls (
  run_id         text             NOT NULL,
  round_index    integer          NOT NULL,
  iteration      integer          NOT NULL,
  member_id      text             NOT NULL,
  attempts       integer          NOT NULL,
  request_hash   text             NOT NULL,
  status         text             NOT NULL,
  response       jsonb            NOT NULL,
  input_tokens   bigint           NOT NULL,
  output_tokens  bigint           NOT NULL,
  cost           double precision,
  latency_ms     bigint           NOT NULL,
  provider       text,
  model          text,
  created_at     timestamptz      NOT NULL,
  CONSTRAINT ${prefix}member_calls_pk PRIMARY KEY (run_id, round_index, iteration, member_id)
);
