"""The managers' data-quality report: built from the warehouse, saved as HTML, sent by email.

It names record IDs and the staff code that recorded them, never personal data: every value in it
comes from the `quality` schema (IDs, dates, codes, staff codes) or from counts.
"""
from __future__ import annotations

import base64
import html
import io
import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

from sendpipe.contracts import CASE_SYSTEM, COUNCIL_SEND, Source
from sendpipe.warehouse import Warehouse

log = logging.getLogger(__name__)

CHART_CID = "dq-trend"
ROWS_PER_OFFICER = 50


@dataclass(frozen=True)
class QualityReport:
    export_date: date
    subject: str
    html: str  # the chart is referenced as cid:dq-trend
    text: str
    chart_png: bytes

    def standalone_html(self) -> str:
        """The same report with the chart embedded, for the saved file."""
        data = base64.b64encode(self.chart_png).decode("ascii")
        return self.html.replace(f"cid:{CHART_CID}", f"data:image/png;base64,{data}")


@dataclass(frozen=True)
class ReportSpec:
    """Where one source's report reads from (its raw schema, issues and check registry), and what it is called."""
    source: Source
    title: str
    issues: str
    checks: str
    file_prefix: str


REPORT_SPECS = {
    CASE_SYSTEM.name: ReportSpec(CASE_SYSTEM, "SENDIASS", "dq_issues", "dq_checks", "quality_report"),
    COUNCIL_SEND.name: ReportSpec(COUNCIL_SEND, "Council SEND", "dq_council_issues", "council_send_dq_checks",
                                  "quality_report_council_send"),
}


def _open_counts_at(session, spec: ReportSpec, as_at: date | None) -> dict[str, int]:
    if as_at is None:
        return {}
    return dict(session.rows(f"""
        select check_name, count(*) from quality.{spec.issues}
        where first_seen_on <= ? and (fixed_on is null or fixed_on > ?)
        group by check_name""", (as_at, as_at)))


def _headline(session, spec: ReportSpec, export_date: date) -> tuple[list[tuple], list[str], list[tuple], dict, dict]:
    """A source's open findings by check as at `export_date`, last night and a month ago, new and
    fixed tonight: (checks, headers, rows, open now, new tonight)."""
    raw = spec.source.raw_schema
    loads = session.table_exists(raw, "_loads")
    previous = session.rows(f"select max(drop_date) from {raw}._loads where drop_date < ?", (export_date,))[0][0] \
        if loads else None
    month_ago = session.rows(f"select max(drop_date) from {raw}._loads where drop_date <= ?",
                             (export_date - timedelta(days=30),))[0][0] if loads else None
    checks = session.rows(f"select code, check_name, severity, description from reference.{spec.checks} order by code")
    now, last_night, last_month = (_open_counts_at(session, spec, d) for d in (export_date, previous, month_ago))
    new_tonight = dict(session.rows(f"select check_name, count(*) from quality.{spec.issues} where first_seen_on = ? "
                                    "group by check_name", (export_date,)))
    fixed_tonight = dict(session.rows(f"select check_name, count(*) from quality.{spec.issues} where fixed_on = ? "
                                      "group by check_name", (export_date,)))
    headers = ["Code", "Check", "Severity", "Open now", f"Last night ({previous or '-'})",
               f"A month ago ({month_ago or '-'})", "New tonight", "Fixed tonight"]
    rows = [(code, name, severity, now.get(name, 0), last_night.get(name, 0) if previous else "-",
             last_month.get(name, 0) if month_ago else "-", new_tonight.get(name, 0), fixed_tonight.get(name, 0))
            for code, name, severity, _ in checks if severity != "blocking"]
    return checks, headers, rows, now, new_tonight


def _chart(title: str, ylabel: str, labels: list[str], series: dict[str, list[float | None]]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3.2), dpi=100)
    for (name, values), marker in zip(series.items(), "os^vDx*+"):
        ax.plot(labels, [v or 0 for v in values], marker=marker, label=name)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.tick_params(axis="x", labelrotation=60, labelsize=7)
    ax.grid(alpha=0.3)
    if any(series):  # an unnamed placeholder series needs no legend
        ax.legend(fontsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _html_table(headers: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th style='text-align:left;border-bottom:1px solid #999;padding:2px 8px'>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td style='padding:2px 8px'>{html.escape('' if v is None else str(v))}</td>" for v in r) + "</tr>"
                   for r in rows)
    return f"<table style='border-collapse:collapse;font-size:13px'><tr>{head}</tr>{body}</table>"


def _text_table(headers: list[str], rows: list[tuple]) -> str:
    cells = [headers] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells)


