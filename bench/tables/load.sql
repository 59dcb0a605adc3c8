-- The plain SQLite peer's database: the spec's CSV files as `.import` makes them (every
-- column TEXT, no index, no derived column). Run once; the questions are timed after.
.mode csv
.import persons.csv persons
.import wis_cards.csv wis_cards
