-- Analysis rentals_per_gebied — one row per area (gebied).
-- Listings, entire homes, and entire homes estimated above the 60-night limit, with and without a registration
-- number. Counts below {{min_published_count}} are suppressed (NULL, suppressed = true).

with

listing_nights as (

    select * from mart_listing_nights

),

per_gebied as (

    select
        listing_nights.gebied,
        count(*) as listing_count,
        count_if(listing_nights.room_type = 'Entire home/apt') as entire_home_count,
        count_if(listing_nights.over_limit) as over_limit_count,
        count_if(listing_nights.over_limit and not listing_nights.has_registration) as unregistered_over_limit_count
    from listing_nights
    group by listing_nights.gebied

),

final as (

    select
        per_gebied.gebied,
        per_gebied.listing_count as listings,
        per_gebied.entire_home_count as entire_homes,
        case when per_gebied.over_limit_count < {{min_published_count}} then null else per_gebied.over_limit_count end as over_limit,
        case
            when per_gebied.unregistered_over_limit_count < {{min_published_count}} then null
            else per_gebied.unregistered_over_limit_count
        end as unregistered_over_limit,
        case
            when per_gebied.over_limit_count < {{min_published_count}} then null
            else round(100.0 * per_gebied.over_limit_count / per_gebied.entire_home_count, 1)
        end as over_limit_pct_of_entire_homes,
        per_gebied.over_limit_count < {{min_published_count}}
            or per_gebied.unregistered_over_limit_count < {{min_published_count}} as suppressed
    from per_gebied

)

select * from final
