"""Load nightly drops into the warehouse's raw schema of their source, exactly as delivered.

One loader for every source (`sendpipe.contracts.Source`): the SENDIASS case system lands in `raw`,
the council's SEND case system in `raw_council`, each with its own load log, rejections, bank
holidays and pseudonyms.

Each file is checked against the contract before anything is written: UTF-8 (BOM allowed), the
exact header, RFC 4180 quoting, the same number of fields on every row, and a final line break.
A violation raises `ContractViolation` naming drop, file, row and column, and nothing of that drop
is loaded. DuckDB's strict CSV reader parses the rows (fast: a night's files of one kind in one
call); a file it refuses, or whose bytes it could read differently from Python's `csv` (blank lines,
NUL bytes, an odd number of quotes), is parsed by Python's `csv` module instead, which accepts
exactly the contract and names the row and column of a violation. Values are loaded as text;
whether a date or a code is valid is the models' business.
The drop's files are only read, never moved or changed.

A drop already loaded is recognised without parsing it: each file's sha256 is compared with the
one recorded in `_loads`, and a file whose stat fingerprint is unchanged since it was read is not
even read again (`file_stat`). A re-delivered file has another fingerprint, so it is hashed, and
loaded again if its bytes differ.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import logging
import os
import time
from dataclasses import dataclass
from itertools import accumulate
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sendpipe.contracts import CASE_SYSTEM, ExportFile, Source
from sendpipe.drops import Drop, Landing, find_landings, list_drops
from sendpipe.warehouse import duckdb_connect
from sendpipe.working_days import bank_holidays

log = logging.getLogger(__name__)

# Where each raw row came from: the columns before the export's own, as (name, type).
METADATA_COLUMNS = (("_service", "varchar"), ("_drop_date", "date"), ("_file_name", "varchar"), ("_file_sha256", "varchar"),
                    ("_row_number", "integer"))
# Free text can be long (notes pasted into a field); Python's csv default of 128 KiB is too small.
# A field beyond this is rejected as malformed, naming its row.
MAX_FIELD_BYTES = 16 * 1024 * 1024
csv.field_size_limit(MAX_FIELD_BYTES)
# A loaded file whose stat fingerprint (size, inode, modification and change times) is the one
# recorded when it was read is not read again: at national scale the kept drops are gigabytes, and
# hashing them all each night cost more than loading the new one. As in git's index, a fingerprint
# is recorded only when the file's last change was this long before it was read; a file written
# within the same clock tick as it was read could change again without its times changing.
STAT_SETTLED_NS = 2_000_000_000



class ContractViolation(ValueError):
    """A drop does not match the export contract; the drop is rejected whole."""

    def __init__(self, drop: Drop, file: str, problem: str, row: int | None = None, column: str | None = None):
        self.drop, self.file, self.row, self.column, self.problem = drop, file, row, column, problem
        where = f"{drop.name}/{file}"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"drop {drop.export_date} rejected: {where}: {problem}")


@dataclass(frozen=True)
class ParsedFile:
    spec: ExportFile
    sha256: str
    table: pa.Table  # the data rows in file order, one text column per raw column, '' for empty
    stat: str | None = None  # the file's fingerprint when read (`file_stat`), None if it had only just changed


@dataclass(frozen=True)
class LoadResult:
    loaded: tuple[date, ...]   # nights with a drop new or changed since it was last loaded
    skipped: tuple[date, ...]  # nights whose every drop was loaded already, byte for byte


@dataclass(frozen=True)
class LoadedFile:
    """What raw._loads recorded of one file of a loaded drop."""
    sha256: str
    stat: str | None


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def file_stat(path: Path) -> str | None:
    """The file's stat fingerprint, or None while a change to it could still go unseen (see STAT_SETTLED_NS)."""
    st = os.stat(path)
    if max(st.st_mtime_ns, st.st_ctime_ns) > time.time_ns() - STAT_SETTLED_NS:
        return None
    return f"{st.st_size}:{st.st_ino}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _current_sha256(path: Path, loaded: LoadedFile) -> str:
    """The file's sha256: the recorded one if its fingerprint is unchanged, else read and hashed."""
    if loaded.stat is not None and file_stat(path) == loaded.stat:
        return loaded.sha256
    return _sha256(path)


