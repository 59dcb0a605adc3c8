"""The DuckDB peer: one of the three questions over the spec's CSV files, read where
they lie (read_csv_auto, no load step), in a fresh in-memory database; rows as CSV.
usage: duck.py mwcba|separation|coverage|half|pocket CITY_DIR"""
import csv
import os
import sys

import duckdb

question, city = sys.argv[1], sys.argv[2]
persons = os.path.join(city, "persons.csv")
cards = os.path.join(city, "wis_cards.csv")
# Every column as text, as the spec writes them; ages come from the text dates.
p = f"read_csv_auto('{persons}', all_varchar = true)"
c = f"read_csv_auto('{cards}', all_varchar = true)"
township = ("CASE WHEN substr(residence_area, 7, 3) = '000' THEN NULL "
            "ELSE substr(residence_area, 1, 9) || '000' END")
age = ("(2025 - CAST(substr(birth_date, 1, 4) AS INTEGER)) "
       "- CAST(substr(birth_date, 6, 5) > '12-31' AS INTEGER)")
mwcba = f"sex = 'F' AND marital = 'married' AND {age} BETWEEN 15 AND 49"
sql = {
    "mwcba": f"SELECT {township} AS township, count(*) AS n FROM {p} WHERE {mwcba} GROUP BY 1 ORDER BY 1",
    "separation": f"""
        SELECT CASE WHEN substr(residence_area, 1, 4) <> '3605' AND substr(hukou_area, 1, 4) <> '3605' THEN 'outside'
                    WHEN substr(hukou_area, 1, 9) = substr(residence_area, 1, 9) THEN 'local'
                    WHEN residence_since > '2025-06-30' THEN 'recent'
                    WHEN substr(residence_area, 1, 4) = '3605' THEN 'inflow'
                    ELSE 'outflow' END AS separation, count(*) AS n
        FROM {p} GROUP BY 1 ORDER BY 1""",
    "coverage": f"""
        SELECT {township} AS township, count(*) AS mwcba, count(c.card_no) AS carded
        FROM (SELECT * FROM {p} WHERE {mwcba}) AS w
        LEFT JOIN (SELECT woman_id, card_no FROM {c} WHERE status = 'active') AS c ON c.woman_id = w.person_id
        GROUP BY 1 ORDER BY 1""",
    "half": f"""
        SELECT count(*) AS couples, count(c.card) AS carded
        FROM {p} h JOIN {p} w ON w.person_id = h.spouse_id
        LEFT JOIN (SELECT woman_id, min(card_no) AS card FROM {c} WHERE status = 'active' GROUP BY woman_id) c
               ON c.woman_id = w.person_id
        WHERE h.sex = 'M' AND w.sex = 'F' AND h.marital = 'married' AND w.marital = 'married'
          AND substr(h.hukou_area, 1, 9) <> substr(w.hukou_area, 1, 9)""",
    "pocket": f"""
        SELECT count(*) AS pocket, count_if(residence_since > '2025-06-30') AS recent
        FROM {p} WHERE hukou_kind = 'collective' AND substr(hukou_area, 1, 9) <> substr(residence_area, 1, 9)""",
}[question]
out = csv.writer(sys.stdout, lineterminator="\n")
for row in duckdb.connect().execute(sql).fetchall():
    out.writerow(["" if v is None else v for v in row])
