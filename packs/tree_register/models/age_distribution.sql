-- Analysis age_distribution — one row per district and age class: trees and their share of the district.

with

trees_clean as (

    select * from mart_trees_clean

),

counted as (

    select trees_clean.district, trees_clean.age_class, count(*) as tree_count
    from trees_clean
    group by trees_clean.district, trees_clean.age_class

),

final as (

    select
        counted.district,
        counted.age_class,
        counted.tree_count as trees,
        round(100.0 * counted.tree_count / sum(counted.tree_count) over (partition by counted.district), 1) as share_pct
    from counted

)

select * from final