@dataclass(frozen=True)
class _CheckedFile:
    """One file read, hashed and checked as far as can be before its rows are parsed."""
    sha256: str
    stat: str | None
    text: str | None  # the decoded file where Python's csv must parse it; None where DuckDB's strict reader may


def parse_export_files(drops: list[Drop], spec: ExportFile, con: duckdb.DuckDBPyConnection) -> list[ParsedFile]:
    """Read and check `spec`'s file of each drop, in the drops' order; data rows are numbered from 1
    (the header is row 0). `con`: an in-memory DuckDB connection to parse with.

    Each file is checked on its own first (encoding, header, final line break). The files DuckDB's
    strict reader may decide are then parsed together in one `read_csv` call: a call per file cost
    more than the reading at national scale (9,000 files). If DuckDB refuses any of them, each is
    parsed on its own, and a file it refuses by Python's `csv`, which names the row and column."""
    checked = [_read_and_check(drop, spec) for drop in drops]
    by_duckdb = [i for i, c in enumerate(checked) if c.text is None]
    tables = dict(zip(by_duckdb, _parse_with_duckdb([drops[i].file(spec.name) for i in by_duckdb], spec, con)))
    parsed = []
    for i, (drop, c) in enumerate(zip(drops, checked)):
        table = tables.get(i)
        if table is None:
            # Read again where DuckDB refused the file: only a bad or unusual file costs a second read.
            text = c.text if c.text is not None else _decoded(drop, spec, drop.file(spec.name).read_bytes())
            table = _parse_with_python(drop, spec, text)
        parsed.append(ParsedFile(spec, c.sha256, table, c.stat))
    return parsed


def _read_and_check(drop: Drop, spec: ExportFile) -> _CheckedFile:
    path = drop.file(spec.name)
    stat = file_stat(path)  # before reading: a change after this point shows as another fingerprint next time
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    text = _decoded(drop, spec, data)
    if not text.strip():
        raise ContractViolation(drop, spec.name, "file is empty: no header row")
    if not text.endswith(("\r\n", "\n")):
        raise ContractViolation(drop, spec.name, "file does not end with a line break: the last row may be truncated",
                                row=text.count("\n"))
    first_line = text[:text.find("\n") + 1]
    # Python's csv decides a quoted header (rare; checked by its full parse), and bytes DuckDB could
    # read differently: an odd number of quotes, NUL bytes, blank lines.
    if '"' in first_line or data.count(b'"') % 2 or _blank_line_or_nul(data):
        return _CheckedFile(sha256, stat, text)
    _check_header(drop, spec, next(csv.reader(io.StringIO(first_line, newline=""))))
    return _CheckedFile(sha256, stat, None)


def _blank_line_or_nul(data: bytes) -> bool:
    """Whether the bytes hold a NUL, a blank line (LF LF, LF CR LF) or CR CR. One vectorised pass:
    `b"\\n\\n" in data` and the like took three times as long (2.1 GB at national scale)."""
    octets = np.frombuffer(data, np.uint8)
    lf, cr = octets == 0x0A, octets == 0x0D
    return bool((octets == 0).any() or (lf[1:] & lf[:-1]).any() or (cr[1:] & cr[:-1]).any()
                or (lf[2:] & cr[1:-1] & lf[:-2]).any())


def _decoded(drop: Drop, spec: ExportFile, data: bytes) -> str:
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _encoding_violation(drop, spec, body, err, offset=len(data) - len(body)) from None


