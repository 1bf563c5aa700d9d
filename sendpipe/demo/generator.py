"""Seeded generator of realistic SENDIASS case-system drops.

It builds one world of records with their histories (an enquiry is received, answered, closed or
converted; a case is referred and closed; an appeal is registered and decided), then writes the
snapshot every night would have exported, in exactly the contract's format: UTF-8 (mostly with a
BOM), CRLF, `dd/mm/yyyy`, RFC 4180 quoting, the two-year window, spelling variants and entry
errors. Financial year 2023-24 reproduces the annual report's one-way tables (see calibration.py).
The same seed gives the same bytes.
"""
from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

from sendpipe import contracts
from sendpipe.demo import calibration as cal
from sendpipe.working_days import add_working_days

DEFAULT_SEED = 20240402
DEFAULT_FIRST_NIGHT = date(2024, 3, 25)
DEFAULT_LAST_NIGHT = date(2024, 4, 2)

FIRST_NAMES = [
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Sophie", "Grace", "Lily", "Freya", "Evie", "Emily",
    "Poppy", "Ruby", "Chloe", "Jessica", "Harriet", "Oliver", "George", "Harry", "Jack", "Noah",
    "Charlie", "Jacob", "Alfie", "Freddie", "Oscar", "Leo", "Thomas", "James", "William", "Dylan",
    "Zofia", "Aisha", "Mohammed", "Priya", "Tomasz", "Siobhan", "Niamh", "Kwame", "Chen",
]
SURNAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
    "Clarke", "Hughes", "Edwards", "Turner", "Hill", "Moore", "Cooper", "Ward", "Morris", "King",
    "O'Neill", "Nowak", "Khan", "Patel", "Okafor", "Kowalski", "Fitzgerald", "Harding", "Legg",
]
POSTCODE_AREAS = {
    "Chesil (Weymouth & Portland)": ["DT3", "DT4", "DT5"],
    "Dorchester": ["DT1", "DT2"],
    "East Dorset": ["BH21", "BH22", "BH31"],
    "North Dorset": ["DT10", "DT11", "SP7", "SP8"],
    "Purbeck": ["BH19", "BH20"],
    "West Dorset": ["DT6", "DT8"],
    "Out of Area": ["BA12", "SO41", "TA20", "BH8"],
    "Not Disclosed": ["DT2", "BH21"],
    "Unrecorded": ["DT1", "DT4", "BH21", "DT11", "BH20", "DT6"],
}
SCHOOLS = {
    "Chesil (Weymouth & Portland)": ["Atlantic Academy Portland", "All Saints CE School, Weymouth", "Budmouth Academy", "Wey Valley Academy"],
    "Dorchester": ["The Thomas Hardye School", "Damers First School", "St Osmund's CE Middle School, Dorchester"],
    "East Dorset": ["Ferndown Upper School", "Queen Elizabeth's School", "Ferndown Middle School"],
    "North Dorset": ["The Gillingham School", "Sturminster Newton High School", "Shaftesbury School"],
    "Purbeck": ["The Purbeck School", "Swanage School", 'Lytchett Minster School ("LMS")'],
    "West Dorset": ["The Sir John Colfox Academy", "Beaminster School", "The Woodroffe School"],
}
SUBTYPES = {
    "EHC plan": ["Annual Review", "Draft", "Parental Request", "Professional Request"],
    "Education": ["AP (Alternative Provision)", "Elective Home Education", "Out of School", "School Refusal", "SEN Support", "Transport"],
    "Tribunal": ["Contents/placement", "DDA", "Refusal to assess", "Refusal to issue"],
    "Complaint": ["DfE", "Health Care", "Judicial Review", "Local Authority", "School", "Local Government Ombudsman (LGO)"],
}
SUBTYPE_WEIGHTS = {
    "EHC plan": [107, 67, 132, 10],
    "Education": [25, 3, 43, 58, 153, 5],
    "Tribunal": [76, 1, 41, 10],
    "Complaint": [1, 1, 1, 19, 24, 4],
}
OFFICERS = ["CO1", "CO2", "TIO", "PL"]
OFFICER_WEIGHTS = [45, 30, 20, 5]
MAIN_NEEDS = ["ASC", "SEMH", "SLCN", "SpLD", "MLD", "SLD", "PMLD", "PD", "HI", "VI", "MSI", "Other", ""]
MAIN_NEED_WEIGHTS = [40, 20, 9, 5, 6, 3, 1, 3, 2, 1, 1, 3, 6]
LOCALITY_OF_DISTRICT = {
    "Chesil (Weymouth & Portland)": "Chesil", "Dorchester": "Dorchester", "East Dorset": "East",
    "North Dorset": "North", "Purbeck": "Purbeck", "West Dorset": "West",
}


