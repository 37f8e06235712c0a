-- Analysis gully_cleaning_plan — one row per district (wijk_code) and action.
-- How many gullies need which action and how many cleanings a year that takes, per district.
-- Small counts are suppressed before publishing: when fewer than {{min_published_count}} gullies share a
-- district and action, gullies and cleanings_per_year are NULL and suppressed is true.
-- {{min_published_count}} is replaced by the tenant's number before the query runs.

with

gully_tree_proximity as (

    select * from mart_gully_tree_proximity

),

per_district_action as (

    select
        gully_tree_proximity.wijk_code,
        gully_tree_proximity.action,
        count(*) as gully_count,
        cast(sum(gully_tree_proximity.cleanings_per_year) as bigint) as cleaning_count
    from gully_tree_proximity
    group by
        gully_tree_proximity.wijk_code,
        gully_tree_proximity.action

),

final as (

    select
        per_district_action.wijk_code,
        per_district_action.action,
        case
            when per_district_action.gully_count < {{min_published_count}} then null
            else per_district_action.gully_count
        end as gullies,
        case
            when per_district_action.gully_count < {{min_published_count}} then null
            else per_district_action.cleaning_count
        end as cleanings_per_year,
        per_district_action.gully_count < {{min_published_count}} as suppressed
    from per_district_action

)

select * from final
