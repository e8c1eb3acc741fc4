-- The projections' rows are updated far more often than inserted: every event moves its job's, its datasets' and its
-- edges' last_seen, and its run's state. No index covers those columns, so PostgreSQL can write the new row version
-- on the same page without touching any index (a HOT update) — if the page has room. Full pages (fillfactor 100)
-- make most such updates move the row and insert a new entry into every index of the table. Leaving 30% of each
-- page free keeps them HOT (n_tup_hot_upd in pg_stat_user_tables shows it). Pages written from now on keep the room;
-- existing ones get it back as they are pruned, vacuumed or rewritten.
ALTER TABLE datasets SET (fillfactor = 70);
ALTER TABLE jobs SET (fillfactor = 70);
ALTER TABLE runs SET (fillfactor = 70);
ALTER TABLE edges SET (fillfactor = 70);
