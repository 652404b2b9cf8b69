-- What the search subgraph reads of the catalog (subgraphs/search/indexing/storeDocuments.ts):
-- a read-only contract owned here, so renaming a column fails this store's tests (searchViews.test.ts)
-- instead of breaking search at run time.
CREATE VIEW catalog.search_products AS
  SELECT seq, id, name, description, brand, category_id, attributes, version FROM catalog.products;

CREATE VIEW catalog.search_categories AS
  SELECT id, parent_id FROM catalog.categories;
