-- journey-stitcher: identity links and the products dimension.
-- An anonymous id belongs to one user: the earliest linking event (by occurred_at, then user_id)
-- wins, whatever the arrival order, so replays and out-of-order delivery agree.
CREATE TABLE identity_links (
  anonymous_id text COLLATE "C" PRIMARY KEY,
  user_id      text COLLATE "C" NOT NULL,
  linked_at    timestamptz NOT NULL
);
CREATE INDEX identity_links_user_idx ON identity_links (user_id);

-- Product -> category, kept from events and the catalogue; the newest updated_at wins.
CREATE TABLE products (
  product_id  text COLLATE "C" PRIMARY KEY,
  category_id text COLLATE "C" NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX products_category_idx ON products (category_id);
