-- Married women of childbearing age on 2025-12-31 by township of residence, over the
-- plain import: age in completed years computed from the text dates.
SELECT CASE WHEN substr(residence_area, 7, 3) = '000' THEN NULL ELSE substr(residence_area, 1, 9) || '000' END AS township,
       count(*) AS n
FROM persons
WHERE sex = 'F' AND marital = 'married'
  AND (2025 - CAST(substr(birth_date, 1, 4) AS INTEGER)) - (substr(birth_date, 6, 5) > '12-31') BETWEEN 15 AND 49
GROUP BY township ORDER BY township;
