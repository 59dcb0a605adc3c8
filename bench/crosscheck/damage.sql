-- Doubles the records the linker must tie by evidence: in a copy of the city's database,
-- as many more records of each feed as already have no usable identity number lose
-- theirs (number and raw text emptied), spread over the year by the record number's
-- last digits. Names, birth dates and areas stay, as on a record typed without a number.
UPDATE marriages SET wife_id = NULL, wife_id_raw = NULL WHERE rowid IN (
    SELECT rowid FROM marriages WHERE wife_id IS NOT NULL ORDER BY substr(record_no, -3), record_no
    LIMIT (SELECT count(*) FROM marriages WHERE wife_id IS NULL));
UPDATE births SET mother_id = NULL, mother_id_raw = NULL WHERE rowid IN (
    SELECT rowid FROM births WHERE mother_id IS NOT NULL ORDER BY substr(record_no, -3), record_no
    LIMIT (SELECT count(*) FROM births WHERE mother_id IS NULL));
UPDATE deaths SET person_id = NULL, person_id_raw = NULL WHERE rowid IN (
    SELECT rowid FROM deaths WHERE person_id IS NOT NULL ORDER BY substr(record_no, -3), record_no
    LIMIT (SELECT count(*) FROM deaths WHERE person_id IS NULL));
UPDATE abortions SET woman_id = NULL, woman_id_raw = NULL WHERE rowid IN (
    SELECT rowid FROM abortions WHERE woman_id IS NOT NULL ORDER BY substr(record_no, -3), record_no
    LIMIT (SELECT count(*) FROM abortions WHERE woman_id IS NULL));
UPDATE hukou_events SET person_id = NULL, person_id_raw = NULL WHERE rowid IN (
    SELECT rowid FROM hukou_events WHERE person_id IS NOT NULL ORDER BY substr(record_no, -3), record_no
    LIMIT (SELECT count(*) FROM hukou_events WHERE person_id IS NULL));
