-- Half households (半边户) at township level on 2025-12-31: married couples of the
-- register (the husband's spouse_id names the wife) whose hukou lie in different
-- townships, and how many of the wives hold an active WIS card. The cards are grouped
-- once and joined: a correlated look-up per wife scans the unindexed cards each time
-- (more than 500 s on the 1.2-million city).
SELECT count(*) AS couples, count(c.card) AS carded
FROM persons h
JOIN persons w ON w.person_id = h.spouse_id
LEFT JOIN (SELECT woman_id, min(card_no) AS card FROM wis_cards WHERE status = 'active' GROUP BY woman_id) c
       ON c.woman_id = w.person_id
WHERE h.sex = 'M' AND w.sex = 'F' AND h.marital = 'married' AND w.marital = 'married'
  AND substr(h.hukou_area, 1, 9) <> substr(w.hukou_area, 1, 9);
