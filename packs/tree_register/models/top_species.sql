-- Analysis top_species — the {{var.top_n}} most common species per district (and for the whole municipality,
-- district "(totaal)"), with their share of the district's trees.

with

trees_clean as (

    select * from mart_trees_clean

),

counted as (

    select trees_clean.district, trees_clean.species, trees_clean.species_nl, count(*) as tree_count
    from trees_clean
    where trees_clean.species is not null
    group by trees_clean.district, trees_clean.species, trees_clean.species_nl
    union all
    select '(totaal)', trees_clean.species, trees_clean.species_nl, count(*)
    from trees_clean
    where trees_clean.species is not null
    group by trees_clean.species, trees_clean.species_nl

),

ranked as (

    select
        counted.district,
        counted.species,
        counted.species_nl,
        counted.tree_count,
        round(100.0 * counted.tree_count / sum(counted.tree_count) over (partition by counted.district), 1) as share_pct,
        row_number() over (partition by counted.district order by counted.tree_count desc, counted.species) as species_rank
    from counted

),

final as (

    select ranked.district, ranked.species_rank, ranked.species, ranked.species_nl, ranked.tree_count as trees, ranked.share_pct
    from ranked
    where ranked.species_rank <= {{var.top_n}}

)

select * from final
