-- Every service (one landing folder, one case system) with a drop loaded as at the export date.
-- The published tables have a row for every service, financial year and category.
select distinct _loads.service
from {{ source('case_system', '_loads') }} as _loads
where _loads.drop_date <= {{ export_date() }}
