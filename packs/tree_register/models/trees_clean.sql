-- Mart trees_clean — one row per tree of the register.
-- The district from the managing team ("Wijk Oost" → Oost), the genus from the scientific name, the planting
-- year NULL when the register writes 0, the age and its class, and whether the species is known.

with

tree_register as (

    select * from tree_register

),

final as (

    select
        tree_register.object_nr,
        trim(regexp_replace(tree_register.district_team, '^Wijk ', '')) as district,
        case when tree_register.species = 'Onbekend' then null else tree_register.species end as species,
        case when tree_register.species = 'Onbekend' then null else tree_register.species_nl end as species_nl,
        case when tree_register.species = 'Onbekend' then null else lower(split_part(tree_register.species, ' ', 1)) end as genus,
        case when tree_register.plant_year = 0 then null else tree_register.plant_year end as plant_year,
        case when tree_register.plant_year = 0 then null else year(current_date) - tree_register.plant_year end as age,
        case
            when tree_register.plant_year = 0 then 'onbekend'
            when year(current_date) - tree_register.plant_year < 10 then '0-9'
            when year(current_date) - tree_register.plant_year < 25 then '10-24'
            when year(current_date) - tree_register.plant_year < 50 then '25-49'
            when year(current_date) - tree_register.plant_year < 100 then '50-99'
            else '100+'
        end as age_class,
        tree_register.height_class
    from tree_register

)

select * from final
