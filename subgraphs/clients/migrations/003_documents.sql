-- Trusted documents: the operations a client registered ahead (a persisted-documents manifest,
-- `npm run client -- documents`). Requests send `documentId` instead of the text; a
-- trusted-only client may send nothing else. A document never changes under its id.
CREATE TABLE clients.documents (
  client_id   text NOT NULL REFERENCES clients.clients (id) ON DELETE CASCADE,
  document_id text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, document_id)
);
