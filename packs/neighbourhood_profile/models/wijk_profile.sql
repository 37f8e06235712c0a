-- Mart wijk_profile — one row per CBS district (wijk) of the SES file.
-- Socio-economic status (CBS), registered crime in the last twelve months of the crime file, WOZ value 2018 and
-- its change since 2014 (OIS, matched by name), and the holiday rentals over the limit in the district's area.

with

districts as (

    select
        trim(ses_scores.region_code) as wijk_code,
        ses_scores.region_name as wijk_name,
        ses_scores.households,
        ses_scores.ses_score,
        ses_scores.education_high_pct
    from ses_scores
    where ses_scores.region_code like 'WK%'

),

crime_by_wijk as (

    select * from mart_crime_by_wijk

),

last_month as (

    select max(crime_by_wijk.period) as period
    from crime_by_wijk

),

crime_12m as (

    select
        crime_by_wijk.wijk_code,
        sum(crime_by_wijk.crimes) as crimes
    from crime_by_wijk
    cross join last_month
    where crime_by_wijk.period > cast(cast(substr(last_month.period, 1, 4) as integer) - 1 as varchar) || substr(last_month.period, 5)
    group by crime_by_wijk.wijk_code

),

woz_values as (

    select
        trim(regexp_replace(woz.wijk, '^[A-Z][0-9]{2} ', '')) as wijk_name,
        woz.woz_2014,
        woz.woz_2018
    from woz
    where regexp_like(woz.wijk, '^[A-Z][0-9]{2} ')

),

listing_nights as (

    select * from mart_listing_nights

),

rentals_per_gebied as (

    select
        listing_nights.gebied,
        count_if(listing_nights.over_limit) as over_limit
    from listing_nights
    group by listing_nights.gebied

),

households_per_gebied as (

    select
        wijk_areas.gebied,
        sum(districts.households) as households
    from wijk_areas
    inner join districts on districts.wijk_code = wijk_areas.wijk_code
    group by wijk_areas.gebied

),

final as (

    select
        districts.wijk_code,
        districts.wijk_name,
        wijk_areas.gebied,
        districts.households,
        districts.ses_score,
        districts.education_high_pct,
        cast(coalesce(crime_12m.crimes, 0) as bigint) as crimes_12m,
        case
            when districts.households > 0 then round(1000.0 * coalesce(crime_12m.crimes, 0) / districts.households, 1)
        end as crimes_per_1000_households,
        woz_values.woz_2018,
        case
            when woz_values.woz_2014 > 0 then round(100.0 * (woz_values.woz_2018 - woz_values.woz_2014) / woz_values.woz_2014, 1)
        end as woz_change_pct,
        cast(coalesce(rentals_per_gebied.over_limit, 0) as bigint) as gebied_rentals_over_limit,
        case
            when households_per_gebied.households > 0
                then round(1000.0 * coalesce(rentals_per_gebied.over_limit, 0) / households_per_gebied.households, 2)
        end as gebied_rentals_over_limit_per_1000
    from districts
    left join wijk_areas on wijk_areas.wijk_code = districts.wijk_code
    left join crime_12m on crime_12m.wijk_code = districts.wijk_code
    left join woz_values on lower(woz_values.wijk_name) = lower(districts.wijk_name)
    left join rentals_per_gebied on rentals_per_gebied.gebied = wijk_areas.gebied
    left join households_per_gebied on households_per_gebied.gebied = wijk_areas.gebied

)

select * from final
