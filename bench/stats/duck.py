"""The DuckDB peer of the control statistics: stats.sql's computation over the spec's
CSV files read where they lie (read_csv, every column text, no load step) in a fresh
in-memory database. The feeds are the year's monthly files in UTF-8. Rows as CSV in
stats.sql's column order.
usage: duck.py CITY_DIR (holding persons, wis_cards, wis_children, areas and feeds/)"""
import csv
import os
import sys

import duckdb

city = sys.argv[1]


def table(name):
    return f"read_csv('{os.path.join(city, name)}', all_varchar = true, header = true)"


def day(column):
    """A feed date in any of the spec's three forms as a DATE; NULL when it is no real day."""
    return f"""CASE WHEN {column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN try_strptime({column}, '%Y-%m-%d')
                    WHEN {column} GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN try_strptime({column}, '%Y%m%d')
                    WHEN {column} GLOB '[0-9][0-9][0-9][0-9]/[0-9]*/[0-9]*' THEN try_strptime({column}, '%Y/%m/%d')
               END::DATE"""


full_width = {"０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7", "８": "8",
              "９": "9", "ｘ": "x", "Ｘ": "X", " ": "", "　": ""}
wife = "wife_id"
for wide, narrow in full_width.items():
    wife = f"replace({wife}, '{wide}', '{narrow}')"
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
check_sum = " + ".join(f"CAST(substr(body, {i + 1}, 1) AS INTEGER) * {w}" for i, w in enumerate(weights))
in_year = "BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'"

sql = f"""
WITH
death_counts AS (
    SELECT residence_area AS code, count(DISTINCT record_no) AS deaths
    FROM (SELECT record_no, residence_area, {day('death_date')} AS day FROM {table('feeds/death-2025-*.csv')}
          WHERE coalesce(record_no, '') <> '' AND coalesce(sex, '') IN ('', 'M', 'F', '1', '2', '男', '女')
            AND (coalesce(person_id, '') <> '' OR coalesce(name, '') <> ''))
    WHERE day {in_year} AND coalesce(residence_area, '') <> ''
    GROUP BY 1
),
marriage_ids AS (
    SELECT record_no, day, wife,
           CASE length(wife) WHEN 18 THEN substr(wife, 1, 17)
                             WHEN 15 THEN substr(wife, 1, 6) || '19' || substr(wife, 7, 9) END AS body
    FROM (SELECT record_no, {day('reg_date')} AS day, upper({wife}) AS wife
          FROM {table('feeds/marriage-2025-*.csv')}
          WHERE coalesce(record_no, '') <> '' AND kind IN ('marry', 'remarry', '结婚', '复婚'))
    WHERE day {in_year}
),
marriage_wives AS (
    SELECT DISTINCT record_no, day, body || check_char AS wife_id
    FROM (SELECT *, substr('10X98765432', ({check_sum}) % 11 + 1, 1) AS check_char
          FROM marriage_ids WHERE body GLOB '{'[0-9]' * 17}')
    WHERE length(wife) = 15 OR substr(wife, 18, 1) = check_char
    UNION
    -- A wife whose number is damaged counts where popsh's cross-check tied her by evidence
    -- (marriage-links.csv; linking is measured by scripts/bench linkage, not here).
    SELECT m.record_no, m.day, l.person_id FROM marriage_ids m
    JOIN {table('marriage-links.csv')} l ON l.record_no = m.record_no
),
persons AS MATERIALIZED (SELECT * FROM {table('persons.csv')}),
cards AS MATERIALIZED (SELECT * FROM {table('wis_cards.csv')}),
active_cards AS (
    SELECT woman_id, marriage_date, coalesce(contraception, '') NOT IN ('', 'none') AS uses
    FROM cards WHERE status = 'active'
),
marriage_counts AS (
    SELECT p.residence_area AS code, count(*) AS marriages, count(e.woman_id) AS marriages_entered
    FROM marriage_wives m JOIN persons p ON p.person_id = m.wife_id
    LEFT JOIN (SELECT DISTINCT woman_id, marriage_date FROM active_cards) e
        ON e.woman_id = m.wife_id AND e.marriage_date = strftime(m.day, '%Y-%m-%d')
    GROUP BY 1
),
population_counts AS (
    SELECT residence_area AS code, count(*) AS population FROM persons WHERE coalesce(residence_area, '') <> '' GROUP BY 1
),
mwcba_counts AS (
    SELECT p.residence_area AS code, count(*) AS mwcba, count(c.woman_id) AS carded,
           count(*) FILTER (WHERE c.uses) AS users
    FROM persons p LEFT JOIN (SELECT woman_id, bool_or(uses) AS uses FROM active_cards GROUP BY 1) c
        ON c.woman_id = p.person_id
    WHERE p.sex = 'F' AND p.marital = 'married'
      AND (2025 - CAST(substr(p.birth_date, 1, 4) AS INTEGER))
          - CAST(substr(p.birth_date, 6, 5) > '12-31' AS INTEGER) BETWEEN 15 AND 49
    GROUP BY 1
),
birth_counts AS (
    SELECT c.managing_area AS code, count(*) AS births, count(*) FILTER (WHERE ch.policy = 'in') AS policy_births,
           count(*) FILTER (WHERE ch.sex = 'M') AS male_births, count(*) FILTER (WHERE ch.sex = 'F') AS female_births,
           count(*) FILTER (WHERE CAST(ch.birth_order AS INTEGER) >= 3) AS third_plus_births,
           count(*) FILTER (WHERE coalesce(ch.pregnancy_recorded, '') <> ''
                            AND ch.pregnancy_recorded < ch.birth_date) AS pregnancies_entered
    FROM {table('wis_children.csv')} ch JOIN cards c ON c.card_no = ch.card_no
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
placed AS (
    SELECT '360500000000' AS area, * FROM community WHERE substr(code, 1, 4) = '3605'
    UNION ALL SELECT substr(code, 1, 6) || '000000', * FROM community
        WHERE substr(code, 1, 4) = '3605' AND substr(code, 5, 2) <> '00'
    UNION ALL SELECT substr(code, 1, 9) || '000', * FROM community
        WHERE substr(code, 1, 4) = '3605' AND substr(code, 5, 2) <> '00' AND substr(code, 7, 3) <> '000'
    UNION ALL SELECT code, code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM {table('areas.csv')}
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
FROM totals ORDER BY area
"""
out = csv.writer(sys.stdout, lineterminator="\n")
for row in duckdb.connect().execute(sql).fetchall():
    out.writerow(["" if v is None else v for v in row])
