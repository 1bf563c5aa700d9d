-- Table 3g: enquiries by their status as at the export date.
with live as (
    {{ enquiry_counts_by('enquiry_status') }}
)

{{ with_year_end_freeze('live') }}