def _pct_of(flagged: str) -> str:
    """One decimal place of all services' enquiries (the recording-rate rows are per service)."""
    return f"cast(round(100.0 * sum({flagged}) / nullif(sum(enquiries), 0), 1) as decimal(5, 1))"


def build_report(warehouse: Warehouse, export_date: date, source: Source = CASE_SYSTEM) -> QualityReport:
    """Build the source's report as at `export_date` from the warehouse (read-only)."""
    spec = REPORT_SPECS[source.name]
    raw = spec.source.raw_schema
    with warehouse.session() as session:
        rejections = session.rows(f"select file_name, row_number, column_name, problem from {raw}._rejections "
                                  "where drop_date = ? order by file_name", (export_date,)) \
            if session.table_exists(raw, "_rejections") else []
        built = session.table_exists("quality", spec.issues)
        if built:
            checks, headline_headers, headline, now, new_tonight = _headline(session, spec, export_date)
            service = "service" if source.multi_service else "cast(null as varchar)"
            open_issues = session.rows(f"""
                select coalesce(recorded_by, 'Not recorded') as officer, {service} as service, record_type, record_id, code,
                       check_name, field, offending_value, financial_year, first_seen_on
                from quality.{spec.issues} where status = 'open'
                order by officer, first_seen_on desc, service, record_id, code""")
            if source == CASE_SYSTEM:
                months = [(str(m)[:7], float(d) if d is not None else None, float(i) if i is not None else None)
                          for m, d, i in session.rows(f"""
                    select category, {_pct_of('district_unrecorded')}, {_pct_of('incorrect_dates')}
                    from quality.dq_enquiry_recording_rates
                    where dimension = 'month' group by category order by category""")]
                chart = ("Recording quality by month of enquiry", "% of enquiries", [m for m, _, _ in months],
                         {"District not recorded (%)": [d for _, d, _ in months],
                          "Incorrect response dates (%)": [i for _, _, i in months]})
                current_year = session.rows("select max(financial_year) from marts.dim_financial_years")[0][0]
                by_method, by_officer = (session.rows(f"""
                    select category, sum(enquiries) as enquiries, sum(district_unrecorded), {_pct_of('district_unrecorded')}
                    from quality.dq_enquiry_recording_rates where dimension = ? and financial_year = ?
                    group by category order by enquiries desc, category""", (dimension, current_year))
                    for dimension in ("method", "recorded_by"))
            else:
                nights = [d for (d,) in session.rows(f"select distinct drop_date from {raw}._loads where drop_date <= ? "
                                                     "and drop_date > ? order by drop_date",
                                                     (export_date, export_date - timedelta(days=30)))]
                counts = [_open_counts_at(session, spec, night) for night in nights]
                chart = ("Open findings by night", "open findings", [n.isoformat() for n in nights],
                         {name: [c.get(name, 0) for c in counts] for _, name, severity, _ in checks if severity != "blocking"})
                by_method, by_officer, current_year = [], [], None
        else:
            checks, headline, now, new_tonight = [], [], {}, {}
            headline_headers = ["Code", "Check", "Severity", "Open now", "Last night (-)", "A month ago (-)", "New tonight",
                                "Fixed tonight"]
            open_issues, by_method, by_officer, current_year = [], [], [], None
            chart = ("", "", [], {})
        # The other case system's findings, in summary, so one report shows the whole service.
        others = [(other, _headline(session, other, export_date)) for name, other in REPORT_SPECS.items()
                  if name != source.name and session.table_exists("quality", other.issues)]
    officers: dict[str, list[tuple]] = {}
    for officer, *rest in open_issues:
        officers.setdefault(officer, []).append(tuple(rest))
    issue_headers = ["Service", "Record type", "Record ID", "Code", "Check", "Field", "Value", "Year", "First seen"]
    if not source.multi_service:  # one case system: no service column
        issue_headers = issue_headers[1:]
        officers = {officer: [row[1:] for row in rows] for officer, rows in officers.items()}
    total_open = sum(now.values())
    subject = (f"{spec.title} data quality report, export {export_date.isoformat()}: "
               + (f"DROP REJECTED, " if rejections else "") + f"{total_open} open findings, {sum(new_tonight.values())} new")
    title, ylabel, labels, series = chart
    if not labels:  # nothing to plot yet: one empty point keeps the email's layout
        labels, series = [export_date.isoformat()[:7]], {name: [None] for name in series} or {"": [None]}
    chart_png = _chart(title, ylabel, labels, series)

    parts_html = [f"<h2>{html.escape(subject)}</h2>",
                  "<p>Findings name record IDs and the staff code of the officer who recorded them, so they can be "
                  "fixed at source in the case system. Fixed records close their findings in the next night's drop.</p>"]
    parts_text = [subject, "=" * len(subject), ""]
    if rejections:
        rows = [(f, r, c, p) for f, r, c, p in rejections]
        parts_html += ["<h3>Tonight's drop was rejected: nothing from it was loaded or published</h3>",
                       _html_table(["File", "Row", "Column", "Problem"], rows)]
        parts_text += ["TONIGHT'S DROP WAS REJECTED: nothing from it was loaded or published", _text_table(["File", "Row", "Column", "Problem"], rows), ""]
    parts_html += ["<h3>Open findings by check</h3>", _html_table(headline_headers, headline),
                   f"<h3>Trend</h3><img src='cid:{CHART_CID}' alt='Recording quality by month' width='800'>"]
    parts_text += ["Open findings by check", _text_table(headline_headers, headline), "",
                   "Trend: see the chart in the HTML version.", ""]
    if current_year:
        rate_headers = ["", "Enquiries", "District not recorded", "%"]
        parts_html += [f"<h3>District not recorded, {current_year}, by method of access</h3>", _html_table(rate_headers, by_method),
                       f"<h3>District not recorded, {current_year}, by recording officer</h3>", _html_table(rate_headers, by_officer)]
        parts_text += [f"District not recorded, {current_year}, by method of access", _text_table(rate_headers, by_method), "",
                       f"District not recorded, {current_year}, by recording officer", _text_table(rate_headers, by_officer), ""]
    for officer, issues in officers.items():
        shown = issues[:ROWS_PER_OFFICER]
        more = len(issues) - len(shown)
        title = f"Open findings recorded by {officer}: {len(issues)}" + (f" (newest {len(shown)} shown)" if more else "")
        parts_html += [f"<h3>{html.escape(title)}</h3>", _html_table(issue_headers, shown)]
        parts_text += [title, _text_table(issue_headers, shown), ""]
    for other, (other_checks, other_headers, other_rows, _, _) in others:
        title = f"{other.title} case system: open findings by check (record lists in its own report)"
        parts_html += [f"<h3>{html.escape(title)}</h3>", _html_table(other_headers, other_rows)]
        parts_text += [title, _text_table(other_headers, other_rows), ""]
        checks = checks + other_checks
    parts_html.append("<p style='color:#666;font-size:11px'>Check definitions: "
                      + "; ".join(f"{html.escape(code)} {html.escape(name)}: {html.escape(desc)}" for code, name, _, desc in checks) + "</p>")
    document = "<html><body style='font-family:Arial,sans-serif'>" + "\n".join(parts_html) + "</body></html>"
    return QualityReport(export_date, subject, document, "\n".join(parts_text) + "\n", chart_png)


