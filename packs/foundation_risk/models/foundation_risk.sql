-- Score foundation_risk — the features per building (one row per building); the label is the inspection result.
-- Training (train-score) learns from the inspected buildings; every building gets a score and its top reasons.

select
    building_features.pand_id,
    building_features.damage,
    building_features.age,
    building_features.wooden_piles,
    building_features.dry_pile_head_m,
    building_features.subsidence_mm_per_year
from mart_building_features as building_features
