-- What the search subgraph reads of pricing (subgraphs/search/indexing/storeDocuments.ts): a
-- read-only contract owned here, checked by searchViews.test.ts. Search picks the sale amount
-- while its window is open, the list amount otherwise.
CREATE VIEW pricing.search_prices AS
  SELECT product_id, currency, list_amount, sale_amount, sale_valid_from, sale_valid_to, version FROM pricing.prices;