def save_report(report: QualityReport, quality_dir: Path, source: Source = CASE_SYSTEM) -> Path:
    """Write the report as quality_dir/reports/<prefix>_<date>.html (the chart embedded)."""
    folder = quality_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{REPORT_SPECS[source.name].file_prefix}_{report.export_date.isoformat()}.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(report.standalone_html(), encoding="utf-8")
    tmp.replace(path)
    return path


def email_message(report: QualityReport, recipients: list[str], sender: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = report.subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message.set_content(report.text)
    message.add_alternative(report.html, subtype="html")
    message.get_payload()[1].add_related(report.chart_png, maintype="image", subtype="png", cid=f"<{CHART_CID}>",
                                         filename="dq-trend.png")
    return message


def send_report(report: QualityReport, recipients: list[str], conn_id: str = "smtp_default", sender: str | None = None) -> None:
    """Send through Airflow's SMTP connection `conn_id`, retrying with backoff; raise when all tries fail."""
    from airflow.providers.smtp.hooks.smtp import SmtpHook

    class _MessageSmtpHook(SmtpHook):
        """Airflow's SMTP hook (connection, TLS, login, retries) sending a prepared MIME message."""

        def send_message(self, message: EmailMessage) -> None:
            for attempt in range(self.smtp_retry_limit + 1):
                try:
                    self._smtp_client.send_message(message)
                    return
                except Exception as err:  # noqa: BLE001 - every SMTP failure is retried, then raised
                    log.warning("sending the quality report failed (attempt %d): %s", attempt + 1, err)
                    if attempt == self.smtp_retry_limit:
                        raise
                    time.sleep(min(2 ** attempt, 30))

    if not recipients:
        raise ValueError("no recipients: set SENDPIPE_REPORT_RECIPIENTS")
    with _MessageSmtpHook(smtp_conn_id=conn_id) as hook:
        message = email_message(report, recipients, sender or hook.from_email or "sendpipe@localhost")
        hook.send_message(message)
    log.info("quality report for %s sent to %d recipient(s)", report.export_date, len(recipients))
