-- Version 2: the member-call journal's losses and the run's ownership lease.
-- unjournaled_calls counts the run's finished calls whose journal entry could not be kept (journal queue
-- full, rejected, recorder closed first). Each is a call a resume makes, and pays for, again.
-- lease_owner is the recorder instance that runs the run; it renews lease_expires_at while the run is
-- live. A resume claims the run only when it holds the lease or the lease has expired.
ALTER TABLE ${prefix}runs ADD COLUMN IF NOT EXISTS unjournaled_calls bigint NOT NULL DEFAULT 0;
ALTER TABLE ${prefix}runs ADD COLUMN IF NOT EXISTS lease_owner text;
ALTER TABLE ${prefix}runs ADD COLUMN IF NOT EXISTS lease_expires_at timestamptz;
-- Lease renewal: the unfinished runs one recorder instance holds.
CREATE INDEX IF NOT EXISTS ${prefix}runs_lease_ix ON ${prefix}runs (lease_owner) WHERE finished_at IS NULL;
