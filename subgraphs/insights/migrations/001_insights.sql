-- The search query and click log (docs/search.md "Analytics"). The search subgraph sends its
-- searches here in batches; each row and its commerce.insights.search_performed.v1 event commit
-- together, and so does each click with its search_clicked event.
CREATE SCHEMA insights;

CREATE TABLE insights.searches (
  query_id         uuid PRIMARY KEY,
  searched_at      timestamptz NOT NULL,
  normalized_query text NOT NULL,
  result_count     integer NOT NULL CHECK (result_count >= 0),
  variant          text NOT NULL,
  experiment_id    text,
  -- 1-based rank of the first result opened; null until one is.
  first_click_position integer
);
CREATE INDEX searches_searched_at ON insights.searches (searched_at);

-- One row per (search, product) opened: a second click on the same result adds nothing.
CREATE TABLE insights.clicks (
  query_id   uuid NOT NULL REFERENCES insights.searches ON DELETE CASCADE,
  product_id text NOT NULL,
  position   integer NOT NULL CHECK (position >= 1),
  clicked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (query_id, product_id)
);

-- What the analytics consumer folds the events into (lib/events durable consumer, group
-- `insights`): per UTC day of the search and normalized query ...
CREATE TABLE insights.query_days (
  day              date NOT NULL,
  normalized_query text NOT NULL,
  searches         bigint NOT NULL DEFAULT 0,
  zero_results     bigint NOT NULL DEFAULT 0,
  -- searches with at least one click, all clicks, and the sum of 1/position of first clicks
  clicked_searches bigint NOT NULL DEFAULT 0,
  clicks           bigint NOT NULL DEFAULT 0,
  reciprocal_rank_sum double precision NOT NULL DEFAULT 0,
  latency_sum_ms   double precision NOT NULL DEFAULT 0,
  latency_max_ms   double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (day, normalized_query)
);

-- ... and per experiment and variant.
CREATE TABLE insights.experiment_variants (
  experiment_id    text NOT NULL,
  variant          text NOT NULL,
  searches         bigint NOT NULL DEFAULT 0,
  zero_results     bigint NOT NULL DEFAULT 0,
  clicked_searches bigint NOT NULL DEFAULT 0,
  clicks           bigint NOT NULL DEFAULT 0,
  reciprocal_rank_sum double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (experiment_id, variant)
);

-- Event ids folded already: a redelivered event changes nothing (idempotent by id).
CREATE TABLE insights.folded_events (
  event_id  text PRIMARY KEY,
  folded_at timestamptz NOT NULL DEFAULT now()
);
