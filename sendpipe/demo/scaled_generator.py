"""Seeded drops for many services over many years: the national-scale test bed.

`write_services(out, services=N, years=Y)` writes one landing folder per service
(`<out>/service_001/YYYY-MM-DD/...`), because the export has no service column. Each service is a
case system of its own: its IDs start where every other service's start (so only the service
tells two records apart), its size varies around the demo service's, and its records carry the
demo's realism through the same record types and helpers (`sendpipe.demo.generator`): spelling
variants of districts, BOMs, CRLF, quoted commas and line breaks, missing codes, incorrect and
impossible dates, one row exported twice, personal data in the personal columns.

The records cover the `years` financial years up to 2023-24 and the first nights of 2024-25. The
drops a service writes are the ones a history needs and a nightly run adds to:
- one at each year end (31 March), each holding what changed in that year and the one before, so
  together they carry every year's records;
- the nights `nights` up to `last_night` (by default 1 and 2 April 2024): the benchmark builds the
  warehouse as at the first and then runs the last as the night's incremental run.

Volumes per service-year are the demo's: about 1,200 enquiries, 8% converted to cases; cases log
their emails, calls and meetings as activities, about five and a half per enquiry in all (about
10 million activities at 150 services x 10 years).
"""
from __future__ import annotations

import argparse
import random
from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from pathlib import Path

from sendpipe import contracts
from sendpipe.demo import calibration as cal
from sendpipe.demo.generator import (
    Activity, Appeal, Case, DemoWorldBuilder, Enquiry, Feedback, World, fmt_date, fy_end, fy_start, render_csv,
)
from sendpipe.working_days import add_working_days

DEFAULT_SEED = 1804
LAST_FULL_YEAR = 2023  # the last closed financial year is 2023-24
DEFAULT_LAST_NIGHT = date(2024, 4, 2)
ENQUIRIES_PER_YEAR = 1200
CONVERSION_RATE = 0.08
# Activities logged per case by its reason (low, high): a case's every email, call and meeting.
ACTIVITIES_PER_CASE = {"Tribunal": (50, 140), "EHC plan": (30, 100), "Education": (25, 80), "Complaint": (10, 40)}
SCALES = {"demo": (1, 2), "small": (3, 2), "regional": (10, 3), "national": (150, 10)}

CELLS = [(reason, cal.DISTRICTS[i]) for reason, row in cal.DISTRICT_BY_REASON_2023_24.items() for i, n in enumerate(row) if n]
CELL_WEIGHTS = [n for row in cal.DISTRICT_BY_REASON_2023_24.values() for n in row if n]
BANDS = [b for b in cal.RESPONSE_BANDS_2023_24 if b not in ("Not yet responded", "Incorrect dates")]
BAND_WEIGHTS = [cal.RESPONSE_BANDS_2023_24[b] for b in BANDS]
METHODS, METHOD_WEIGHTS = list(cal.METHODS_2023_24), list(cal.METHODS_2023_24.values())
RELATIONSHIPS, RELATIONSHIP_WEIGHTS = list(cal.RELATIONSHIPS_2023_24), list(cal.RELATIONSHIPS_2023_24.values())
CLOSED_STATUSES = ["Closed - responded successfully", "Closed - made 3 or more attempts to respond",
                   "Closed - no availability for meeting"]
LEVELS, LEVEL_WEIGHTS = ["Level 1", "Level 2", "Level 3", "Level 4"], [12, 10, 12, 48]
APPEAL_LOCALITIES, APPEAL_LOCALITY_WEIGHTS = list(cal.APPEAL_LOCALITIES_2023_24), list(cal.APPEAL_LOCALITIES_2023_24.values())
APPEAL_TYPES, APPEAL_TYPE_WEIGHTS = list(cal.APPEAL_TYPES_2023_24), list(cal.APPEAL_TYPES_2023_24.values())
DECISIONS, DECISION_WEIGHTS = list(cal.APPEAL_DECISIONS_2023_24), list(cal.APPEAL_DECISIONS_2023_24.values())


