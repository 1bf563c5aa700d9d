-- Section 4: survey responses, mean effectiveness (of those who answered, 1 to 5) and the share
-- of all responses that strongly agree to recommend and found the help helpful.
with live as (
    with scores as (
        select
            service,
            financial_year,
            survey,
            count(*) as responses,
            avg(effectiveness) as mean_effectiveness,
            sum(case when recommend = 'Strongly agree' then 1 else 0 end) as recommend_strongly_agree,
            sum(case when helpful = 'Strongly agree' then 1 else 0 end) as helpful_strongly_agree
        from {{ ref('fct_feedback') }}
        where {{ in_open_year() }}
        group by service, financial_year, survey
    )

    select
        grid.service,
        grid.financial_year,
        grid.category as survey,
        coalesce(scores.responses, 0) as responses,
        cast(round(scores.mean_effectiveness, 2) as decimal(4, 2)) as mean_effectiveness,
        {{ pct('scores.recommend_strongly_agree', 'scores.responses') }} as pct_recommend_strongly_agree,
        {{ pct('scores.helpful_strongly_agree', 'scores.responses') }} as pct_helpful_strongly_agree,
        grid.sort_order
    from {{ category_grid('survey') }} as grid
    left join scores
        on scores.service = grid.service and scores.financial_year = grid.financial_year and scores.survey = grid.category
)

{{ with_year_end_freeze('live') }}