def fmt_date(d: date) -> str:
    return d.strftime(contracts.DATE_FORMAT)


def fmt_ts(t: datetime) -> str:
    return t.strftime(contracts.TIMESTAMP_FORMAT)


def fy_start(d: date) -> date:
    return date(d.year if d.month >= 4 else d.year - 1, 4, 1)


def fy_end(d: date) -> date:
    return date(fy_start(d).year + 1, 3, 31)


def quarter_days(fy_first_year: int, quarter: str) -> list[date]:
    q = int(quarter[1])
    start_month = [4, 7, 10, 1][q - 1]
    year = fy_first_year if q < 4 else fy_first_year + 1
    first = date(year, start_month, 1)
    last = date(year + (start_month + 3 > 12), (start_month + 2) % 12 + 1, 1) - timedelta(days=1)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def fake_postcode(rng: random.Random, areas: list[str]) -> str:
    """A postcode-shaped value in one of the outward codes `areas`."""
    area = rng.choice(areas)
    return f"{area} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def fake_nhs_number(rng: random.Random) -> str:
    """Ten digits with a valid modulus-11 check digit (so validators accept it), belonging to no one."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def pool(counts: dict[str, int], rng: random.Random) -> list[str]:
    """An exactly-counted, shuffled list of labels."""
    items = [label for label, n in counts.items() for _ in range(n)]
    rng.shuffle(items)
    return items


@dataclass
class Enquiry:
    id: str
    received: date
    received_text: str
    created_at: datetime
    reason: str
    subtype: str
    method: str
    relationship: str
    district: str  # canonical label ("Unrecorded" for empty)
    district_text: str
    status: str
    recorded_by: str
    contact_name: str
    contact_email: str
    postcode: str
    band: str = ""
    band_days: int = 0  # working days to the response, drawn once with the band
    response_text: str = ""
    response_known: date | None = None
    closed_on: date | None = None
    case_id: str = ""

    def row_at(self, night: date) -> list[str] | None:
        if self.created_at.date() > night:
            return None
        events = [self.created_at]
        response = ""
        if self.response_known and self.response_known <= night:
            response = self.response_text
            events.append(datetime.combine(self.response_known, self.created_at.time()) + timedelta(minutes=37))
        status, case_id = "Received", ""
        if self.closed_on and self.closed_on <= night:
            status = self.status
            case_id = self.case_id
            events.append(datetime.combine(self.closed_on, self.created_at.time()) + timedelta(hours=1, minutes=12))
        return [
            self.id, self.received_text, response, self.reason, self.subtype, self.method,
            self.relationship, self.district_text, status, case_id, self.contact_name,
            self.contact_email, self.postcode, self.recorded_by, fmt_ts(max(events)),
        ]


@dataclass
class Case:
    id: str
    enquiry_id: str
    family_id: str
    referral: date
    district: str
    district_text: str
    level: str
    closed: date | None
    school: str
    child_name: str
    child_dob: date
    nhs_number: str
    main_need: str
    risk: str
    recorded_by: str
    reason: str
    closed_text: str = ""
    rejected: bool = False

    def status_at(self, night: date) -> str:
        if self.rejected:
            return "Rejected"
        return "Closed" if self.closed and self.closed <= night else "Active"

    def row_at(self, night: date) -> list[str] | None:
        if self.referral > night:
            return None
        status = self.status_at(night)
        events = [datetime.combine(self.referral, datetime.min.time()) + timedelta(hours=10)]
        closed_text = ""
        if status == "Closed":
            closed_text = self.closed_text or fmt_date(self.closed)
            events.append(datetime.combine(max(self.closed, self.referral), datetime.min.time()) + timedelta(hours=16))
        return [
            self.id, self.enquiry_id, self.family_id, fmt_date(self.referral), self.district_text,
            status, self.level, closed_text, self.school, self.child_name, fmt_date(self.child_dob),
            self.nhs_number, self.main_need, self.risk, self.recorded_by, fmt_ts(max(events)),
        ]


@dataclass
class Activity:
    id: str
    case_id: str
    when: date
    when_text: str
    reason: str
    subtype: str
    method: str

    def row_at(self, night: date) -> list[str] | None:
        if self.when > night:
            return None
        stamp = datetime.combine(self.when, datetime.min.time()) + timedelta(hours=15, minutes=5)
        return [self.id, self.case_id, self.when_text, self.reason, self.subtype, self.method, fmt_ts(stamp)]


@dataclass
class Appeal:
    id: str
    case_id: str
    registered: date
    locality: str
    appeal_type: str
    hearing: date
    decision: str
    decided: date | None
    decided_text: str = ""

    def row_at(self, night: date) -> list[str] | None:
        if self.registered > night:
            return None
        events = [datetime.combine(self.registered, datetime.min.time()) + timedelta(hours=11)]
        decision, decided = "", ""
        if self.decided and self.decided <= night:
            decision = self.decision
            decided = self.decided_text or fmt_date(self.decided)
            events.append(datetime.combine(self.decided, datetime.min.time()) + timedelta(hours=14))
        hearing = fmt_date(self.hearing) if self.registered + timedelta(days=21) <= night else ""
        return [
            self.id, self.case_id, fmt_date(self.registered), self.locality, self.appeal_type,
            hearing, decision, decided, fmt_ts(max(events)),
        ]


@dataclass
class Feedback:
    id: str
    survey: str
    about: str
    submitted: date
    effectiveness: str
    recommend: str
    helpful: str

    def row_at(self, night: date) -> list[str] | None:
        if self.submitted > night:
            return None
        stamp = datetime.combine(self.submitted, datetime.min.time()) + timedelta(hours=9, minutes=30)
        return [self.id, self.survey, self.about, fmt_date(self.submitted), self.effectiveness,
                self.recommend, self.helpful, fmt_ts(stamp)]


@dataclass
class World:
    enquiries: list[Enquiry] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)


class DemoWorldBuilder:
    """Builds the records of 2022-23, 2023-24 and the first nights of 2024-25."""

    def __init__(self, seed: int, last_night: date):
        self.rng = random.Random(seed)
        self.last_night = last_night
        self.world = World()
        self._person_serial = 0
        self._family_serial = 3000

    # --- small realistic pieces ------------------------------------------------------------
    def person(self, district: str) -> tuple[str, str, str]:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        self._person_serial += 1
        name = f"{first} {last}"
        if rng.random() < 0.03:
            name = f"{last}, {first} (mum, via school)"  # free text with a comma
        email = f"{first}.{last}{self._person_serial}@example.org".lower().replace("'", "")
        return name, email, fake_postcode(rng, POSTCODE_AREAS[district])

    def nhs_number(self) -> str:
        return fake_nhs_number(self.rng)

    def district_text(self, district: str, when: date) -> str:
        rng = self.rng
        if district == "Unrecorded":
            return ""
        text = district
        if district.startswith("Chesil"):
            if when < date(2023, 1, 1):
                text = rng.choice(["Chesil (Weymouth and Portland)", "Weymouth & Portland"])
            elif rng.random() < 0.08:
                text = "Chesil (Weymouth and Portland)"
        roll = rng.random()
        if roll < 0.02:
            text = text.upper()
        elif roll < 0.04:
            text = " " + text.replace(" ", "  ", 1) + " "
        elif roll < 0.05:
            text = text.lower()
        return text

    def subtype(self, reason: str) -> str:
        if reason not in SUBTYPES or self.rng.random() < 0.07:
            return ""
        return self.rng.choices(SUBTYPES[reason], SUBTYPE_WEIGHTS[reason])[0]

    def officer(self) -> str:
        return self.rng.choices(OFFICERS, OFFICER_WEIGHTS)[0]

    def day_in(self, days: list[date]) -> date:
        weights = [1.0 if d.weekday() < 5 else 0.08 for d in days]
        return self.rng.choices(days, weights)[0]

    def band_days(self, band: str) -> int:
        if band == "More than 5 days":
            return self.rng.choice([6, 6, 7, 7, 8, 9, 10, 11, 12, 14, 17, 22])
        return int(band)

    # --- enquiries ---------------------------------------------------------------------------
    def enquiries_for_year(self, fy_first_year: int) -> list[Enquiry]:
        rng = self.rng
        if fy_first_year == 2023:
            cells = [(reason, cal.DISTRICTS[i]) for reason, row in cal.DISTRICT_BY_REASON_2023_24.items()
                     for i, n in enumerate(row) for _ in range(n)]
            quarters = cal.QUARTERS_2023_24
            methods = pool(cal.METHODS_2023_24, rng)
            relationships = pool(cal.RELATIONSHIPS_2023_24, rng)
        else:
            reference = [(reason, cal.DISTRICTS[i]) for reason, row in cal.DISTRICT_BY_REASON_2023_24.items()
                         for i, n in enumerate(row) for _ in range(n)]
            quarters = cal.QUARTERS_2022_23
            total = sum(quarters.values())
            cells = [rng.choice(reference) for _ in range(total)]
            methods = [rng.choices(["Email", "Phone call", "Message", "Letter", ""], [70, 26, 1, 1, 2])[0] for _ in range(total)]
            relationships = [rng.choices(["Parent/Carer", "Child", "Professional", "Family", ""], [88, 2, 5, 1, 4])[0] for _ in range(total)]
        rng.shuffle(cells)
        quarter_labels = pool(quarters, rng)
        result = []
        for (reason, district), quarter, method, relationship in zip(cells, quarter_labels, methods, relationships):
            received = self.day_in(quarter_days(fy_first_year, quarter))
            created_at = datetime.combine(received, datetime.min.time()) + timedelta(hours=rng.randint(7, 18), minutes=rng.randint(0, 59))
            name, email, postcode = self.person(district)
            result.append(Enquiry(
                id="", received=received, received_text=fmt_date(received), created_at=created_at,
                reason="" if reason == "Unknown" else reason, subtype=self.subtype(reason), method=method,
                relationship=relationship, district=district, district_text=self.district_text(district, received),
                status="Closed - responded successfully", recorded_by=self.officer(), contact_name=name,
                contact_email=email, postcode=postcode,
            ))
        return result

    def choose_conversions(self, enquiries: list[Enquiry], slots_by_district: dict[str, int],
                           by_quarter: dict[str, int], fy_first_year: int) -> dict[str, list[Enquiry]]:
        """Pick enquiries to convert so districts and quarters both have their exact counts
        (north-west-corner fill of the district x quarter table, then a pick in each cell)."""
        rng = self.rng
        quarter_of = {q: set(quarter_days(fy_first_year, q)) for q in by_quarter}
        latest = fy_end(date(fy_first_year, 4, 1)) - timedelta(days=14)
        cells: dict[tuple[str, str], list[Enquiry]] = {}
        for e in enquiries:
            if e.received > latest:
                continue
            q = next(q for q, days in quarter_of.items() if e.received in days)
            cells.setdefault((e.district, q), []).append(e)
        district_need = dict(slots_by_district)
        quarter_need = dict(by_quarter)
        chosen: dict[str, list[Enquiry]] = {d: [] for d in slots_by_district}
        for d in slots_by_district:
            for q in by_quarter:
                take = min(district_need[d], quarter_need[q], len(cells.get((d, q), [])))
                picks = rng.sample(cells.get((d, q), []), take)
                chosen[d].extend(picks)
                district_need[d] -= take
                quarter_need[q] -= take
        assert not any(district_need.values()) and not any(quarter_need.values()), "conversion allocation failed"
        return chosen

    def place_response(self, e: Enquiry, days: int) -> None:
        response = add_working_days(e.received, days)
        e.response_text = fmt_date(response)
        e.response_known = response

    def build(self) -> World:
        rng = self.rng
        w = self.world
        e22 = self.enquiries_for_year(2022)
        e23 = self.enquiries_for_year(2023)

        # 2023-24 statuses and response bands, exactly as tables 3b and 3g.
        slots = [(d, s) for d, (a, c) in cal.CASE_STATUS_BY_DISTRICT_2023_24.items() for s, n in (("Active", a), ("Closed", c)) for _ in range(n)]
        direct = list(cal.DIRECT_REFERRALS_2023_24)
        converted_slots = list(slots)
        for d, s, _ in direct:
            converted_slots.remove((d, s))
        by_district: dict[str, int] = {}
        for d, _ in converted_slots:
            by_district[d] = by_district.get(d, 0) + 1
        conversions = self.choose_conversions(e23, by_district, cal.CONVERSIONS_BY_QUARTER_2023_24, 2023)
        converted_23 = [e for d in by_district for e in conversions[d]]
        for e in converted_23:
            e.status = "Converted to case"
        others = sorted((e for e in e23 if e.status != "Converted to case"), key=lambda e: e.received)
        received = others[-1]  # the one still open at year end is among the last to arrive
        received.status = "Received"
        received.band = "Not yet responded"
        rest = others[:-1]
        rng.shuffle(rest)
        attempts = rest[:51]
        for e in attempts:
            e.status = "Closed - made 3 or more attempts to respond"
        for e in attempts[:4]:
            e.band = "Not yet responded"
        for e in rest[51:55]:
            e.status = "Closed - no availability for meeting"
        for e in rest[55:63]:
            e.band = "Incorrect dates"
        day_bands = pool({b: n for b, n in cal.RESPONSE_BANDS_2023_24.items() if b not in ("Not yet responded", "Incorrect dates")}, rng)
        unbanded = [e for e in e23 if not e.band]
        for e, band in zip(unbanded, day_bands):
            e.band, e.band_days = band, self.band_days(band)
        # A response must be known by the last night: late enquiries swap long bands for short ones.
        early_short = [e for e in unbanded if e.received < date(2024, 2, 1) and e.band == "0"]
        for e in unbanded:
            if add_working_days(e.received, e.band_days) > self.last_night:
                partner = early_short.pop()
                (e.band, e.band_days), (partner.band, partner.band_days) = (partner.band, partner.band_days), (e.band, e.band_days)
        for e in e23:
            if e.band not in ("Not yet responded", "Incorrect dates"):
                self.place_response(e, e.band_days)
        self.incorrect_dates([e for e in e23 if e.band == "Incorrect dates"])

        # 2022-23: conversions by quarter as the report states; everything answered and closed.
        by_district_22: dict[str, int] = {}
        recorded = [d for d in cal.DISTRICTS if d not in ("Unrecorded", "Out of Area", "Not Disclosed")]
        for _ in range(sum(cal.CONVERSIONS_BY_QUARTER_2022_23.values())):
            d = rng.choices(recorded, [22, 8, 22, 18, 10, 8])[0]
            by_district_22[d] = by_district_22.get(d, 0) + 1
        conversions_22 = self.choose_conversions(e22, by_district_22, cal.CONVERSIONS_BY_QUARTER_2022_23, 2022)
        converted_22 = [e for d in by_district_22 for e in conversions_22[d]]
        for e in converted_22:
            e.status = "Converted to case"
        for e in e22:
            if e.status != "Converted to case":
                e.status = rng.choices(["Closed - responded successfully", "Closed - made 3 or more attempts to respond",
                                        "Closed - no availability for meeting"], [93, 6, 1])[0]
            self.place_response(e, rng.choices([0, 1, 2, 3, 4, 5, 7, 9], [10, 24, 20, 18, 10, 6, 8, 4])[0])
        # An entry error in an enquiry's own date: 29 February in a year that has none. It is one
        # more enquiry, outside every financial year's counts.
        template = rng.choice([e for e in e22 if e.received.month == 2 and e.received.day == 28 and e.status != "Converted to case"])
        name, email, postcode = self.person(template.district)
        e22.append(replace(template, received_text="29/02/2023", contact_name=name, contact_email=email, postcode=postcode,
                           created_at=template.created_at + timedelta(minutes=3)))

        # The first nights of 2024-25: a handful of enquiries, some not yet answered.
        e24 = []
        for day in (d for d in (date(2024, 4, 1), date(2024, 4, 2)) if d <= self.last_night):
            for _ in range(rng.randint(4, 7)):
                reason, district = rng.choice([(r, cal.DISTRICTS[i]) for r, row in cal.DISTRICT_BY_REASON_2023_24.items() for i, n in enumerate(row) if n])
                name, email, postcode = self.person(district)
                created = datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.randint(7, 18), minutes=rng.randint(0, 59))
                e = Enquiry(id="", received=day, received_text=fmt_date(day), created_at=created,
                            reason="" if reason == "Unknown" else reason, subtype=self.subtype(reason),
                            method=rng.choice(["Email", "Email", "Phone call"]), relationship="Parent/Carer",
                            district=district, district_text=self.district_text(district, day),
                            status="Closed - responded successfully", recorded_by=self.officer(),
                            contact_name=name, contact_email=email, postcode=postcode)
                self.place_response(e, rng.choice([0, 1, 1, 2, 3]))
                e24.append(e)

        all_enquiries = sorted(e22 + e23 + e24, key=lambda e: (e.created_at, e.contact_email))
        for n, e in enumerate(all_enquiries):
            e.id = f"IE{4000 + n:06d}"
            if e.status == "Received":
                e.closed_on = None
            elif e.band == "Not yet responded":
                e.closed_on = min(add_working_days(e.received, rng.randint(10, 15)), self.last_night)
            elif e.status == "Converted to case":
                continue  # closed on the referral date, set with the case
            else:
                base = e.response_known or e.received
                e.closed_on = min(base + timedelta(days=rng.choice([0, 0, 1, 2, 5, 9])), self.last_night)
        w.enquiries = all_enquiries

        # Cases: conversions of 2022-23 and 2023-24 enquiries, plus direct referrals.
        self.cases_2022_23(converted_22)
        self.cases_2023_24(converted_23, direct)
        w.cases.sort(key=lambda c: (c.referral, c.enquiry_id))
        for n, c in enumerate(w.cases):
            c.id = f"CA{2100 + n:05d}"
        by_enquiry = {c.enquiry_id: c for c in w.cases if c.enquiry_id}
        for e in w.enquiries:
            if e.status == "Converted to case":
                case = by_enquiry[e.id]
                e.case_id = case.id
                e.closed_on = case.referral
        self.activities()
        self.appeals()
        self.feedback_responses()
        return w

    def incorrect_dates(self, enquiries: list[Enquiry]) -> None:
        """The eight kinds of wrong response date real entry produces."""
        kinds = ["before", "before", "before", "impossible", "impossible", "year", "year", "year"]
        for e, kind in zip(enquiries, kinds):
            e.response_known = min(e.received + timedelta(days=2), self.last_night)
            if kind == "before":
                e.response_text = fmt_date(e.received - timedelta(days=self.rng.randint(1, 30)))
            elif kind == "impossible":
                e.response_text = self.rng.choice(["31/02/2024", "31/09/2023", "30/02/2024", "31/11/2023"])
            else:
                # 2023 typed as 2203 or 2032: both land after any export date.
                real = add_working_days(e.received, 2)
                digits = str(real.year)
                typo = self.rng.choice([digits[:1] + digits[2] + digits[1] + digits[3], digits[:2] + digits[3] + digits[2]])
                e.response_text = f"{real.day:02d}/{real.month:02d}/{typo}"

    def new_case(self, enquiry: Enquiry | None, district: str, referral: date, level: str,
                 closed: date | None, reason: str, family_id: str | None = None) -> Case:
        rng = self.rng
        if family_id is None:
            self._family_serial += 1
            family_id = f"FA{self._family_serial:05d}"
        age = rng.choices(range(2, 25), [3, 4, 5, 6, 7, 7, 7, 7, 7, 8, 8, 8, 7, 6, 5, 4, 3, 2, 2, 1, 1, 1, 1])[0]
        dob = referral - timedelta(days=int(age * 365.25) + rng.randint(0, 364))
        schools = SCHOOLS.get(district, ["Out of School"])
        school = rng.choice(schools + ["Out of School", ""]) if rng.random() < 0.3 else rng.choice(schools)
        if school and len(self.world.cases) % 40 == 7:
            school = school + "\n(Sixth Form)"  # a line break inside a quoted field
        child = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        case = Case(
            id="", enquiry_id=enquiry.id if enquiry else "", family_id=family_id, referral=referral,
            district=district, district_text=self.district_text(district, referral), level=level,
            closed=closed, school=school, child_name=child, child_dob=dob,
            nhs_number=self.nhs_number() if rng.random() < 0.85 else "",
            main_need=rng.choices(MAIN_NEEDS, MAIN_NEED_WEIGHTS)[0],
            risk=rng.choices(["Red", "Amber", ""], [3, 22, 75])[0], recorded_by=self.officer(), reason=reason,
        )
        self.world.cases.append(case)
        return case

    def referral_after(self, e: Enquiry) -> date:
        base = e.response_known if e.response_known and e.response_known >= e.received else e.received
        return min(base + timedelta(days=self.rng.randint(0, 4)), fy_end(e.received))

    def cases_2022_23(self, converted: list[Enquiry]) -> None:
        rng = self.rng
        for e in converted:
            referral = self.referral_after(e)
            closed = referral + timedelta(days=rng.randint(20, 400))
            still_open = rng.random() < 0.04
            self.new_case(e, e.district, referral, rng.choices(["Level 1", "Level 2", "Level 3", "Level 4"], [10, 15, 20, 55])[0],
                          None if still_open else closed, e.reason)
        for _ in range(11):
            referral = self.day_in([date(2022, 4, 1) + timedelta(days=n) for n in range(365)])
            district = rng.choice(list(LOCALITY_OF_DISTRICT))
            self.new_case(None, district, referral, "Level 4", referral + timedelta(days=rng.randint(30, 300)),
                          rng.choice(["Tribunal", "EHC plan"]))
        # Entry error: a case closed the day before it was referred.
        victim = rng.choice([c for c in self.world.cases if c.closed and c.closed < date(2023, 3, 1)])
        victim.closed_text = fmt_date(victim.referral - timedelta(days=1))

    def cases_2023_24(self, converted: list[Enquiry], direct: list[tuple[str, str, str]]) -> None:
        rng = self.rng
        year_end = date(2024, 3, 31)
        levels = {s: pool(counts, rng) for s, counts in cal.CONVERTED_LEVELS_2023_24.items()}
        wanted = {d: list(pool({"Active": a, "Closed": c}, rng)) for d, (a, c) in cal.CASE_STATUS_BY_DISTRICT_2023_24.items()}
        for d, s, _ in direct:
            wanted[d].remove(s)
        for e in converted:
            status = wanted[e.district].pop()
            referral = self.referral_after(e)
            level = levels[status].pop()
            self.new_case(e, e.district, referral, level, self.closing_date(referral, status, year_end), e.reason)
        families = [c.family_id for c in self.world.cases]
        for d, status, level in direct:
            referral = self.day_in([date(2023, 4, 1) + timedelta(days=n) for n in range(350)])
            self.new_case(None, d, referral, level, self.closing_date(referral, status, year_end),
                          rng.choice(["Tribunal", "EHC plan", "Education"]), family_id=rng.choice(families))

    def closing_date(self, referral: date, status_at_year_end: str, year_end: date) -> date | None:
        rng = self.rng
        if status_at_year_end == "Active":
            # Some active cases close in the first nights of the new year: a later drop shows it.
            return self.last_night if rng.random() < 0.25 and self.last_night > year_end else None
        closed = referral + timedelta(days=rng.randint(14, 160))
        if closed > year_end:
            closed = year_end - timedelta(days=rng.randint(0, 6))
        return max(closed, referral + timedelta(days=1))

    def activities(self) -> None:
        rng = self.rng
        per_reason = {"Tribunal": (5, 12), "EHC plan": (2, 5), "Education": (2, 5), "Complaint": (1, 3)}
        rows = []
        for c in self.world.cases:
            end = min(c.closed or self.last_night, self.last_night)
            if end < c.referral:
                end = c.referral
            low, high = per_reason.get(c.reason, (1, 3))
            span = (end - c.referral).days
            for _ in range(rng.randint(low, high)):
                when = c.referral + timedelta(days=rng.randint(0, span))
                reason = c.reason if rng.random() < 0.85 else rng.choice(["EHC plan", "Education", "Tribunal", "Complaint", ""])
                rows.append(Activity(id="", case_id=c.id, when=when, when_text=fmt_date(when), reason=reason,
                                     subtype=self.subtype(reason or "Unknown"),
                                     method=rng.choices(["Email", "Phone call", "Meeting", "Video Call", "Letter", ""], [50, 30, 8, 8, 2, 2])[0]))
        self.keep_activities(rows, id_digits=6)

    def keep_activities(self, rows: list[Activity], id_digits: int) -> None:
        """Number the activities in date order and keep them, one of them an entry error: dated
        before its case was referred."""
        rows.sort(key=lambda a: (a.when, a.case_id))
        for n, a in enumerate(rows):
            a.id = f"AC{10000 + n:0{id_digits}d}"
        if rows:
            case_by_id = {c.id: c for c in self.world.cases}
            a = rows[len(rows) // 5]
            a.when_text = fmt_date(case_by_id[a.case_id].referral - timedelta(days=20))
        self.world.activities = rows

    def appeals(self) -> None:
        rng = self.rng
        tribunal_cases = [c for c in self.world.cases if c.reason == "Tribunal"] or self.world.cases
        rows = []
        localities = pool(cal.APPEAL_LOCALITIES_2023_24, rng)
        types = pool(cal.APPEAL_TYPES_2023_24, rng)
        decisions = pool(cal.APPEAL_DECISIONS_2023_24, rng)
        year = [date(2023, 4, 1) + timedelta(days=n) for n in range(366)]
        for locality, kind, decision in zip(localities, types, decisions):
            registered = self.day_in(year)
            hearing = registered + timedelta(days=rng.randint(84, 150))
            decided = hearing - timedelta(days=rng.randint(1, 10)) if decision == "Conceded before Hearing" else hearing
            if decided > self.last_night:  # all 50 were decided; the late ones during the demo nights
                decided = max(registered + timedelta(days=7), self.last_night - timedelta(days=rng.randint(0, 7)))
                decided = min(decided, self.last_night)
            rows.append(Appeal("", rng.choice(tribunal_cases).id, registered, locality, kind, hearing, decision, decided))
        year = [date(2022, 4, 1) + timedelta(days=n) for n in range(365)]
        for _ in range(40):
            registered = self.day_in(year)
            hearing = registered + timedelta(days=rng.randint(84, 150))
            decision = rng.choices(list(cal.APPEAL_DECISIONS_2023_24)[1:], [83, 3, 8, 3, 3])[0]
            locality = rng.choices(list(cal.APPEAL_LOCALITIES_2023_24), [15, 8, 25, 8, 38, 6])[0]
            rows.append(Appeal("", rng.choice(tribunal_cases).id, registered, locality,
                               rng.choice(list(cal.APPEAL_TYPES_2023_24)), hearing, decision, hearing - timedelta(days=2)))
        # Entry error: a decision dated before the appeal was registered.
        rows[-1].decided_text = fmt_date(rows[-1].registered - timedelta(days=3))
        for day in (date(2024, 4, 1), date(2024, 4, 2)):
            if day <= self.last_night:
                rows.append(Appeal("", rng.choice(tribunal_cases).id, day, "Chesil", "Placement only",
                                   day + timedelta(days=120), "", None))
        rows.sort(key=lambda a: (a.registered, a.case_id))
        for n, a in enumerate(rows):
            a.id = f"TR{500 + n:05d}"
        self.world.appeals = rows

    def feedback_responses(self) -> None:
        rng = self.rng
        rows = []
        closed_cases = {fy: [c for c in self.world.cases if c.closed and fy_start(c.closed) == date(fy, 4, 1) and not c.closed_text]
                        for fy in (2022, 2023)}
        enquiries = {fy: [e for e in self.world.enquiries if fy_start(e.received) == date(fy, 4, 1)] for fy in (2022, 2023)}
        eff = pool(cal.CASE_EFFECTIVENESS_2023_24, rng)
        rec = pool(cal.CASE_RECOMMEND_2023_24, rng)
        helpful = pool(cal.CASE_HELPFUL_2023_24, rng)
        for e, r, h in zip(eff, rec, helpful):
            c = rng.choice(closed_cases[2023])
            rows.append(Feedback("", "Case", c.id, min(c.closed + timedelta(days=rng.randint(1, 20)), date(2024, 3, 31)), e, r, h))
        for _ in range(cal.CASE_SURVEYS_2022_23):
            c = rng.choice(closed_cases[2022])
            rows.append(Feedback("", "Case", c.id, min(c.closed + timedelta(days=5), date(2023, 3, 31)),
                                 rng.choice(["5", "5", "4", "3"]), rng.choice(["Strongly agree", "Strongly agree", "Agree"]),
                                 rng.choice(["Strongly agree", "Agree"])))
        for fy, n in ((2023, cal.IE_SURVEYS_2023_24), (2022, cal.IE_SURVEYS_2022_23)):
            for _ in range(n):
                e = rng.choice([x for x in enquiries[fy] if x.received < date(fy + 1, 3, 1)])
                rows.append(Feedback("", "Initial Enquiry", e.id, e.received + timedelta(days=rng.randint(3, 25)),
                                     rng.choice(["5", "4", "4", ""]), rng.choice(["Strongly agree", "Agree", ""]),
                                     rng.choice(["Strongly agree", "Agree", "Neither agree nor disagree"])))
        rows.sort(key=lambda f: (f.submitted, f.about))
        for n, f in enumerate(rows):
            f.id = f"FB{700 + n:05d}"
        self.world.feedback = rows


def snapshot(world: World, night: date) -> dict[str, list[list[str]]]:
    """What the case system exports on `night`: records changed in this or the previous FY."""
    window_start = date(fy_start(night).year - 1, 4, 1)
    files = {}
    for spec, records in zip(contracts.CASE_SYSTEM_FILES, (world.enquiries, world.cases, world.activities, world.appeals, world.feedback)):
        rows = []
        for record in records:
            row = record.row_at(night)
            if row is not None and datetime.strptime(row[-1], contracts.TIMESTAMP_FORMAT).date() >= window_start:
                rows.append(row)
        files[spec.name] = rows
    # A real export's quirk: one enquiry row written twice.
    enquiries = files["initial_enquiries.csv"]
    if enquiries:
        enquiries.insert(len(enquiries) // 3, list(enquiries[len(enquiries) // 3]))
    return files


def render_csv(header: tuple[str, ...], rows: list[list[str]], bom: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def write_nights(landing: Path, first_night: date, last_night: date, files_of: Callable[[date], dict[str, bytes]]) -> list[Path]:
    """Write one folder per night from first_night to last_night, holding `files_of(night)` (file
    name to bytes); returns the folders written."""
    written = []
    night = first_night
    while night <= last_night:
        folder = landing / night.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files_of(night).items():
            (folder / name).write_bytes(data)
        written.append(folder)
        night += timedelta(days=1)
    return written


def write_drops(landing: Path, seed: int = DEFAULT_SEED, first_night: date = DEFAULT_FIRST_NIGHT,
                last_night: date = DEFAULT_LAST_NIGHT) -> list[Path]:
    """Write one folder per night from first_night to last_night; returns the folders written."""
    world = DemoWorldBuilder(seed, last_night).build()

    def files_of(night: date) -> dict[str, bytes]:
        rows = snapshot(world, night)
        # feedback.csv comes without a byte-order mark, as some of the system's exports do.
        return {spec.name: render_csv(spec.columns, rows[spec.name], bom=spec.name != "feedback.csv")
                for spec in contracts.CASE_SYSTEM_FILES}

    return write_nights(landing, first_night, last_night, files_of)