class ServiceWorldBuilder(DemoWorldBuilder):
    """One service's records over `years` financial years, drawn from the demo's distributions."""

    def __init__(self, seed: int, last_night: date, years: int, size: float):
        super().__init__(seed, last_night)
        self.first_year = LAST_FULL_YEAR - years + 1
        self.size = size

    def year_days(self, fy_first_year: int) -> tuple[list[date], list[float]]:
        first = date(fy_first_year, 4, 1)
        days = [first + timedelta(days=n) for n in range((fy_end(first) - first).days + 1)]
        return days, [1.0 if d.weekday() < 5 else 0.08 for d in days]

    def enquiries_in(self, fy_first_year: int, days: list[date], weights: list[float], count: int) -> list[Enquiry]:
        rng = self.rng
        received_days = sorted(rng.choices(days, weights, k=count))
        cells = rng.choices(CELLS, CELL_WEIGHTS, k=count)
        methods = rng.choices(METHODS, METHOD_WEIGHTS, k=count)
        relationships = rng.choices(RELATIONSHIPS, RELATIONSHIP_WEIGHTS, k=count)
        result = []
        for received, (reason, district), method, relationship in zip(received_days, cells, methods, relationships):
            created_at = datetime.combine(received, datetime.min.time()) + timedelta(hours=rng.randint(7, 18), minutes=rng.randint(0, 59))
            name, email, postcode = self.person(district)
            e = Enquiry(
                id="", received=received, received_text=fmt_date(received), created_at=created_at,
                reason="" if reason == "Unknown" else reason, subtype=self.subtype(reason), method=method,
                relationship=relationship, district=district, district_text=self.district_text(district, received),
                status=rng.choices(CLOSED_STATUSES, [93, 6, 1])[0], recorded_by=self.officer(), contact_name=name,
                contact_email=email, postcode=postcode,
            )
            roll = rng.random()
            if roll < 0.007:
                e.band = "Incorrect dates"
            elif roll < 0.011:
                e.band = "Not yet responded"
            else:
                e.band = rng.choices(BANDS, BAND_WEIGHTS)[0]
                e.band_days = self.band_days(e.band)
            result.append(e)
        return result

    def build(self) -> World:
        rng = self.rng
        w = self.world
        enquiries: list[Enquiry] = []
        for fy in range(self.first_year, LAST_FULL_YEAR + 1):
            days, weights = self.year_days(fy)
            enquiries += self.enquiries_in(fy, days, weights, max(1, round(ENQUIRIES_PER_YEAR * self.size * rng.uniform(0.9, 1.1))))
        new_year = [d for d in (date(LAST_FULL_YEAR + 1, 4, 1) + timedelta(days=n) for n in range(7)) if d <= self.last_night]
        if new_year:
            enquiries += self.enquiries_in(LAST_FULL_YEAR + 1, new_year, [1.0] * len(new_year), 4 * len(new_year))
        incorrect = [e for e in enquiries if e.band == "Incorrect dates"]
        for first in range(0, len(incorrect), 8):  # the eight kinds of wrong date, in turn
            self.incorrect_dates(incorrect[first:first + 8])
        for e in enquiries:
            if e.band not in ("Incorrect dates", "Not yet responded"):
                self.place_response(e, e.band_days)
                if e.response_known > self.last_night:  # not answered yet as at the last night
                    e.response_known, e.response_text, e.band = None, "", "Not yet responded"
        # The last enquiries of all are still open: received, not yet answered.
        for e in enquiries[-3:]:
            e.status, e.band, e.response_known, e.response_text = "Received", "Not yet responded", None, ""
        enquiries.sort(key=lambda e: (e.created_at, e.contact_email))
        for n, e in enumerate(enquiries):
            e.id = f"IE{4000 + n:06d}"
        converted = [e for e in enquiries if e.status != "Received" and e.received < self.last_night - timedelta(days=20)
                     and rng.random() < CONVERSION_RATE]
        for e in converted:
            e.status = "Converted to case"
        for e in enquiries:
            if e.status == "Received" or e.status == "Converted to case":
                continue
            base = e.response_known or add_working_days(e.received, rng.randint(10, 15))
            e.closed_on = min(base + timedelta(days=rng.choice([0, 0, 1, 2, 5, 9])), self.last_night)
        w.enquiries = enquiries

        for e in converted:
            referral = self.referral_after(e)
            closed = referral + timedelta(days=rng.randint(20, 400))
            self.new_case(e, e.district, referral, rng.choices(LEVELS, LEVEL_WEIGHTS)[0],
                          None if closed > self.last_night or rng.random() < 0.03 else closed, e.reason or "Education")
        w.cases.sort(key=lambda c: (c.referral, c.enquiry_id))
        for n, c in enumerate(w.cases):
            c.id = f"CA{2100 + n:05d}"
        by_enquiry = {c.enquiry_id: c for c in w.cases}
        for e in converted:
            case = by_enquiry[e.id]
            e.case_id, e.closed_on = case.id, case.referral
        if len(w.cases) > 10:  # an entry error: a case closed the day before it was referred
            victim = rng.choice([c for c in w.cases if c.closed])
            victim.closed_text = fmt_date(victim.referral - timedelta(days=1))
        self.case_activities()
        self.tribunal_appeals()
        self.feedback()
        return w

    def case_activities(self) -> None:
        rng = self.rng
        rows = []
        methods = ["Email", "Phone call", "Meeting", "Video Call", "Letter", ""]
        for c in self.world.cases:
            end = max(min(c.closed or self.last_night, self.last_night), c.referral)
            span = (end - c.referral).days
            low, high = ACTIVITIES_PER_CASE.get(c.reason, (10, 40))
            count = max(1, round(rng.randint(low, high) * self.size))
            offsets = sorted(rng.randint(0, span) for _ in range(count))
            kinds = rng.choices(methods, [50, 30, 8, 8, 2, 2], k=count)
            for offset, method in zip(offsets, kinds):
                when = c.referral + timedelta(days=offset)
                reason = c.reason if rng.random() < 0.85 else rng.choice(["EHC plan", "Education", "Tribunal", "Complaint", ""])
                rows.append(Activity(id="", case_id=c.id, when=when, when_text=fmt_date(when), reason=reason,
                                     subtype=self.subtype(reason or "Unknown"), method=method))
        self.keep_activities(rows, id_digits=7)

    def tribunal_appeals(self) -> None:
        rng = self.rng
        cases = [c for c in self.world.cases if c.reason == "Tribunal"] or self.world.cases
        rows = []
        for fy in range(self.first_year, LAST_FULL_YEAR + 1):
            days, weights = self.year_days(fy)
            for _ in range(round(50 * self.size * rng.uniform(0.8, 1.2)) if cases else 0):
                registered = rng.choices(days, weights)[0]
                hearing = registered + timedelta(days=rng.randint(84, 150))
                decision = rng.choices(DECISIONS, DECISION_WEIGHTS)[0]
                decided = hearing - timedelta(days=rng.randint(1, 10)) if decision == "Conceded before Hearing" else hearing
                rows.append(Appeal("", rng.choice(cases).id, registered, rng.choices(APPEAL_LOCALITIES, APPEAL_LOCALITY_WEIGHTS)[0],
                                   rng.choices(APPEAL_TYPES, APPEAL_TYPE_WEIGHTS)[0], hearing, decision,
                                   decided if decided <= self.last_night else None))
        if rows:  # an entry error: a decision dated before the appeal was registered
            rows[-1].decided_text = fmt_date(rows[-1].registered - timedelta(days=3))
        rows.sort(key=lambda a: (a.registered, a.case_id))
        for n, a in enumerate(rows):
            a.id = f"TR{500 + n:05d}"
        self.world.appeals = rows

    def feedback(self) -> None:
        rng = self.rng
        rows = []
        closed = [c for c in self.world.cases if c.closed and not c.closed_text]
        for c in rng.sample(closed, min(len(closed), round(len(closed) * 0.3))):
            rows.append(Feedback("", "Case", c.id, min(c.closed + timedelta(days=rng.randint(1, 20)), self.last_night),
                                 rng.choices(["5", "4", "3", "1", ""], [20, 3, 3, 2, 2])[0],
                                 rng.choices(["Strongly agree", "Agree", "Strongly disagree"], [27, 2, 1])[0],
                                 rng.choices(["Strongly agree", "Agree", "Strongly disagree"], [28, 1, 1])[0]))
        answered = [e for e in self.world.enquiries if e.response_known]
        for e in rng.sample(answered, min(len(answered), round(len(answered) * 0.008))):
            rows.append(Feedback("", "Initial Enquiry", e.id, min(e.received + timedelta(days=rng.randint(3, 25)), self.last_night),
                                 rng.choice(["5", "4", "4", ""]), rng.choice(["Strongly agree", "Agree", ""]),
                                 rng.choice(["Strongly agree", "Agree", "Neither agree nor disagree"])))
        rows.sort(key=lambda f: (f.submitted, f.about))
        for n, f in enumerate(rows):
            f.id = f"FB{700 + n:06d}"
        self.world.feedback = rows


