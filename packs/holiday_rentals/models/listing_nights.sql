-- Mart listing_nights — one row per listing.
-- Nights rented in the last twelve months, estimated as Inside Airbnb does ("San Francisco model"): about half
-- of the stays leave a review, a stay lasts {{var.average_stay_nights}} nights or the minimum stay when that is
-- longer, and a listing is occupied at most {{var.max_occupancy}} of the year.

with

listings as (

    select * from listings

),

estimated as (

    select
        listings.id as listing_id,
        listings.neighbourhood as gebied,
        listings.room_type,
        listings.price,
        listings.minimum_nights,
        listings.number_of_reviews_ltm,
        listings.availability_365,
        listings.license is not null and listings.license <> '' as has_registration,
        least(
            listings.number_of_reviews_ltm / {{var.review_rate}}
                * greatest(listings.minimum_nights, {{var.average_stay_nights}}),
            365 * {{var.max_occupancy}}
        ) as estimated_nights
    from listings

),

final as (

    select
        estimated.listing_id,
        estimated.gebied,
        estimated.room_type,
        estimated.price,
        estimated.minimum_nights,
        estimated.number_of_reviews_ltm,
        estimated.availability_365,
        estimated.has_registration,
        cast(round(estimated.estimated_nights) as integer) as estimated_nights,
        estimated.room_type = 'Entire home/apt' and estimated.estimated_nights > {{var.night_limit}} as over_limit
    from estimated

)

select * from final
