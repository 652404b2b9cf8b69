-- Search suggests categories by name as shoppers type (suggest): the view gains the name.
CREATE OR REPLACE VIEW catalog.search_categories AS
  SELECT id, parent_id, name FROM catalog.categories;
