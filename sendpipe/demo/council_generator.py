"""Demo drops of the council's SEND case system: EHC needs-assessment requests, plans and the
charter's contact log, as `sendpipe.contracts.COUNCIL_SEND_FILES` defines them.

The world is seeded and built once; each night's drop is what the system would export that night:
events (decisions, plans issued, reviews, replies) appear on the night they happen, and Last
Modified moves with them. Scale follows the charter (seed 000): over 3,200 children with plans in six
localities, about 200 per Provision Lead. Personal data is fake. Entry errors a real system has are
planted at low rates so the quality checks have something to find: locality empty or spelt in
another case or spacing, Yes/No in lower case, an outcome dated before its request, a plan issued
with no decision recorded, an impossible date, reviews overdue with no meeting.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sendpipe import contracts
from sendpipe.demo.generator import (DEFAULT_FIRST_NIGHT, DEFAULT_LAST_NIGHT, FIRST_NAMES, MAIN_NEEDS, MAIN_NEED_WEIGHTS,
                                     SURNAMES, fake_nhs_number, fake_postcode, fmt_date, fmt_ts, fy_start, render_csv, write_nights)
from sendpipe.working_days import add_working_days

DEFAULT_SEED = 20241123
LOCALITY_WEIGHTS = {"Chesil": 18, "Dorchester": 14, "East Dorset": 22, "North Dorset": 16, "Purbeck": 10, "West Dorset": 20}
POSTCODE_AREAS = {"Chesil": ["DT3", "DT4", "DT5"], "Dorchester": ["DT1", "DT2"], "East Dorset": ["BH21", "BH22", "BH31"],
                  "North Dorset": ["DT10", "DT11", "SP7", "SP8"], "Purbeck": ["BH19", "BH20"], "West Dorset": ["DT6", "DT8"]}
PLANS_IN_FORCE = 3200
PROVISION_LEADS = [f"PL{n:02d}" for n in range(1, 17)]  # about 200 plans each
CENTRAL_STAFF = ["CT01", "CT02", "CT03", "CT04"]
REQUEST_SOURCES = {"Parent": 48, "Education setting": 34, "Young person": 3, "Health": 7, "Social care": 5, "Other": 3}
REQUESTS_PER_YEAR = 1150
CONTACTS_PER_WORKING_DAY = 24
# (channel, weight, share answered within the standard, the standard's working days)
CHANNELS = [("Phone", 44, 0.86, 3), ("Email", 40, 0.81, 3), ("Letter", 8, 0.78, 10), ("Formal complaint", 4, 0.70, 20),
            ("FOI request", 2, 0.88, 20), ("Subject access request", 2, 0.75, 22)]
CEASE_REASONS = {"Max Age": 25, "Needs Met": 20, "Higher Education": 15, "Employed": 10, "Moved Out": 18,
                 "No Engagement": 5, "Deceased": 1, "Other": 6}
EXCEPTION_REASONS = ["Family asked for the assessment to be paused", "Child away from the area for 4 weeks",
                     "Exceptional personal circumstances of the family", "Advice not received: family request"]
HISTORY_START = date(2022, 4, 1)


def _events_text(row_events: list[datetime]) -> str:
    return fmt_ts(max(row_events))


@dataclass
class Request:
    id: str
    person_id: str
    child_name: str
    child_dob: date
    postcode: str
    nhs_number: str
    upn: str
    locality_text: str
    received: date
    source: str
    decision: str
    decision_date: date | None
    created_at: datetime
    outcome: str = ""
    outcome_date: date | None = None
    draft_date: date | None = None
    exception: str = "No"
    exception_reason: str = ""
    mediation: str = "No"
    tribunal: str = "No"
    primary_need: str = ""
    provision_lead: str = ""
    outcome_text: str | None = None  # an entry error: what was typed instead of the real date
    decision_missing: bool = False   # an entry error: plan issued, decision never recorded

    def row_at(self, night: date) -> list[str] | None:
        if self.created_at.date() > night:
            return None
        events = [self.created_at]
        decision = decision_date = outcome = outcome_date = draft = ""
        if self.decision_date and self.decision_date <= night:
            events.append(datetime.combine(self.decision_date, datetime.min.time()) + timedelta(hours=15))
            if not self.decision_missing:
                decision, decision_date = self.decision, fmt_date(self.decision_date)
        if self.draft_date and self.draft_date <= night:
            draft = fmt_date(self.draft_date)
            events.append(datetime.combine(self.draft_date, datetime.min.time()) + timedelta(hours=11))
        if self.outcome_date and self.outcome_date <= night:
            outcome = self.outcome
            outcome_date = self.outcome_text or fmt_date(self.outcome_date)
            events.append(datetime.combine(self.outcome_date, datetime.min.time()) + timedelta(hours=16, minutes=20))
        return [self.id, self.person_id, self.child_name, fmt_date(self.child_dob), self.postcode, self.nhs_number,
                self.upn, self.locality_text, fmt_date(self.received), self.source, decision_date, decision,
                outcome_date, outcome, draft, self.exception, self.exception_reason, self.mediation, self.tribunal,
                self.primary_need, self.provision_lead, _events_text(events)]


@dataclass
class Plan:
    id: str
    person_id: str
    request_id: str
    locality_text: str
    start: date
    reviews: list[tuple[date, date | None]]  # (meeting, decision sent) in date order
    ceased: date | None
    cease_reason: str
    provision_lead: str

    def row_at(self, night: date) -> list[str] | None:
        if self.start > night:
            return None
        events = [datetime.combine(self.start, datetime.min.time()) + timedelta(hours=9)]
        meeting = outcome = ""
        last = self.start
        for held, sent in self.reviews:
            if held > night:
                break
            meeting, outcome, last = fmt_date(held), "", held
            events.append(datetime.combine(held, datetime.min.time()) + timedelta(hours=14))
            if sent and sent <= night:
                outcome = fmt_date(sent)
                events.append(datetime.combine(sent, datetime.min.time()) + timedelta(hours=10))
        due = _add_months(last, 12)
        ceased = reason = ""
        if self.ceased and self.ceased <= night:
            ceased, reason = fmt_date(self.ceased), self.cease_reason
            events.append(datetime.combine(self.ceased, datetime.min.time()) + timedelta(hours=12))
        return [self.id, self.person_id, self.request_id, self.locality_text, fmt_date(self.start), meeting, outcome,
                fmt_date(due), ceased, reason, self.provision_lead, _events_text(events)]

    def in_force_at(self, night: date) -> bool:
        return self.start <= night and not (self.ceased and self.ceased <= night)


@dataclass
class Contact:
    id: str
    received: datetime
    channel: str
    locality_text: str
    staff: str
    complex: str
    acknowledged: date | None
    responded: date | None

    def row_at(self, night: date) -> list[str] | None:
        if self.received.date() > night:
            return None
        events = [self.received]
        acknowledged = responded = ""
        if self.acknowledged and self.acknowledged <= night:
            acknowledged = fmt_date(self.acknowledged)
            events.append(datetime.combine(self.acknowledged, datetime.min.time()) + timedelta(hours=12))
        if self.responded and self.responded <= night:
            responded = fmt_date(self.responded)
            events.append(datetime.combine(self.responded, datetime.min.time()) + timedelta(hours=15, minutes=30))
        return [self.id, fmt_ts(self.received), self.channel, self.locality_text, self.staff, self.complex,
                acknowledged, responded, _events_text(events)]


def _add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class CouncilWorld:
    requests: list[Request] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)


class CouncilWorldBuilder:
    def __init__(self, seed: int, last_night: date):
        self.rng = random.Random(seed)
        self.last_night = last_night
        self.world = CouncilWorld()
        self._person = 400000

    # --- small realistic pieces ------------------------------------------------------------
    def locality(self) -> str:
        return self.rng.choices(list(LOCALITY_WEIGHTS), list(LOCALITY_WEIGHTS.values()))[0]

    def locality_text(self, locality: str) -> str:
        roll = self.rng.random()
        if roll < 0.02:
            return ""  # not recorded
        if roll < 0.035:
            return locality.upper()
        if roll < 0.05:
            return f" {locality} "
        if roll < 0.055:
            return locality.lower()
        return locality

    def yes_no(self, yes_share: float) -> str:
        answer = "Yes" if self.rng.random() < yes_share else "No"
        return answer.lower() if self.rng.random() < 0.02 else answer

    def person_id(self) -> str:
        self._person += self.rng.randint(1, 7)
        return f"P{self._person}"

    def working_day(self, first: date, last: date) -> date:
        while True:
            d = first + timedelta(days=self.rng.randint(0, (last - first).days))
            if d.weekday() < 5:
                return d

    def child(self, locality: str, born_after: date, born_before: date) -> tuple[str, date, str, str, str]:
        rng = self.rng
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        dob = born_after + timedelta(days=rng.randint(0, (born_before - born_after).days))
        postcode = fake_postcode(rng, POSTCODE_AREAS[locality])
        nhs_number = fake_nhs_number(rng)
        upn = rng.choice("ABCDEFGHJKLMNPQRTUVWXYZ") + "".join(str(rng.randint(0, 9)) for _ in range(12))
        return name, dob, postcode, nhs_number, upn

    # --- the world ---------------------------------------------------------------------------
    def build(self) -> CouncilWorld:
        self._requests()
        self._plans()
        self._contacts()
        return self.world

    def _requests(self) -> None:
        rng = self.rng
        days = (self.last_night - HISTORY_START).days + 1
        count = round(REQUESTS_PER_YEAR * days / 365)
        received_dates = sorted(self.working_day(HISTORY_START, self.last_night) for _ in range(count))
        for n, received in enumerate(received_dates):
            locality = self.locality()
            name, dob, postcode, nhs, upn = self.child(locality, received - timedelta(days=365 * 19), received - timedelta(days=365 * 2))
            roll = rng.random()
            decision = "Assess" if roll < 0.76 else "Not assess" if roll < 0.95 else "Withdrawn"
            decision_date = add_working_days(received, max(5, round(rng.gauss(27, 5)))) if rng.random() < 0.97 else None
            request = Request(
                id=f"RQ{10000 + n}", person_id=self.person_id(), child_name=name, child_dob=dob, postcode=postcode,
                nhs_number=nhs, upn=upn, locality_text=self.locality_text(locality), received=received,
                source=rng.choices(list(REQUEST_SOURCES), list(REQUEST_SOURCES.values()))[0], decision=decision,
                decision_date=decision_date, mediation=self.yes_no(0.05), tribunal=self.yes_no(0.03),
                primary_need=rng.choices(MAIN_NEEDS, MAIN_NEED_WEIGHTS)[0], provision_lead=rng.choice(PROVISION_LEADS),
                created_at=datetime.combine(received, datetime.min.time()) + timedelta(hours=rng.randint(8, 17), minutes=rng.randint(0, 59)),
            )
            if request.decision_date is not None:
                if rng.random() < 0.08:
                    request.exception = "Yes"
                    request.exception_reason = rng.choice(EXCEPTION_REASONS)
                elif rng.random() < 0.01:
                    request.exception = "yes"
                if decision == "Assess":
                    weeks = rng.gauss(19.5 if request.exception == "No" else 26, 4)
                    request.outcome_date = received + timedelta(days=max(70, round(weeks * 7)))
                    roll = rng.random()
                    request.outcome = "Plan issued" if roll < 0.86 else "Notice not to issue" if roll < 0.98 else "Withdrawn"
                    if request.outcome == "Plan issued":
                        request.draft_date = request.outcome_date - timedelta(days=rng.randint(15, 35))
                        request.decision_missing = rng.random() < 0.006
                    if rng.random() < 0.004:  # the year typed wrong: the outcome lands before the request
                        request.outcome_text = fmt_date(request.outcome_date.replace(year=request.outcome_date.year - 1))
                    elif rng.random() < 0.002:
                        request.outcome_text = f"31/02/{request.outcome_date.year}"
                elif decision == "Withdrawn":
                    request.outcome, request.outcome_date = "Withdrawn", request.decision_date
            self.world.requests.append(request)

    def _plans(self) -> None:
        """The plans in force on the last night (those issued from the requests above, and older
        ones from before the system), and plans ceased in the export window."""
        rng = self.rng
        from_requests = [r for r in self.world.requests
                         if r.outcome == "Plan issued" and r.outcome_date and r.outcome_date <= self.last_night]
        older = PLANS_IN_FORCE - len(from_requests)
        plans: list[tuple[date, str, str, str]] = [(r.outcome_date, r.person_id, r.id, r.locality_text) for r in from_requests]
        for _ in range(older + older // 6):  # some of the older plans cease within the window
            locality = self.locality()
            start = HISTORY_START - timedelta(days=rng.randint(1, 365 * 14))
            plans.append((start, self.person_id(), "", self.locality_text(locality)))
        plans.sort()
        for n, (start, person_id, request_id, locality_text) in enumerate(plans):
            reviews: list[tuple[date, date | None]] = []
            due = _add_months(start, 12)
            while due <= self.last_night + timedelta(days=60):
                slip = rng.random()
                held = due - timedelta(days=rng.randint(0, 40)) if slip < 0.82 else due + timedelta(days=rng.randint(1, 120))
                if held > self.last_night + timedelta(days=60):
                    break
                sent = held + timedelta(days=rng.randint(5, 27) if rng.random() < 0.8 else rng.randint(29, 70))
                reviews.append((held, sent))
                due = _add_months(held, 12)
            if reviews and rng.random() < 0.05:  # the last review never happened: overdue now
                reviews.pop()
            ceased, reason = None, ""
            if not request_id and n % 7 == 0:
                ceased = self.working_day(HISTORY_START, self.last_night)
                reason = rng.choices(list(CEASE_REASONS), list(CEASE_REASONS.values()))[0]
                reviews = [r for r in reviews if r[0] < ceased]
            plan = Plan(id=f"EP{20000 + n}", person_id=person_id, request_id=request_id, locality_text=locality_text,
                        start=start, reviews=reviews, ceased=ceased, cease_reason=reason,
                        provision_lead=rng.choice(PROVISION_LEADS))
            self.world.plans.append(plan)

    def _contacts(self) -> None:
        rng = self.rng
        day, n = HISTORY_START, 0
        names, weights = [c[0] for c in CHANNELS], [c[1] for c in CHANNELS]
        while day <= self.last_night:
            if day.weekday() < 5:
                for _ in range(max(0, round(rng.gauss(CONTACTS_PER_WORKING_DAY, 4)))):
                    channel = rng.choices(names, weights)[0]
                    _, _, on_time, standard = next(c for c in CHANNELS if c[0] == channel)
                    central = channel in {"Formal complaint", "FOI request", "Subject access request"}
                    locality = self.locality()
                    received = datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.randint(8, 18), minutes=rng.randint(0, 59))
                    complex_letter = channel == "Letter" and rng.random() < 0.3
                    if rng.random() < 0.03:
                        responded = None  # never answered
                    elif rng.random() < on_time:
                        responded = add_working_days(day, rng.randint(0 if channel in {"Phone", "Email"} else 2, standard))
                    else:
                        responded = add_working_days(day, standard + rng.randint(1, 12))
                    acknowledged = None
                    if complex_letter:
                        acknowledged = add_working_days(day, rng.randint(2, 9))
                        responded = add_working_days(day, rng.randint(12, 30)) if responded else None
                    self.world.contacts.append(Contact(
                        id=f"CT{300000 + n}", received=received, channel=channel,
                        locality_text="" if central else self.locality_text(locality),
                        staff=rng.choice(CENTRAL_STAFF) if central else rng.choice(PROVISION_LEADS),
                        complex=("Yes" if complex_letter else "No"), acknowledged=acknowledged, responded=responded))
                    n += 1
            day += timedelta(days=1)


def snapshot(world: CouncilWorld, night: date) -> dict[str, list[list[str]]]:
    """What the council's system exports on `night`: requests and contacts changed in this or the
    previous financial year, and every plan in force or changed in that window."""
    window_start = date(fy_start(night).year - 1, 4, 1)

    def changed_in_window(row: list[str]) -> bool:
        return datetime.strptime(row[-1], contracts.TIMESTAMP_FORMAT).date() >= window_start

    requests = [row for r in world.requests if (row := r.row_at(night)) is not None and changed_in_window(row)]
    plans = [row for p in world.plans
             if (row := p.row_at(night)) is not None and (p.in_force_at(night) or changed_in_window(row))]
    contacts = [row for c in world.contacts if (row := c.row_at(night)) is not None and changed_in_window(row)]
    return {"ehc_requests.csv": requests, "ehc_plans.csv": plans, "contacts.csv": contacts}


def write_drops(landing: Path, seed: int = DEFAULT_SEED, first_night: date = DEFAULT_FIRST_NIGHT,
                last_night: date = DEFAULT_LAST_NIGHT) -> list[Path]:
    """Write one folder per night from first_night to last_night; returns the folders written."""
    world = CouncilWorldBuilder(seed, last_night).build()

    def files_of(night: date) -> dict[str, bytes]:
        rows = snapshot(world, night)
        return {spec.name: render_csv(spec.columns, rows[spec.name], bom=True) for spec in contracts.COUNCIL_SEND_FILES}

    return write_nights(landing, first_night, last_night, files_of)
