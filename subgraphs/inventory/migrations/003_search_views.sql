-- What the search subgraph reads of inventory (subgraphs/search/indexing/storeDocuments.ts): a
-- read-only contract owned here, checked by searchViews.test.ts.
CREATE VIEW inventory.search_stock AS
  SELECT product_id, warehouse_id, on_hand - reserved AS available, version FROM inventory.stock;
