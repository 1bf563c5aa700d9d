"""Contender (d), the floor: one hand-written DuckDB SQL script straight over the drops' CSV files.

No loader, no contract checks, no data-quality checks, no history: it reads every drop up to the
export date, keeps the current version of each record and counts. What the pipeline does beyond
this is what its extra time buys.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from sendpipe.benchmark.kpis import COMPARED_TABLES, Figures, figures_from_rows
from sendpipe.contracts import CATEGORIES_SEED, SPELLINGS_SEED
from sendpipe.working_days import FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR, bank_holidays

SCRIPT = """
create temp table categories as select * from read_csv('{categories}', header = true, all_varchar = true);
create temp table spellings as select * from read_csv('{spellings}', header = true, all_varchar = true);
create temp table calendar as
    select cast(day as date) as calendar_date,
           sum(case when isodow(day) <= 5 and day not in (select holiday_date from holidays) then 1 else 0 end)
               over (order by day) as working_day_index
    from generate_series(date '{first_year}-01-01', date '{last_year}-12-31', interval 1 day) as spine(day);

create temp macro lookup(domain_name) as table
    select lower(category) as code_key, category from categories where domain = domain_name and is_empty_label = 'false';
-- A drop's file is <landings>/<service>/<YYYY-MM-DD>/<file>.csv.
create temp macro service_of(file) as regexp_extract(file, '([^/]+)/\\d{{4}}-\\d{{2}}-\\d{{2}}/[^/]+$', 1);
create temp macro drop_date_of(file) as cast(regexp_extract(file, '/(\\d{{4}}-\\d{{2}}-\\d{{2}})/[^/]+$', 1) as date);
create temp macro uk_date(value) as cast(try_strptime(nullif(trim(value), ''), '%d/%m/%Y') as date);
create temp macro fy(d) as case when d is not null then
    cast(year(d) - case when month(d) < 4 then 1 else 0 end as varchar) || '-'
    || right(cast(year(d) - case when month(d) < 4 then 1 else 0 end + 1 as varchar), 2) end;

create temp table enquiries as
with versions as (
    select
        service_of(filename) as service,
        drop_date_of(filename) as drop_date,
        trim("Enquiry ID") as enquiry_id, "Date" as enquiry_text, "Initial Response Date" as response_text,
        "Reason for Contact" as reason, "Method of Access" as method, "District" as district, "Enquiry Status" as status,
        try_strptime(nullif(trim("Last Modified"), ''), '%d/%m/%Y %H:%M') as last_modified
    from read_csv('{landings}/*/*/initial_enquiries.csv', header = true, all_varchar = true, filename = true)
),
current as (
    select * from versions
    where drop_date <= date '{export_date}' and nullif(enquiry_id, '') is not null
    qualify row_number() over (partition by service, enquiry_id order by last_modified desc nulls last, drop_date desc) = 1
),
dated as (
    select current.*,
        case when uk_date(enquiry_text) <= drop_date then uk_date(enquiry_text) end as enquiry_date,
        uk_date(response_text) as response_date,
        nullif(trim(response_text), '') is null as no_response
    from current
)
select
    dated.service,
    fy(dated.enquiry_date) as financial_year,
    case when month(dated.enquiry_date) between 4 and 6 then 'Q1' when month(dated.enquiry_date) between 7 and 9 then 'Q2'
         when month(dated.enquiry_date) between 10 and 12 then 'Q3' else 'Q4' end as quarter,
    coalesce(reason.category, 'Unknown') as reason,
    coalesce(method.category, 'Missing') as method,
    coalesce(spellings.district, 'Unrecorded') as district,
    status.category = 'Converted to case' as converted,
    case
        when dated.no_response then 'Not yet responded'
        when dated.response_date is null or dated.response_date > dated.drop_date or dated.response_date < dated.enquiry_date
            then 'Incorrect dates'
        when responded.working_day_index - received.working_day_index > 5 then 'More than 5 days'
        else cast(responded.working_day_index - received.working_day_index as varchar)
    end as band
from dated
left join lookup('reason') as reason on reason.code_key = lower(trim(dated.reason))
left join lookup('method') as method on method.code_key = lower(trim(dated.method))
left join lookup('enquiry_status') as status on status.code_key = lower(trim(dated.status))
left join spellings on spellings.spelling = lower(regexp_replace(trim(dated.district), '\\s+', ' ', 'g'))
left join calendar as received on received.calendar_date = dated.enquiry_date
left join calendar as responded on responded.calendar_date = dated.response_date
where dated.enquiry_date is not null;

create temp table activities as
with versions as (
    select
        service_of(filename) as service,
        drop_date_of(filename) as drop_date,
        trim("Activity ID") as activity_id, "Activity Date" as activity_text, "Reason" as reason, "Subtype" as subtype,
        try_strptime(nullif(trim("Last Modified"), ''), '%d/%m/%Y %H:%M') as last_modified
    from read_csv('{landings}/*/*/case_activities.csv', header = true, all_varchar = true, filename = true)
),
current as (
    select * from versions
    where drop_date <= date '{export_date}' and nullif(activity_id, '') is not null
    qualify row_number() over (partition by service, activity_id order by last_modified desc nulls last, drop_date desc) = 1
)
select
    current.service,
    fy(case when uk_date(current.activity_text) <= current.drop_date then uk_date(current.activity_text) end) as financial_year,
    coalesce(reason.category, 'Unknown') as reason,
    coalesce(nullif(trim(current.subtype), ''), 'Unknown') as subtype
from current
left join lookup('reason') as reason on reason.code_key = lower(trim(current.reason));
"""

QUERIES = {
    "enquiries_by_reason": "select service, financial_year, reason, count(*) from enquiries group by all",
    "enquiries_by_method": "select service, financial_year, method, count(*) from enquiries group by all",
    "enquiries_by_district_reason": "select service, financial_year, district, reason, count(*) from enquiries group by all",
    "response_times": "select service, financial_year, band, count(*) from enquiries group by all",
    "quarterly_trends": "select service, financial_year, quarter, count(*), count(case when converted then 1 end) "
                        "from enquiries group by all",
    "activities_by_reason_subtype": "select service, financial_year, reason, subtype, count(*) from activities "
                                    "where financial_year is not null group by all",
}


def compute(landings: Path, export_date: date, threads: int | None = None) -> Figures:
    """The compared figures from the drops under `landings` (a parent of one folder per service)."""
    holidays = pa.table({"holiday_date": pa.array(list(bank_holidays()), pa.date32())})  # noqa: F841 - DuckDB reads it
    con = duckdb.connect()
    try:
        if threads:
            con.execute(f"set threads = {int(threads)}")
        con.execute(SCRIPT.format(categories=CATEGORIES_SEED, spellings=SPELLINGS_SEED, landings=Path(landings).resolve(),
                                  export_date=export_date.isoformat(), first_year=FIRST_CALENDAR_YEAR, last_year=LAST_CALENDAR_YEAR))
        return {table: figures_from_rows(table, con.execute(QUERIES[table]).fetchall()) for table in COMPARED_TABLES}
    finally:
        con.close()
