-- Simulation gully_cleaning_scenarios — one row per scenario and district.
-- What a cleaning policy costs per district: the cleanings a year when gullies near large-leaved trees get
-- {{var.sweep_cleanings}} rounds, near small-leaved trees {{var.empty_cleanings}}, the rest {{var.standard_cleanings}},
-- plus {{var.complaint_extra}} after 3 or more complaints, at {{var.cost_per_cleaning}} euro a cleaning.
-- The model file lists the scenarios; each is this query with its own variables, stacked with a scenario column.

with

gully_tree_proximity as (

    select * from mart_gully_tree_proximity

),

cleanings as (

    select
        gully_tree_proximity.wijk_code,
        case gully_tree_proximity.action
            when 'sweep_road' then {{var.sweep_cleanings}}
            when 'empty_gully' then {{var.empty_cleanings}}
            else {{var.standard_cleanings}}
        end
        + case when gully_tree_proximity.complaints_last_year >= 3 then {{var.complaint_extra}} else 0 end
            as cleanings_per_year
    from gully_tree_proximity

),

per_district as (

    select
        cleanings.wijk_code,
        count(*) as gully_count,
        sum(cleanings.cleanings_per_year) as cleanings_per_year
    from cleanings
    group by cleanings.wijk_code

),

final as (

    select
        per_district.wijk_code,
        per_district.gully_count as gullies,
        cast(per_district.cleanings_per_year as double) as cleanings_per_year,
        cast(round(per_district.cleanings_per_year * {{var.cost_per_cleaning}}, 2) as double) as cost_eur
    from per_district

)

select * from final
