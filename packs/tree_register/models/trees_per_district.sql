-- Analysis trees_per_district — one row per district.
-- Trees, known species, the share with a known planting year and the median age.

with

trees_clean as (

    select * from mart_trees_clean

),

final as (

    select
        trees_clean.district,
        count(*) as trees,
        count(distinct trees_clean.species) as species,
        round(100.0 * count(trees_clean.plant_year) / count(*), 1) as known_year_pct,
        approx_percentile(trees_clean.age, 0.5) as median_age
    from trees_clean
    group by trees_clean.district

)

select * from final