def _parse_with_duckdb(paths: list[Path], spec: ExportFile, con: duckdb.DuckDBPyConnection) -> list[pa.Table | None]:
    """Each file's rows as DuckDB's strict reader reads them, or None for a file it refuses. The
    files are read in one call; only if that fails is each read alone, to find the one refused."""
    if len(paths) > 1:
        try:
            return _split_by_file(_read_csv(paths, spec, con), len(paths))
        except duckdb.Error:
            pass
    tables: list[pa.Table | None] = []
    for path in paths:
        try:
            tables.append(_read_csv([path], spec, con).drop_columns(["file_index"]))
        except duckdb.Error:
            tables.append(None)
    return tables


def _read_csv(paths: list[Path], spec: ExportFile, con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The files' rows, file after file, each in file order (DuckDB preserves insertion order), with
    `file_index`, the position of its file in `paths`."""
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in spec.raw_columns) + "}"
    files = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"
    table = con.sql(
        f"select file_index, * from read_csv({files}, header = true, auto_detect = false, columns = {columns}, delim = ',', "
        "quote = '\"', escape = '\"', strict_mode = true, null_padding = false, nullstr = '\x01', parallel = false)"
    ).to_arrow_table()
    return table.cast(pa.schema([("file_index", table.schema.field("file_index").type),
                                 *((c, pa.string()) for c in spec.raw_columns)]))


def _split_by_file(table: pa.Table, files: int) -> list[pa.Table]:
    """Cut a multi-file read into one table per file, checking that each file's rows came together."""
    file_index = table.column("file_index")
    if table.num_rows > 1 and not pc.all(pc.greater_equal(file_index[1:], file_index[:-1])).as_py():
        raise RuntimeError("DuckDB returned the rows of several CSV files interleaved: row numbers would be wrong")
    counts = [0] * files
    for entry in pc.value_counts(file_index).to_pylist():
        counts[entry["values"]] = entry["counts"]
    rows = table.drop_columns(["file_index"])
    return [rows.slice(start, count) for start, count in zip(accumulate(counts, initial=0), counts)]


def _parse_with_python(drop: Drop, spec: ExportFile, text: str) -> pa.Table:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        header = next(reader)
        _check_header(drop, spec, header)
        for number, row in enumerate(reader, start=1):
            if len(row) != len(spec.columns):
                column = spec.columns[min(len(row), len(spec.columns) - 1)]
                raise ContractViolation(
                    drop, spec.name, f"{len(row)} fields where the header has {len(spec.columns)} (line {reader.line_num})",
                    row=number, column=column)
            rows.append(row)
    except csv.Error as err:
        raise ContractViolation(drop, spec.name, f"malformed CSV ({err}), for example an unclosed quote "
                                f"(line {reader.line_num})", row=len(rows) + 1) from None
    return pa.table({name: pa.array([r[i] for r in rows], pa.string()) for i, name in enumerate(spec.raw_columns)})


def _check_header(drop: Drop, spec: ExportFile, header: list[str]) -> None:
    expected = list(spec.columns)
    if header == expected:
        return
    if len(header) == 1 and len(expected) > 1:
        raise ContractViolation(drop, spec.name, f"header has 1 column where the contract has {len(expected)}: "
                                "is the file comma-separated?", row=0, column=header[0][:60])
    unknown = [c for c in header if c not in expected]
    missing = [c for c in expected if c not in header]
    if unknown:
        raise ContractViolation(drop, spec.name, f"column '{unknown[0]}' is not in the contract"
                                + (f" (missing: {', '.join(missing)})" if missing else ""), row=0, column=unknown[0])
    if missing:
        raise ContractViolation(drop, spec.name, f"column '{missing[0]}' is missing", row=0, column=missing[0])
    duplicated = [c for c in expected if header.count(c) > 1]
    if duplicated:
        raise ContractViolation(drop, spec.name, f"column '{duplicated[0]}' appears twice", row=0, column=duplicated[0])
    position = next(i for i, (a, b) in enumerate(zip(header, expected)) if a != b)
    raise ContractViolation(drop, spec.name, f"columns out of order: position {position + 1} is '{header[position]}', "
                            f"the contract has '{expected[position]}'", row=0, column=header[position])


def _encoding_violation(drop: Drop, spec: ExportFile, body: bytes, err: UnicodeDecodeError, offset: int) -> ContractViolation:
    before = body[:err.start].decode("utf-8", errors="replace")
    records = list(csv.reader(io.StringIO(before, newline="")))
    row = max(len(records) - 1, 0)
    column_index = len(records[-1]) - 1 if records else 0
    column = spec.columns[min(max(column_index, 0), len(spec.columns) - 1)]
    return ContractViolation(drop, spec.name, f"not UTF-8: byte 0x{body[err.start]:02x} at offset {err.start + offset}",
                             row=row, column=column)


def connect(warehouse, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        warehouse.parent.mkdir(parents=True, exist_ok=True)
    return duckdb_connect(warehouse, read_only=read_only)


class WarehouseOutOfDate(RuntimeError):
    """The warehouse's raw tables were made by an earlier sendpipe, with other columns."""


def ensure_raw_schema(con: duckdb.DuckDBPyConnection, source: Source = CASE_SYSTEM) -> None:
    """Create the raw tables, or check that the ones there have the columns this loader writes."""
    raw = source.raw_schema
    tables: dict[str, list[tuple[str, str]]] = {
        spec.table: [*METADATA_COLUMNS, *((c, "varchar") for c in spec.raw_columns)]
        for spec in source.files
    }
    tables.update({
        "_loads": [("service", "varchar"), ("drop_date", "date"), ("file_name", "varchar"), ("file_sha256", "varchar"),
                   ("row_count", "integer"), ("loaded_at", "timestamp"), ("file_stat", "varchar")],
        "bank_holidays": [("holiday_date", "date"), ("holiday_name", "varchar")],
        "pseudonyms": [("identifier_type", "varchar"), ("identifier_value", "varchar"), ("pseudonym", "varchar")],
        "_pseudonym_key": [("fingerprint", "varchar")],
        "_rejections": [("service", "varchar"), ("drop_date", "date"), ("file_name", "varchar"), ("row_number", "integer"),
                        ("column_name", "varchar"), ("problem", "varchar"), ("rejected_at", "timestamp")],
    })
    con.execute(f"create schema if not exists {raw}")
    for table, columns in tables.items():
        ddl = ", ".join(f'"{c}" {t}' for c, t in columns)
        con.execute(f"create table if not exists {raw}.{table} ({ddl})")
        expected = [c for c, _ in columns]
        found = [name for (name,) in con.execute("select column_name from information_schema.columns where table_schema = ? "
                                                 "and table_name = ? order by ordinal_position", [raw, table]).fetchall()]
        if table.startswith("_") and found == expected[:len(found)]:
            # A bookkeeping table from an earlier sendpipe lacks columns added since (e.g. _loads.file_stat):
            # they are added, empty, in place (an empty file_stat means the file is read again once).
            for name, type_ in columns[len(found):]:
                con.execute(f'alter table {raw}.{table} add column "{name}" {type_}')
            found = expected
        if found != expected:
            missing = [c for c in expected if c not in found]
            raise WarehouseOutOfDate(
                f"{raw}.{table} was made by an earlier sendpipe"
                + (f" (it has no {', '.join(missing)})" if missing else f" (its columns are {', '.join(found)})")
                + ": move the warehouse file aside and run again; every drop is loaded again from the landing folders")


def loaded_files(con: duckdb.DuckDBPyConnection, source: Source = CASE_SYSTEM) -> dict[tuple[str, date], dict[str, LoadedFile]]:
    """{(service, drop date): {file name: LoadedFile}} of every loaded drop."""
    result: dict[tuple[str, date], dict[str, LoadedFile]] = {}
    for service, drop_date, file_name, sha, stat in con.execute(
            f"select service, drop_date, file_name, file_sha256, file_stat from {source.raw_schema}._loads").fetchall():
        result.setdefault((service, drop_date), {})[file_name] = LoadedFile(sha, stat)
    return result


def load_drops(landings, warehouse, up_to: date, pseudonym_key: str, settle_seconds: float = 0,
               source: Source = CASE_SYSTEM) -> LoadResult:
    """Load every complete drop of `source` up to `up_to` in each landing (see
    `sendpipe.drops.find_landings`), oldest first, not already loaded as it is now.

    A drop already loaded with the same bytes is skipped, so loading twice changes nothing; a drop
    re-delivered with different bytes replaces its earlier rows. One transaction per night: every
    service's drop of a night is loaded, or, if one breaks the contract, none of that night's.
    """
    found = find_landings(landings)
    if len(found) > 1 and not source.multi_service:
        raise ValueError(f"the {source.title} has one landing folder; found {len(found)}: "
                         + ", ".join(str(landing.path) for landing in found))
    drops = [d for landing in found for d in list_drops(landing.path, settle_seconds, source) if d.export_date <= up_to]
    for d in drops:
        if not d.complete:
            log.warning("drop %s is incomplete (%s): not loaded", d.name, d.describe_incomplete())
    nights: dict[date, list[Drop]] = {}
    for d in sorted((d for d in drops if d.complete), key=lambda d: (d.export_date, d.service)):
        nights.setdefault(d.export_date, []).append(d)
    loaded, skipped = [], []
    con = connect(warehouse)
    parser = duckdb.connect()  # in memory: parsing never touches the warehouse
    try:
        ensure_raw_schema(con, source)
        rekey_pseudonyms(con, pseudonym_key, source)
        known = loaded_files(con, source)
        for night, night_drops in nights.items():
            written = _load_night(con, parser, night_drops, known, source, pseudonym_key)
            (loaded if written else skipped).append(night)
        write_bank_holidays(con, source)
    finally:
        parser.close()
        con.close()
    return LoadResult(tuple(loaded), tuple(skipped))


def _load_night(con: duckdb.DuckDBPyConnection, parser: duckdb.DuckDBPyConnection, drops: list[Drop],
                known: dict[tuple[str, date], dict[str, LoadedFile]], source: Source, pseudonym_key: str) -> int:
    """Load one night's drops (one per service) and their identifiers' pseudonyms in one
    transaction; returns how many drops were new or changed."""
    con.execute("begin transaction")
    try:
        # Check before parsing: most nights of a long history were loaded already, byte for byte.
        new = [drop for drop in drops if not _loaded_as_it_is(drop, known.get((drop.service, drop.export_date)), source)]
        files = {spec.name: parse_export_files(new, spec, parser) for spec in source.files}
        changed = [(drop, [files[spec.name][i] for spec in source.files]) for i, drop in enumerate(new)]
        for drop, parsed in changed:
            log.info("parsed drop %s (%s)", drop.name, ", ".join(f"{p.spec.name}: {p.table.num_rows} rows" for p in parsed))
        if changed:
            _write_drops(con, changed, source, replacing=[d for d, _ in changed if (d.service, d.export_date) in known])
            add_pseudonyms(con, pseudonym_key, source, [d for d, _ in changed])
        con.execute("commit")
    except ContractViolation as violation:
        con.execute("rollback")
        record_rejection(con, violation, source)
        raise
    except BaseException:
        con.execute("rollback")
        raise
    return len(changed)


def _loaded_as_it_is(drop: Drop, loaded: dict[str, LoadedFile] | None, source: Source) -> bool:
    """Whether every file of the drop was loaded already with the bytes it has now."""
    return loaded is not None and set(loaded) == {spec.name for spec in source.files} and all(
        _current_sha256(drop.file(name), file) == file.sha256 for name, file in loaded.items())


def _write_drops(con: duckdb.DuckDBPyConnection, drops: list[tuple[Drop, list[ParsedFile]]], source: Source,
                 replacing: list[Drop]) -> None:
    """Append the drops' rows (inside the caller's transaction), one insert per raw table: a night's
    files written together fill whole row groups, where one insert per file wrote and checkpointed
    thousands of small ones. A re-delivered drop (in `replacing`) first loses its earlier rows (a
    delete scans the raw table, so new drops, the nightly case, skip it)."""
    raw = source.raw_schema
    loaded_at = datetime.now(timezone.utc).replace(tzinfo=None)
    for drop in replacing:
        for spec in source.files:
            con.execute(f"delete from {raw}.{spec.table} where _service = ? and _drop_date = ?", [drop.service, drop.export_date])
        con.execute(f"delete from {raw}._loads where service = ? and drop_date = ?", [drop.service, drop.export_date])
    for index, spec in enumerate(source.files):
        batch = pa.concat_tables(_with_metadata(drop, parsed[index]) for drop, parsed in drops)  # noqa: F841 - read by DuckDB below
        con.execute(f"insert into {raw}.{spec.table} select * from batch")
    con.executemany(f"insert into {raw}._loads values (?, ?, ?, ?, ?, ?, ?)",
                    [[drop.service, drop.export_date, p.spec.name, p.sha256, p.table.num_rows, loaded_at, p.stat]
                     for drop, parsed in drops for p in parsed])


def _with_metadata(drop: Drop, p: ParsedFile) -> pa.Table:
    """The file's rows as the raw table holds them: where they came from, then the columns as delivered."""
    n = p.table.num_rows
    provenance = {  # in METADATA_COLUMNS' order
        "_service": _same_text(drop.service, n),
        "_drop_date": pa.repeat(pa.scalar(drop.export_date, pa.date32()), n),
        "_file_name": _same_text(p.spec.name, n),
        "_file_sha256": _same_text(p.sha256, n),
        "_row_number": pa.array(np.arange(1, n + 1, dtype=np.int32)),  # from a Python range: 2.5 s at national scale
    }
    return pa.table({**{name: provenance[name] for name, _ in METADATA_COLUMNS},
                     **{name: p.table.column(name) for name in p.spec.raw_columns}})


def _same_text(value: str, n: int) -> pa.DictionaryArray:
    """`value` n times, as one dictionary entry and n zeros (DuckDB inserts it as text): repeating
    the text itself copied 2 GB at national scale, most of it the sha256 on every row."""
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)), pa.array([value], pa.string()))


