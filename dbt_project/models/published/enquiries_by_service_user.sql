-- Table 3d: enquiries by who made contact (Relationship); empty is 'Unknown'.
with live as (
    {{ enquiry_counts_by('service_user') }}
)

{{ with_year_end_freeze('live') }}
