-- Information coverage by township on 2025-12-31: married women of childbearing age and
-- how many of them hold an active WIS card.
SELECT CASE WHEN substr(p.residence_area, 7, 3) = '000' THEN NULL ELSE substr(p.residence_area, 1, 9) || '000' END AS township,
       count(*) AS mwcba, count(c.card_no) AS carded
FROM persons p
LEFT JOIN wis_cards c ON c.woman_id = p.person_id AND c.status = 'active'
WHERE p.sex = 'F' AND p.marital = 'married'
  AND (2025 - CAST(substr(p.birth_date, 1, 4) AS INTEGER)) - (substr(p.birth_date, 6, 5) > '12-31') BETWEEN 15 AND 49
GROUP BY township ORDER BY township;
