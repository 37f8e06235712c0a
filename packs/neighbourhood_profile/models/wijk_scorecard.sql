-- Scorecard wijk_scorecard — one row per district and KPI.
-- Each KPI against the target the municipality set (the model variables target_*): on target or "let op". A district
-- with {{var.warning_threshold}} or more KPIs off target is flagged for the early warning.

with

profile as (

    select * from mart_wijk_profile

),

kpis as (

    select profile.wijk_code, profile.wijk_name, 'ses_score' as kpi, profile.ses_score as value,
        cast({{var.target_ses_score}} as double) as target, 'at_least' as direction
    from profile
    union all
    select profile.wijk_code, profile.wijk_name, 'crimes_per_1000_households', profile.crimes_per_1000_households,
        cast({{var.target_crimes_per_1000}} as double), 'at_most'
    from profile
    union all
    select profile.wijk_code, profile.wijk_name, 'woz_change_pct', profile.woz_change_pct,
        cast({{var.target_woz_change_pct}} as double), 'at_most'
    from profile
    union all
    select profile.wijk_code, profile.wijk_name, 'rentals_over_limit_per_1000', profile.gebied_rentals_over_limit_per_1000,
        cast({{var.target_rentals_per_1000}} as double), 'at_most'
    from profile

),

judged as (

    select
        kpis.wijk_code,
        kpis.wijk_name,
        kpis.kpi,
        cast(kpis.value as double) as value,
        kpis.target,
        kpis.direction,
        case
            when kpis.value is null then null
            when kpis.direction = 'at_least' then kpis.value >= kpis.target
            else kpis.value <= kpis.target
        end as on_target
    from kpis

),

final as (

    select
        judged.wijk_code,
        judged.wijk_name,
        judged.kpi,
        judged.value,
        judged.target,
        judged.direction,
        judged.on_target,
        case when judged.on_target is null then 'geen gegevens' when judged.on_target then 'op koers' else 'let op' end as status,
        count_if(not judged.on_target) over (partition by judged.wijk_code) >= {{var.warning_threshold}} as early_warning
    from judged

)

select * from final
