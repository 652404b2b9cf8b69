-- The outbox every store subgraph has (the relay reads each one): the search and click events,
-- written by subgraphs/insights/searchLog.ts in the transaction of their rows.
CREATE TABLE insights.outbox (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event      json NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
