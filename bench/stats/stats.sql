-- Section 8's control statistics for 2025 by township, written by hand over the plain
-- import (load.sql): the same counts and rates as control_stats(year: 2025, by:
-- "township"), one row per area (the city, each county, each township) in code order.
-- The feeds are cleaned here as the spec says popsh's importer does: dates in any of
-- the three forms and real days only (date(julianday(d)) = d: date() alone lets
-- 2025-02-30 through), Chinese kinds, identity numbers with spaces,
-- full-width digits, a lower-case x or 15 digits, a record_no sent twice counted once,
-- rows the spec quarantines (no record_no, unknown sex, naming nobody) left out.
.mode csv
WITH
death_rows AS (
    SELECT record_no, residence_area,
           CASE WHEN death_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN death_date
                WHEN death_date GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
                    THEN substr(death_date, 1, 4) || '-' || substr(death_date, 5, 2) || '-' || substr(death_date, 7, 2)
                WHEN death_date GLOB '[0-9][0-9][0-9][0-9]/[0-9]*/[0-9]*'
                    THEN printf('%s-%02d-%02d', substr(death_date, 1, 4),
                                substr(death_date, 6, instr(substr(death_date, 6), '/') - 1),
                                substr(death_date, 6 + instr(substr(death_date, 6), '/')))
           END AS day
    FROM deaths
    WHERE record_no <> '' AND sex IN ('', 'M', 'F', '1', '2', '男', '女') AND (person_id <> '' OR name <> '')
),
death_counts AS (
    SELECT residence_area AS code, count(DISTINCT record_no) AS deaths
    FROM death_rows WHERE day = date(julianday(day)) AND day BETWEEN '2025-01-01' AND '2025-12-31' AND residence_area <> ''
    GROUP BY 1
),
marriage_rows AS (
    SELECT record_no,
           CASE WHEN reg_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN reg_date
                WHEN reg_date GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
                    THEN substr(reg_date, 1, 4) || '-' || substr(reg_date, 5, 2) || '-' || substr(reg_date, 7, 2)
                WHEN reg_date GLOB '[0-9][0-9][0-9][0-9]/[0-9]*/[0-9]*'
                    THEN printf('%s-%02d-%02d', substr(reg_date, 1, 4),
                                substr(reg_date, 6, instr(substr(reg_date, 6), '/') - 1),
                                substr(reg_date, 6 + instr(substr(reg_date, 6), '/')))
           END AS day,
           upper(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
               replace(replace(wife_id, ' ', ''), '　', ''), '０', '0'), '１', '1'), '２', '2'), '３', '3'), '４', '4'),
               '５', '5'), '６', '6'), '７', '7'), '８', '8'), '９', '9'), 'ｘ', 'x'), 'Ｘ', 'X')) AS wife
    FROM marriages
    WHERE record_no <> '' AND kind IN ('marry', 'remarry', '结婚', '复婚')
),
marriage_ids AS (
    SELECT record_no, day, wife,
           CASE length(wife) WHEN 18 THEN substr(wife, 1, 17)
                             WHEN 15 THEN substr(wife, 1, 6) || '19' || substr(wife, 7, 9) END AS body
    FROM marriage_rows WHERE day = date(julianday(day)) AND day BETWEEN '2025-01-01' AND '2025-12-31'
),
marriage_checked AS (
    SELECT record_no, day, wife, body,
           substr('10X98765432', (substr(body, 1, 1) * 7 + substr(body, 2, 1) * 9 + substr(body, 3, 1) * 10
               + substr(body, 4, 1) * 5 + substr(body, 5, 1) * 8 + substr(body, 6, 1) * 4 + substr(body, 7, 1) * 2
               + substr(body, 8, 1) * 1 + substr(body, 9, 1) * 6 + substr(body, 10, 1) * 3 + substr(body, 11, 1) * 7
               + substr(body, 12, 1) * 9 + substr(body, 13, 1) * 10 + substr(body, 14, 1) * 5
               + substr(body, 15, 1) * 8 + substr(body, 16, 1) * 4 + substr(body, 17, 1) * 2) % 11 + 1, 1) AS check_char
    FROM marriage_ids WHERE body GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
),
marriage_wives AS (
    SELECT DISTINCT record_no, day, body || check_char AS wife_id
    FROM marriage_checked WHERE length(wife) = 15 OR substr(wife, 18, 1) = check_char
    UNION
    -- A wife whose number is damaged counts where popsh's cross-check tied her by evidence
    -- (marriage_links; linking is measured by scripts/bench linkage, not here).
    SELECT m.record_no, m.day, l.person_id FROM marriage_ids m JOIN marriage_links l ON l.record_no = m.record_no
),
marriage_counts AS (
    SELECT p.residence_area AS code, count(*) AS marriages,
           count(e.woman_id) AS marriages_entered
    FROM marriage_wives m JOIN persons p ON p.person_id = m.wife_id
    LEFT JOIN (SELECT DISTINCT woman_id, marriage_date FROM active_cards) e
        ON e.woman_id = m.wife_id AND e.marriage_date = m.day
    GROUP BY 1
),
-- The plain tables have no index: the active cards are gathered once, so each woman is
-- one look-up in the index SQLite builds for the join, not a scan of WIS.
active_cards AS MATERIALIZED (
    SELECT woman_id, marriage_date, contraception NOT IN ('', 'none') AS uses FROM wis_cards WHERE status = 'active'
),
card_holders AS MATERIALIZED (SELECT woman_id, max(uses) AS uses FROM active_cards GROUP BY woman_id),
population_counts AS (
    SELECT residence_area AS code, count(*) AS population FROM persons WHERE residence_area <> '' GROUP BY 1
),
mwcba_counts AS (
    SELECT p.residence_area AS code, count(*) AS mwcba, count(c.woman_id) AS carded, sum(c.uses) AS users
    FROM persons p LEFT JOIN card_holders c ON c.woman_id = p.person_id
    WHERE p.sex = 'F' AND p.marital = 'married'
      AND (2025 - CAST(substr(p.birth_date, 1, 4) AS INTEGER)) - (substr(p.birth_date, 6, 5) > '12-31') BETWEEN 15 AND 49
    GROUP BY 1
),
birth_counts AS (
    SELECT c.managing_area AS code, count(*) AS births, sum(ch.policy = 'in') AS policy_births,
           sum(ch.sex = 'M') AS male_births, sum(ch.sex = 'F') AS female_births,
           sum(CAST(ch.birth_order AS INTEGER) >= 3) AS third_plus_births,
           sum(ch.pregnancy_recorded <> '' AND ch.pregnancy_recorded < ch.birth_date) AS pregnancies_entered
    FROM wis_children ch JOIN wis_cards c ON c.card_no = ch.card_no
    WHERE ch.birth_date BETWEEN '2025-01-01' AND '2025-12-31'
    GROUP BY 1
),
community AS (
    SELECT code, population, 0 AS births, 0 AS policy_births, 0 AS male_births, 0 AS female_births,
           0 AS third_plus_births, 0 AS pregnancies_entered, 0 AS deaths, 0 AS mwcba, 0 AS carded, 0 AS users,
           0 AS marriages, 0 AS marriages_entered FROM population_counts
    UNION ALL SELECT code, 0, births, policy_births, male_births, female_births, third_plus_births, pregnancies_entered,
           0, 0, 0, 0, 0, 0 FROM birth_counts
    UNION ALL SELECT code, 0, 0, 0, 0, 0, 0, 0, deaths, 0, 0, 0, 0, 0 FROM death_counts
    UNION ALL SELECT code, 0, 0, 0, 0, 0, 0, 0, 0, mwcba, carded, users, 0, 0 FROM mwcba_counts
    UNION ALL SELECT code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, marriages, marriages_entered FROM marriage_counts
),
-- Each community's counts go to its city, county and township: inside by prefix at the
-- containing level, never by stripping zeros.
placed AS (
    SELECT '360500000000' AS area, * FROM community WHERE substr(code, 1, 4) = '3605'
    UNION ALL SELECT substr(code, 1, 6) || '000000', * FROM community
        WHERE substr(code, 1, 4) = '3605' AND substr(code, 5, 2) <> '00'
    UNION ALL SELECT substr(code, 1, 9) || '000', * FROM community
        WHERE substr(code, 1, 4) = '3605' AND substr(code, 5, 2) <> '00' AND substr(code, 7, 3) <> '000'
    UNION ALL SELECT code, code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM areas
        WHERE level IN ('city', 'county', 'township') AND substr(code, 1, 4) = '3605'
),
totals AS (
    SELECT area, sum(population) AS population, sum(births) AS births, sum(deaths) AS deaths,
           sum(births) - sum(deaths) AS natural_growth, sum(policy_births) AS policy_births,
           sum(male_births) AS male_births, sum(female_births) AS female_births,
           sum(third_plus_births) AS third_plus_births, sum(mwcba) AS mwcba, sum(users) AS contraception_users,
           sum(carded) AS carded_mwcba, sum(marriages) AS marriages, sum(marriages_entered) AS marriages_entered,
           sum(pregnancies_entered) AS pregnancies_entered
    FROM placed GROUP BY area
)
SELECT area, population, births, deaths, natural_growth, policy_births, male_births, female_births,
       third_plus_births, mwcba, contraception_users, carded_mwcba, marriages, marriages_entered, pregnancies_entered,
       births * 1000.0 / nullif(population, 0), deaths * 1000.0 / nullif(population, 0),
       natural_growth * 1000.0 / nullif(population, 0), policy_births * 100.0 / nullif(births, 0),
       male_births * 100.0 / nullif(female_births, 0), third_plus_births * 100.0 / nullif(births, 0),
       contraception_users * 100.0 / nullif(mwcba, 0), carded_mwcba * 100.0 / nullif(mwcba, 0),
       marriages_entered * 100.0 / nullif(marriages, 0), pregnancies_entered * 100.0 / nullif(births, 0)
FROM totals ORDER BY area;
