-- Mart crime_by_wijk — one row per crime row of the source (district, month, category).
-- Links each row to its CBS district: by code when the row carries one (WK…), else by name, else by the one name
-- that differs by a single letter ("Kinkerbuurtt" → Kinkerbuurt). Rows that match nothing keep wijk_code NULL
-- (the not_null test then fails the build). A declared link (link_*) can take this over.

with

crime as (

    select * from crime

),

districts as (

    select
        trim(ses_scores.region_code) as wijk_code,
        ses_scores.region_name as wijk_name
    from ses_scores
    where ses_scores.region_code like 'WK%'

),

names as (

    select distinct trim(crime.neighbourhood) as neighbourhood
    from crime

),

by_code as (

    select names.neighbourhood, districts.wijk_code, 'code' as matched_by
    from names
    inner join districts on districts.wijk_code = names.neighbourhood

),

by_name as (

    select names.neighbourhood, districts.wijk_code, 'name' as matched_by
    from names
    inner join districts on lower(districts.wijk_name) = lower(names.neighbourhood)

),

near_names as (

    select
        names.neighbourhood,
        districts.wijk_code,
        count(*) over (partition by names.neighbourhood) as candidates
    from names
    inner join districts
        on levenshtein_distance(lower(districts.wijk_name), lower(names.neighbourhood)) = 1
    where names.neighbourhood not in (select by_code.neighbourhood from by_code)
        and names.neighbourhood not in (select by_name.neighbourhood from by_name)

),

matches as (

    select * from by_code
    union all
    select * from by_name
    union all
    select near_names.neighbourhood, near_names.wijk_code, 'one_letter' as matched_by
    from near_names
    where near_names.candidates = 1

),

final as (

    select
        matches.wijk_code,
        trim(crime.neighbourhood) as neighbourhood,
        matches.matched_by,
        crime.period,
        crime.crime_type,
        crime.crimes
    from crime
    left join matches on matches.neighbourhood = trim(crime.neighbourhood)

)

select * from final