def record_rejection(con: duckdb.DuckDBPyConnection, violation: ContractViolation, source: Source = CASE_SYSTEM) -> None:
    """Keep a rejected drop's reason (for the quality report); the drop itself stays unloaded."""
    raw = source.raw_schema
    con.execute(f"delete from {raw}._rejections where service = ? and drop_date = ? and file_name = ?",
                [violation.drop.service, violation.drop.export_date, violation.file])
    con.execute(f"insert into {raw}._rejections values (?, ?, ?, ?, ?, ?, ?)",
                [violation.drop.service, violation.drop.export_date, violation.file, violation.row, violation.column, str(violation),
                 datetime.now(timezone.utc).replace(tzinfo=None)])


def write_bank_holidays(con: duckdb.DuckDBPyConnection, source: Source = CASE_SYSTEM) -> None:
    holidays_table = pa.table({  # noqa: F841 - read by DuckDB's replacement scan below
        "holiday_date": pa.array(list(bank_holidays()), pa.date32()),
        "holiday_name": pa.array(list(bank_holidays().values()), pa.string()),
    })
    con.execute("begin transaction")
    con.execute(f"delete from {source.raw_schema}.bank_holidays")
    con.execute(f"insert into {source.raw_schema}.bank_holidays select * from holidays_table")
    con.execute("commit")


