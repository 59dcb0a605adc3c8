-- The plain SQLite peer's database for the control statistics: the spec's CSV files as
-- `.import` makes them (every column TEXT, no index, no cleaning). The feeds are the
-- year's monthly files, already in UTF-8 (scripts/bench converts the GB18030 ones with
-- iconv, since .import reads UTF-8 only); repeated headers are skipped, and the damage
-- the departments send (date forms, aliases, identity numbers, re-exports) is left for
-- stats.sql to deal with. Run once, from the folder holding the files; timed after.
.mode csv
.import persons.csv persons
.import wis_cards.csv wis_cards
.import wis_children.csv wis_children
.import areas.csv areas
.import feeds/death-2025-01.csv deaths
.import feeds/marriage-2025-01.csv marriages
.import --skip 1 feeds/death-2025-02.csv deaths
.import --skip 1 feeds/death-2025-03.csv deaths
.import --skip 1 feeds/death-2025-04.csv deaths
.import --skip 1 feeds/death-2025-05.csv deaths
.import --skip 1 feeds/death-2025-06.csv deaths
.import --skip 1 feeds/death-2025-07.csv deaths
.import --skip 1 feeds/death-2025-08.csv deaths
.import --skip 1 feeds/death-2025-09.csv deaths
.import --skip 1 feeds/death-2025-10.csv deaths
.import --skip 1 feeds/death-2025-11.csv deaths
.import --skip 1 feeds/death-2025-12.csv deaths
.import --skip 1 feeds/marriage-2025-02.csv marriages
.import --skip 1 feeds/marriage-2025-03.csv marriages
.import --skip 1 feeds/marriage-2025-04.csv marriages
.import --skip 1 feeds/marriage-2025-05.csv marriages
.import --skip 1 feeds/marriage-2025-06.csv marriages
.import --skip 1 feeds/marriage-2025-07.csv marriages
.import --skip 1 feeds/marriage-2025-08.csv marriages
.import --skip 1 feeds/marriage-2025-09.csv marriages
.import --skip 1 feeds/marriage-2025-10.csv marriages
.import --skip 1 feeds/marriage-2025-11.csv marriages
.import --skip 1 feeds/marriage-2025-12.csv marriages
