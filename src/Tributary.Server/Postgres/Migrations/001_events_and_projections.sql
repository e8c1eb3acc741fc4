-- Raw events: the exact text as received (jsonb does not keep bytes, key order or duplicates), the same event as
-- jsonb for ad-hoc SQL, and a gapless sequence assigned in commit order under an advisory lock, so followers can
-- read `WHERE seq > last` without ever skipping a late commit.
CREATE TABLE lineage_events (
    seq         bigint      PRIMARY KEY,
    event_time  timestamptz NOT NULL,
    ingest_time timestamptz NOT NULL,
    digest      bytea,
    raw         text        NOT NULL,
    event       jsonb       NOT NULL
);
CREATE UNIQUE INDEX lineage_events_digest ON lineage_events (digest) WHERE digest IS NOT NULL;
CREATE INDEX lineage_events_event_time ON lineage_events (event_time);

-- Projections maintained on append (Marquez's shape, simplified): they answer SQL users, the graph answers queries.
CREATE TABLE datasets (
    namespace  text        NOT NULL,
    name       text        NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    PRIMARY KEY (namespace, name)
);
CREATE TABLE jobs (
    namespace  text        NOT NULL,
    name       text        NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    PRIMARY KEY (namespace, name)
);
CREATE TABLE runs (
    run_id        uuid        PRIMARY KEY,
    job_namespace text        NOT NULL,
    job_name      text        NOT NULL,
    state         text,
    started_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
-- One row per job input ('in') or output ('out') dataset: the table Marquez-style recursive lineage SQL walks.
CREATE TABLE edges (
    job_namespace     text        NOT NULL,
    job_name          text        NOT NULL,
    dataset_namespace text        NOT NULL,
    dataset_name      text        NOT NULL,
    direction         text        NOT NULL CHECK (direction IN ('in', 'out')),
    first_seen        timestamptz NOT NULL,
    last_seen         timestamptz NOT NULL,
    PRIMARY KEY (job_namespace, job_name, direction, dataset_namespace, dataset_name)
);
CREATE INDEX edges_dataset ON edges (dataset_namespace, dataset_name, direction);
