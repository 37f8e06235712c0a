-- Mart building_features — one row per building.
-- The features of the foundation-risk score: age, wooden piles, how far the pile heads of a wooden foundation
-- stand above the area's lowest groundwater (mean of the yearly lows over the last {{var.glg_years}} years: a
-- dry pile head rots), the yearly subsidence, and the inspection result as the label (NULL: not inspected).
-- BAG's year 1005 means "unknown": no age.

with

buildings as (

    select * from buildings

),

subsidence as (

    select * from subsidence

),

groundwater_years as (

    select * from mart_groundwater_years

),

recent_lows as (

    select avg(groundwater_years.lowest_level_nap) as glg_nap
    from groundwater_years
    where groundwater_years.measured_year > (select max(g.measured_year) from groundwater_years as g) - {{var.glg_years}}

),

final as (

    select
        buildings.pand_id,
        buildings.wijk_code,
        case when buildings.bouwjaar = 1005 then null else buildings.bouwjaar end as bouwjaar,
        case when buildings.bouwjaar = 1005 then null else year(current_date) - buildings.bouwjaar end as age,
        buildings.fundering,
        case when buildings.fundering = 'houten palen' then 1 else 0 end as wooden_piles,
        case
            when buildings.fundering = 'houten palen' and buildings.paalkop_nap is not null
                then round(greatest(0, buildings.paalkop_nap - recent_lows.glg_nap), 3)
            else 0
        end as dry_pile_head_m,
        cast(subsidence.mm_per_jaar as double) as subsidence_mm_per_year,
        case buildings.inspectie when 'schade' then 1 when 'geen schade' then 0 end as damage
    from buildings
    cross join recent_lows
    left join subsidence on subsidence.pand_id = buildings.pand_id

)

select * from final
