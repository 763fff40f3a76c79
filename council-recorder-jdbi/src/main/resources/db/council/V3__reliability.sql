-- Version 3: learned member reliability (the jdbi ReliabilityStore).
-- One row per member and feature bucket (the bucket is the canonical text of the feature map, see
-- ReliabilityStore.bucket); a record adds to it with one upsert, so concurrent records are never lost.
CREATE TABLE IF NOT EXISTS ${prefix}reliability (
  member_id  text        NOT NULL,
  bucket     text        NOT NULL,
  matched    bigint      NOT NULL DEFAULT 0,
  total      bigint      NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ${prefix}reliability_pk PRIMARY KEY (member_id, bucket),
  CONSTRAINT ${prefix}reliability_counts_ck CHECK (0 <= matched AND matched <= total)
);
