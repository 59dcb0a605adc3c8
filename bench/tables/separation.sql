-- Spec section 7 at township level on 2025-12-31: someone neither living nor registered
-- in the city is outside, whatever the codes; otherwise local when hukou and residence
-- share a township; separated people who moved after 2025-06-30 are recent; otherwise
-- inflow (lives in the city) or outflow (hukou in the city, lives outside).
SELECT CASE WHEN substr(residence_area, 1, 4) <> '3605' AND substr(hukou_area, 1, 4) <> '3605' THEN 'outside'
            WHEN substr(hukou_area, 1, 9) = substr(residence_area, 1, 9) THEN 'local'
            WHEN residence_since > '2025-06-30' THEN 'recent'
            WHEN substr(residence_area, 1, 4) = '3605' THEN 'inflow'
            ELSE 'outflow' END AS separation,
       count(*) AS n
FROM persons
GROUP BY separation ORDER BY separation;
