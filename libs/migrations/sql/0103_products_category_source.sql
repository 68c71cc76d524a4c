-- journey-stitcher: the products dimension keeps a product's category from the authoritative
-- source. A row loaded from the catalogue (load-catalogue: the product -> category map) is
-- `catalogue` and no event changes it; only another catalogue load does. A product the
-- catalogue does not name is `event`: its category comes from events, the newest fact wins
-- (the rule of 0101), until a catalogue names it.
ALTER TABLE products
  ADD COLUMN source text NOT NULL DEFAULT 'event' CHECK (source IN ('event', 'catalogue'));
