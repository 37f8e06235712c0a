-- Analysis crime_trend — one row per district and month.
-- Crimes this month, the month before and the same month a year before, with the changes (period over period).
-- Months with fewer than {{min_published_count}} crimes are suppressed (NULL, suppressed = true).

with

crime_by_wijk as (

    select * from mart_crime_by_wijk

),

per_month as (

    select
        crime_by_wijk.wijk_code,
        crime_by_wijk.period,
        sum(crime_by_wijk.crimes) as crimes
    from crime_by_wijk
    where crime_by_wijk.wijk_code is not null
    group by crime_by_wijk.wijk_code, crime_by_wijk.period

),

with_previous as (

    select
        per_month.wijk_code,
        per_month.period,
        per_month.crimes,
        lag(per_month.crimes, 1) over (partition by per_month.wijk_code order by per_month.period) as previous_month,
        lag(per_month.crimes, 12) over (partition by per_month.wijk_code order by per_month.period) as same_month_last_year
    from per_month

),

final as (

    select
        with_previous.wijk_code,
        with_previous.period,
        case when with_previous.crimes < {{min_published_count}} then null else with_previous.crimes end as crimes,
        case when with_previous.crimes < {{min_published_count}} then null else with_previous.crimes - with_previous.previous_month end
            as change_vs_previous_month,
        case
            when with_previous.crimes < {{min_published_count}} or with_previous.same_month_last_year is null
                or with_previous.same_month_last_year = 0 then null
            else round(100.0 * (with_previous.crimes - with_previous.same_month_last_year) / with_previous.same_month_last_year, 1)
        end as change_pct_vs_last_year,
        with_previous.crimes < {{min_published_count}} as suppressed
    from with_previous

)

select * from final
