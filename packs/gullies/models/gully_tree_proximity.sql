-- Mart gully_tree_proximity — one row per gully.
-- For every street gully: the nearest tree within 4 m (distance, species, genus, leaf size), how many trees and
-- large-leaved trees stand within 4 m, the action and the recommended cleanings per year.
--   sweep_road   a large-leaved tree within 4 m: leaves mat on the road and block the grating (4 a year)
--   empty_gully  only small-leaved trees within 4 m: litter washes into the gully pot (2 a year)
--   standard     no tree within 4 m: the yearly round (1 a year)
-- One extra cleaning a year when the gully had 3 or more complaints last year.
-- Trees of a genus missing from tree_species count as leaf_size 'unknown' and lead to empty_gully.
-- Pairs are found with a hash join on 4 m grid cells (a tree within 4 m lies in one of the 9 cells around the
-- gully), then a bounding-box prefilter (x/y ± 4), then the exact distance. The CTEs cell_offsets … candidate_pairs
-- are the spatial link: when the pack declares a gully–tree link (a link_* table with gully_id, element_nr and
-- distance_m), candidate_pairs becomes a select from it and the rest of the model stays as it is.

with

gullies as (

    select * from gullies

),

trees as (

    select * from trees

),

tree_species as (

    select * from tree_species

),

cell_offsets as (

    select offsets.d
    from (values (-1), (0), (1)) as offsets (d)

),

tree_genera as (

    select
        trees.element_nr,
        trees.species,
        lower(split_part(trim(trees.species), ' ', 1)) as genus,
        trees.x,
        trees.y
    from trees
    where trees.x is not null
        and trees.y is not null

),

trees_with_leaf_size as (

    select
        tree_genera.element_nr,
        tree_genera.species,
        tree_genera.genus,
        coalesce(tree_species.leaf_size, 'unknown') as leaf_size,
        tree_genera.x,
        tree_genera.y,
        cast(floor(tree_genera.x / 4) as bigint) as cell_x,
        cast(floor(tree_genera.y / 4) as bigint) as cell_y
    from tree_genera
    left join tree_species
        on tree_species.genus = tree_genera.genus

),

gully_cells as (

    select
        gullies.gully_id,
        gullies.x,
        gullies.y,
        cast(floor(gullies.x / 4) as bigint) + offsets_x.d as cell_x,
        cast(floor(gullies.y / 4) as bigint) + offsets_y.d as cell_y
    from gullies
    cross join cell_offsets as offsets_x
    cross join cell_offsets as offsets_y
    where gullies.x is not null
        and gullies.y is not null

),

candidate_pairs as (

    select
        gully_cells.gully_id,
        trees_with_leaf_size.element_nr,
        trees_with_leaf_size.species,
        trees_with_leaf_size.genus,
        trees_with_leaf_size.leaf_size,
        trees_with_leaf_size.x as tree_x,
        trees_with_leaf_size.y as tree_y,
        sqrt(
            power(trees_with_leaf_size.x - gully_cells.x, 2)
            + power(trees_with_leaf_size.y - gully_cells.y, 2)
        ) as distance_m
    from gully_cells
    inner join trees_with_leaf_size
        on trees_with_leaf_size.cell_x = gully_cells.cell_x
        and trees_with_leaf_size.cell_y = gully_cells.cell_y
    where trees_with_leaf_size.x between gully_cells.x - 4 and gully_cells.x + 4
        and trees_with_leaf_size.y between gully_cells.y - 4 and gully_cells.y + 4

),

pairs_within_4m as (

    select
        candidate_pairs.gully_id,
        candidate_pairs.element_nr,
        candidate_pairs.species,
        candidate_pairs.genus,
        candidate_pairs.leaf_size,
        candidate_pairs.distance_m,
        row_number() over (
            partition by candidate_pairs.gully_id
            order by candidate_pairs.distance_m, candidate_pairs.tree_x, candidate_pairs.tree_y
        ) as distance_rank
    from candidate_pairs
    where candidate_pairs.distance_m <= 4

),

nearest_tree as (

    select
        pairs_within_4m.gully_id,
        pairs_within_4m.element_nr,
        pairs_within_4m.species,
        pairs_within_4m.genus,
        pairs_within_4m.leaf_size,
        pairs_within_4m.distance_m
    from pairs_within_4m
    where pairs_within_4m.distance_rank = 1

),

tree_counts as (

    select
        pairs_within_4m.gully_id,
        count(*) as trees_within_4m,
        sum(case when pairs_within_4m.leaf_size = 'large' then 1 else 0 end) as large_leaf_trees_within_4m
    from pairs_within_4m
    group by pairs_within_4m.gully_id

),

actions as (

    select
        gullies.gully_id,
        case
            when coalesce(tree_counts.large_leaf_trees_within_4m, 0) > 0 then 'sweep_road'
            when coalesce(tree_counts.trees_within_4m, 0) > 0 then 'empty_gully'
            else 'standard'
        end as action
    from gullies
    left join tree_counts
        on tree_counts.gully_id = gullies.gully_id

),

cleanings as (

    select
        actions.gully_id,
        actions.action,
        cast(
            case actions.action
                when 'sweep_road' then 4
                when 'empty_gully' then 2
                else 1
            end
            + case when gullies.complaints_last_year >= 3 then 1 else 0 end
            as integer
        ) as cleanings_per_year
    from actions
    inner join gullies
        on gullies.gully_id = actions.gully_id

),

final as (

    select
        gullies.gully_id,
        gullies.x,
        gullies.y,
        gullies.road_category,
        gullies.wijk_code,
        gullies.last_cleaned,
        gullies.complaints_last_year,
        nearest_tree.element_nr as nearest_tree_element_nr,
        nearest_tree.species as nearest_tree_species,
        nearest_tree.genus as nearest_tree_genus,
        nearest_tree.leaf_size as nearest_tree_leaf_size,
        round(nearest_tree.distance_m, 2) as nearest_tree_distance_m,
        cast(coalesce(tree_counts.trees_within_4m, 0) as bigint) as trees_within_4m,
        cast(coalesce(tree_counts.large_leaf_trees_within_4m, 0) as bigint) as large_leaf_trees_within_4m,
        cleanings.action,
        cleanings.cleanings_per_year,
        cast(
            gullies.last_cleaned
            + case cleanings.cleanings_per_year
                when 1 then 365
                when 2 then 182
                when 3 then 121
                when 4 then 91
                else 73
            end * interval '1' day
            as date
        ) as next_cleaning_due
    from gullies
    inner join cleanings
        on cleanings.gully_id = gullies.gully_id
    left join nearest_tree
        on nearest_tree.gully_id = gullies.gully_id
    left join tree_counts
        on tree_counts.gully_id = gullies.gully_id

)

select * from final
