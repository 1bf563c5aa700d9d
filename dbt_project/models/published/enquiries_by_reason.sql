-- Table 3a: enquiries by reason for contact; empty reason is 'Unknown'.
with live as (
    {{ enquiry_counts_by('reason') }}
)

{{ with_year_end_freeze('live') }}
