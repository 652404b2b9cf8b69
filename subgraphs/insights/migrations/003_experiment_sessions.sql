-- Sessions are what an experiment randomizes: the per-variant test of click-through treats each
-- session as one unit (its searches and searches clicked), so a session that searches often
-- does not count as many independent trials. Folded from the log events like the other aggregates.
ALTER TABLE insights.searches ADD COLUMN session_id text;

CREATE TABLE insights.experiment_sessions (
  experiment_id    text NOT NULL,
  variant          text NOT NULL,
  session_id       text NOT NULL,
  searches         bigint NOT NULL DEFAULT 0,
  clicked_searches bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (experiment_id, variant, session_id)
);
