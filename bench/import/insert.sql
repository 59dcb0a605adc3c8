-- The register's rows from the staging table .import filled (every column text, named by
-- the header) into popsh's `persons`: empty optional fields as NULL, as popsh's checks
-- store them, and the seven derived codes by the SQL that defines them
-- (Sources/DataModel/Query/DerivedColumns.swift, city prefix 3605). scripts/bench import
-- compares the table this builds with popsh's, row by row, before timing anything.
INSERT INTO persons (person_id, name, sex, birth_date, marital, spouse_id, hukou_area, hukou_kind,
                     residence_area, address, unit_code, residence_since, batch_id, county, township,
                     community, hukou_county, hukou_township, local_hukou, population_type)
SELECT person_id, name, sex, birth_date, nullif(marital, ''), nullif(spouse_id, ''), hukou_area,
       nullif(hukou_kind, ''), residence_area, nullif(address, ''), nullif(unit_code, ''),
       nullif(residence_since, ''), 1,
       CASE WHEN substr(residence_area, 5, 2) = '00' THEN NULL ELSE substr(residence_area, 1, 6) || '000000' END,
       CASE WHEN substr(residence_area, 7, 3) = '000' THEN NULL ELSE substr(residence_area, 1, 9) || '000' END,
       CASE WHEN substr(residence_area, 10, 3) = '000' THEN NULL ELSE residence_area END,
       CASE WHEN substr(hukou_area, 5, 2) = '00' THEN NULL ELSE substr(hukou_area, 1, 6) || '000000' END,
       CASE WHEN substr(hukou_area, 7, 3) = '000' THEN NULL ELSE substr(hukou_area, 1, 9) || '000' END,
       (substr(hukou_area, 1, 4) = '3605'),
       CASE WHEN substr(residence_area, 1, 4) <> '3605' THEN NULL
            WHEN substr(hukou_area, 1, 6) <> substr(residence_area, 1, 6) THEN 'floating'
            WHEN coalesce(unit_code, '') <> '' THEN 'unit' ELSE 'community' END
FROM staging;
