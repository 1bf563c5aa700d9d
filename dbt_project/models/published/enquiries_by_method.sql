-- Table 3c: enquiries by method of access; empty method is 'Missing'.
with live as (
    {{ enquiry_counts_by('method') }}
)

{{ with_year_end_freeze('live') }}
