-- Analysis foundation_risk_per_wijk — one row per district.
-- Buildings, buildings with a risk of at least {{var.high_risk}}, the mean risk and the feature that most often
-- raises the risk most. Counts below {{min_published_count}} are suppressed.

with

scored as (

    select
        foundation_risk.pand_id,
        foundation_risk.score,
        foundation_risk.top_feature_1,
        building_features.wijk_code
    from result_foundation_risk as foundation_risk
    inner join mart_building_features as building_features
        on building_features.pand_id = foundation_risk.pand_id

),

main_reason as (

    select
        reasons.wijk_code,
        reasons.top_feature_1
    from (
        select
            scored.wijk_code,
            scored.top_feature_1,
            row_number() over (partition by scored.wijk_code order by count(*) desc, scored.top_feature_1) as reason_rank
        from scored
        where scored.score >= {{var.high_risk}}
        group by scored.wijk_code, scored.top_feature_1
    ) as reasons
    where reasons.reason_rank = 1

),

per_wijk as (

    select
        scored.wijk_code,
        count(*) as building_count,
        count_if(scored.score >= {{var.high_risk}}) as high_risk_count,
        avg(scored.score) as mean_score
    from scored
    group by scored.wijk_code

),

final as (

    select
        per_wijk.wijk_code,
        per_wijk.building_count as buildings,
        case when per_wijk.high_risk_count < {{min_published_count}} then null else per_wijk.high_risk_count end as high_risk_buildings,
        round(per_wijk.mean_score, 3) as mean_risk,
        main_reason.top_feature_1 as main_reason,
        per_wijk.high_risk_count < {{min_published_count}} as suppressed
    from per_wijk
    left join main_reason on main_reason.wijk_code = per_wijk.wijk_code

)

select * from final