def pseudonym(key: str, identifier_type: str, value: str) -> str:
    """Keyed pseudonym: HMAC-SHA256 of the type and the normalised value, shortened to 16 hex digits."""
    message = f"{identifier_type}:{value.strip().lower()}".encode("utf-8")
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()[:16]


def rekey_pseudonyms(con: duckdb.DuckDBPyConnection, key: str, source: Source = CASE_SYSTEM) -> None:
    """When the pseudonym key is new or has changed, replace every pseudonym (one transaction);
    otherwise nothing: each night's load adds its new identifiers' pseudonyms (`add_pseudonyms`)."""
    raw = source.raw_schema
    fingerprint = pseudonym(key, "fingerprint", "sendpipe")
    stored = con.execute(f"select fingerprint from {raw}._pseudonym_key").fetchone()
    if stored is not None and stored[0] == fingerprint:
        return
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {raw}.pseudonyms")
        con.execute(f"delete from {raw}._pseudonym_key")
        con.execute(f"insert into {raw}._pseudonym_key values (?)", [fingerprint])
        add_pseudonyms(con, key, source)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def add_pseudonyms(con: duckdb.DuckDBPyConnection, key: str, source: Source, drops: list[Drop] | None = None) -> None:
    """Add pseudonyms for the identifiers in `drops` (every raw row if None) not seen before, inside
    the caller's transaction: a night's rows and their pseudonyms are committed together.

    `pseudonym` defines them. DuckDB computes the same HMAC for the identifiers of printable ASCII
    alone, for which `pseudonym`'s normalisation changes nothing (1.8 million a national full
    refresh: 7.7 s in Python); `pseudonym` itself computes the others (accented letters, control
    characters), whose normalisation Python and DuckDB could do differently."""
    raw = source.raw_schema
    of_drops, drop_keys = "", []
    if drops is not None:
        # The dates alone as well: DuckDB skips the row groups of other nights by their date range,
        # where the (service, date) pairs alone made it read every raw row of the history.
        nights = sorted({d.export_date for d in drops})
        of_drops = ("and _drop_date in (" + ", ".join("?" for _ in nights) + ") "
                    "and (_service, _drop_date) in (" + ", ".join("(?, ?)" for _ in drops) + ")")
        drop_keys = [*nights, *(value for d in drops for value in (d.service, d.export_date))]
    inner_pad, outer_pad = _hmac_pads(key)
    for identifier in source.pseudonymised:
        column = identifier.column
        con.execute(
            f"create or replace temporary table new_identifiers as "
            f"select distinct lower(trim({column})) as identifier_value from {raw}.{identifier.table} "
            f"where nullif(trim({column}), '') is not null {of_drops} "
            f"except select identifier_value from {raw}.pseudonyms where identifier_type = ?",
            [*drop_keys, identifier.identifier_type])
        con.execute(
            f"insert into {raw}.pseudonyms "
            "select $type, identifier_value, left(sha256($outer::blob || unhex(sha256($inner::blob "
            "|| encode($type || ':' || identifier_value)))), 16) "
            f"from new_identifiers where {PRINTABLE_ASCII}",
            {"type": identifier.identifier_type, "outer": outer_pad, "inner": inner_pad})
        values = [v for (v,) in con.execute(f"select identifier_value from new_identifiers where not {PRINTABLE_ASCII}").fetchall()]
        new = pa.table({  # noqa: F841 - read by DuckDB's replacement scan below
            "identifier_type": pa.array([identifier.identifier_type] * len(values), pa.string()),
            "identifier_value": pa.array(values, pa.string()),
            "pseudonym": pa.array([pseudonym(key, identifier.identifier_type, v) for v in values], pa.string()),
        })
        con.execute(f"insert into {raw}.pseudonyms select * from new")
    con.execute("drop table if exists new_identifiers")


# Identifiers DuckDB may key (add_pseudonyms): printable ASCII, which str.strip and str.lower leave
# as DuckDB's trim and lower made it.
PRINTABLE_ASCII = "regexp_full_match(identifier_value, '[ -~]+')"


def _hmac_pads(key: str) -> tuple[bytes, bytes]:
    """HMAC's inner and outer padded keys for SHA-256 (RFC 2104), as hmac.new(key, ..., sha256) uses them."""
    block = key.encode("utf-8")
    if len(block) > hashlib.sha256().block_size:
        block = hashlib.sha256(block).digest()
    block = block.ljust(hashlib.sha256().block_size, b"\0")
    return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)
