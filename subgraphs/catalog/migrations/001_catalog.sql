CREATE SCHEMA IF NOT EXISTS catalog;

CREATE TABLE catalog.categories (
  id         text PRIMARY KEY CHECK (id ~ '^c-[0-9]+$'),
  parent_id  text REFERENCES catalog.categories (id),
  name       text NOT NULL,
  slug       text NOT NULL UNIQUE,
  position   integer NOT NULL DEFAULT 0
);
CREATE INDEX categories_parent_idx ON catalog.categories (parent_id);

CREATE TABLE catalog.products (
  -- seq orders products stably for cursor pagination.
  seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id           text PRIMARY KEY CHECK (id ~ '^p-[0-9]+$'),
  sku          text NOT NULL UNIQUE,
  slug         text NOT NULL UNIQUE,
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  brand        text NOT NULL,
  category_id  text NOT NULL REFERENCES catalog.categories (id),
  attributes   jsonb NOT NULL DEFAULT '[]',
  images       jsonb NOT NULL DEFAULT '[]',
  weight_grams integer NOT NULL CHECK (weight_grams > 0),
  length_mm    integer NOT NULL CHECK (length_mm > 0),
  width_mm     integer NOT NULL CHECK (width_mm > 0),
  height_mm    integer NOT NULL CHECK (height_mm > 0),
  version      integer NOT NULL DEFAULT 1,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_category_idx ON catalog.products (category_id, seq);
