-- Pocket households (口袋户) at township level on 2025-12-31: persons with a collective
-- hukou living outside its township, and how many of them moved after 2025-06-30.
SELECT count(*) AS pocket, sum(residence_since > '2025-06-30') AS recent
FROM persons
WHERE hukou_kind = 'collective' AND substr(hukou_area, 1, 9) <> substr(residence_area, 1, 9);
