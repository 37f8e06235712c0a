-- Mart groundwater_years — one row per year of the well's series.
-- The lowest groundwater level of a year as the mean of its three lowest measurements (a GLG-like figure), the
-- mean level, and the number of measurements.

with

groundwater as (

    select * from groundwater

),

ranked as (

    select
        year(groundwater.measured_at) as measured_year,
        cast(groundwater.level_nap as double) as level_nap,
        row_number() over (partition by year(groundwater.measured_at) order by groundwater.level_nap, groundwater.measured_at) as low_rank
    from groundwater

),

final as (

    select
        ranked.measured_year,
        count(*) as measurements,
        round(avg(case when ranked.low_rank <= 3 then ranked.level_nap end), 3) as lowest_level_nap,
        round(avg(ranked.level_nap), 3) as mean_level_nap
    from ranked
    group by ranked.measured_year

)

select * from final
