-- Half households (半边户) at township level on 2025-12-31: married couples of the
-- register (the husband's spouse_id names the wife) whose hukou lie in different
-- townships, and how many of the wives hold an active WIS card.
SELECT count(*) AS couples, count(card) AS carded
FROM (SELECT (SELECT min(c.card_no) FROM wis_cards c WHERE c.woman_id = w.person_id AND c.status = 'active') AS card
      FROM persons h JOIN persons w ON w.person_id = h.spouse_id
      WHERE h.sex = 'M' AND w.sex = 'F' AND h.marital = 'married' AND w.marital = 'married'
        AND substr(h.hukou_area, 1, 9) <> substr(w.hukou_area, 1, 9));