def drop_nights(years: int, last_night: date = DEFAULT_LAST_NIGHT, nights: int = 2) -> list[date]:
    """The year ends of the history, then the last `nights` nights."""
    year_ends = [date(fy + 1, 3, 31) for fy in range(LAST_FULL_YEAR - years + 1, LAST_FULL_YEAR + 1)]
    recent = [last_night - timedelta(days=n) for n in range(nights - 1, -1, -1)]
    return sorted(set(year_ends) | set(recent))


def snapshot_rows(world: World, night: date) -> dict[str, list[list[str]]]:
    """What the case system exports on `night`: records created by then and changed in this or the
    previous financial year (as `sendpipe.demo.generator.snapshot`, for long histories: a record
    whose life ended before the window is not asked)."""
    window_start = date(fy_start(night).year - 1, 4, 1)
    files = {}
    kinds = (
        (world.enquiries, lambda e: e.created_at.date(), lambda e: max(e.closed_on or night, e.response_known or e.received)),
        (world.cases, lambda c: c.referral, lambda c: c.closed or night),
        (world.activities, lambda a: a.when, lambda a: a.when),
        (world.appeals, lambda a: a.registered, lambda a: max(a.decided or night, a.registered + timedelta(days=21))),
        (world.feedback, lambda f: f.submitted, lambda f: f.submitted),
    )
    for spec, (records, starts, ends) in zip(contracts.CASE_SYSTEM_FILES, kinds):
        if records is world.activities or records is world.feedback:  # sorted by their one date
            records = records[bisect_left(records, window_start, key=starts):bisect_right(records, night, key=starts)]
        rows = []
        for record in records:
            if starts(record) > night or ends(record) < window_start:
                continue
            row = record.row_at(night)
            if row is not None and datetime.strptime(row[-1], contracts.TIMESTAMP_FORMAT).date() >= window_start:
                rows.append(row)
        files[spec.name] = rows
    enquiries = files["initial_enquiries.csv"]
    if enquiries:  # a real export's quirk: one enquiry row written twice
        enquiries.insert(len(enquiries) // 3, list(enquiries[len(enquiries) // 3]))
    return files


def write_service(landing: Path, seed: int, years: int, size: float, nights: list[date], last_night: date) -> dict[str, int]:
    """Write one service's drops; returns the rows written per file."""
    world = ServiceWorldBuilder(seed, last_night, years, size).build()
    written: dict[str, int] = {}
    for night in nights:
        folder = landing / night.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        rows = snapshot_rows(world, night)
        for spec in contracts.CASE_SYSTEM_FILES:
            (folder / spec.name).write_bytes(render_csv(spec.columns, rows[spec.name], bom=spec.name != "feedback.csv"))
            written[spec.name] = written.get(spec.name, 0) + len(rows[spec.name])
    return written


def service_name(n: int) -> str:
    return f"service_{n:03d}"


def write_services(out: Path, services: int, years: int, seed: int = DEFAULT_SEED, last_night: date = DEFAULT_LAST_NIGHT,
                   nights: int = 2) -> dict[str, int]:
    """Write `services` landing folders under `out`, each with its drops; returns rows per file."""
    master = random.Random(seed)
    totals: dict[str, int] = {}
    dates = drop_nights(years, last_night, nights)
    for n in range(1, services + 1):
        size = master.uniform(0.6, 1.4) if services > 1 else 1.0
        written = write_service(out / service_name(n), master.randrange(2 ** 31), years, size, dates, last_night)
        for name, count in written.items():
            totals[name] = totals.get(name, 0) + count
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="parent folder: one landing folder per service is written")
    parser.add_argument("--services", type=int, default=1)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    for name, rows in write_services(args.out, args.services, args.years, args.seed).items():
        print(f"{name}: {rows:,} rows")


if __name__ == "__main__":
    main()
