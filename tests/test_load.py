"""The loader accepts exactly the export contract and rejects anything else, losing nothing."""
from __future__ import annotations

import hashlib
import os
from datetime import date

import pytest

from sendpipe.contracts import FILES_BY_NAME
from sendpipe.demo.generator import render_csv
from sendpipe import load
from sendpipe.load import ContractViolation, WarehouseOutOfDate, connect, load_drops
from tests.factory import row, write_drop

NIGHT = date(2023, 6, 1)


def file_hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def raw_count(warehouse, table="initial_enquiries"):
    if not warehouse.exists():
        return 0
    with connect(warehouse, read_only=True) as con:
        exists = con.execute("select count(*) from information_schema.tables where table_schema = 'raw' and table_name = ?",
                             [table]).fetchone()[0]
        return con.execute(f"select count(*) from raw.{table}").fetchone()[0] if exists else 0


def enquiries_file(header, rows, bom=True):
    return render_csv(tuple(header), rows, bom=bom)


def test_a_renamed_column_rejects_the_whole_drop_naming_file_and_column(tmp_path):
    columns = list(FILES_BY_NAME["initial_enquiries.csv"].columns)
    renamed = [("Districts" if c == "District" else c) for c in columns]
    folder = write_drop(tmp_path / "landing", NIGHT,
                        rows={"cases.csv": [row("cases.csv", **{"Case ID": "CA00001"})]},
                        raw={"initial_enquiries.csv": enquiries_file(renamed, [row("initial_enquiries.csv", **{"Enquiry ID": "IE000001"})])})
    before = file_hashes(folder)
    warehouse = tmp_path / "w.duckdb"
    with pytest.raises(ContractViolation) as caught:
        load_drops(tmp_path / "landing", warehouse, NIGHT, "key")
    message = str(caught.value)
    assert "2023-06-01/initial_enquiries.csv" in message and "column 'Districts'" in message and "District" in message
    assert raw_count(warehouse, "initial_enquiries") == 0 and raw_count(warehouse, "cases") == 0
    assert file_hashes(folder) == before


@pytest.mark.parametrize("header_change, expected", [
    (lambda cols: cols + ["Extra"], "column 'Extra' is not in the contract"),
    (lambda cols: [c for c in cols if c != "Postcode"], "column 'Postcode' is missing"),
    (lambda cols: [cols[1], cols[0]] + cols[2:], "columns out of order: position 1 is 'Date'"),
])
def test_an_added_removed_or_reordered_column_is_a_schema_change(tmp_path, header_change, expected):
    columns = list(FILES_BY_NAME["initial_enquiries.csv"].columns)
    write_drop(tmp_path / "landing", NIGHT, raw={"initial_enquiries.csv": enquiries_file(header_change(columns), [])})
    with pytest.raises(ContractViolation, match=expected):
        load_drops(tmp_path / "landing", tmp_path / "w.duckdb", NIGHT, "key")


def test_bom_crlf_and_quoted_line_breaks_load_exactly(tmp_path):
    school = 'St Mary\'s, "The Old School"\r\n(Sixth Form)'
    rows = {
        "initial_enquiries.csv": [row("initial_enquiries.csv", **{"Enquiry ID": "IE000001", "Contact Name": "Smith, Jo"})],
        "cases.csv": [row("cases.csv", **{"Case ID": "CA00001", "School Name": school})],
    }
    folder = write_drop(tmp_path / "landing", NIGHT, rows=rows)
    data = (folder / "cases.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    warehouse = tmp_path / "w.duckdb"
    load_drops(tmp_path / "landing", warehouse, NIGHT, "key")
    with connect(warehouse, read_only=True) as con:
        assert con.execute("select school_name, _row_number, _drop_date from raw.cases").fetchall() == [(school, 1, NIGHT)]
        assert con.execute("select enquiry_id, contact_name from raw.initial_enquiries").fetchall() == [("IE000001", "Smith, Jo")]
        sha = con.execute("select _file_sha256 from raw.cases").fetchone()[0]
    assert sha == hashlib.sha256(data).hexdigest()


def test_a_file_without_a_byte_order_mark_loads_too(tmp_path):
    header = FILES_BY_NAME["initial_enquiries.csv"].columns
    write_drop(tmp_path / "landing", NIGHT, raw={"initial_enquiries.csv": enquiries_file(
        header, [row("initial_enquiries.csv", **{"Enquiry ID": "IE000001"})], bom=False)})
    load_drops(tmp_path / "landing", tmp_path / "w.duckdb", NIGHT, "key")
    assert raw_count(tmp_path / "w.duckdb") == 1


def test_loading_the_same_drop_twice_changes_nothing(tmp_path):
    write_drop(tmp_path / "landing", NIGHT, rows={"initial_enquiries.csv": [
        row("initial_enquiries.csv", **{"Enquiry ID": f"IE{n:06d}"}) for n in range(5)]})
    warehouse = tmp_path / "w.duckdb"
    first = load_drops(tmp_path / "landing", warehouse, NIGHT, "key")
    with connect(warehouse, read_only=True) as con:
        before = con.execute("select * from raw.initial_enquiries order by _row_number").fetchall(), \
            con.execute("select * from raw._loads order by file_name").fetchall()
    second = load_drops(tmp_path / "landing", warehouse, NIGHT, "key")
    with connect(warehouse, read_only=True) as con:
        after = con.execute("select * from raw.initial_enquiries order by _row_number").fetchall(), \
            con.execute("select * from raw._loads order by file_name").fetchall()
    assert (first.loaded, second.loaded, second.skipped) == ((NIGHT,), (), (NIGHT,))
    assert after == before


def five_enquiries(landing):
    return write_drop(landing, NIGHT, rows={"initial_enquiries.csv": [
        row("initial_enquiries.csv", **{"Enquiry ID": f"IE{n:06d}"}) for n in range(5)]})


def never_hash(path):
    raise AssertionError(f"{path} was read again")


def test_a_drop_unchanged_since_it_was_loaded_is_recognised_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "STAT_SETTLED_NS", 0)  # the files count as settled at once
    five_enquiries(tmp_path / "landing")
    warehouse = tmp_path / "w.duckdb"
    load_drops(tmp_path / "landing", warehouse, NIGHT, "key")
    monkeypatch.setattr(load, "_sha256", never_hash)
    again = load_drops(tmp_path / "landing", warehouse, NIGHT, "key")
    assert (again.loaded, again.skipped) == ((), (NIGHT,))


def test_a_file_rewritten_with_its_size_and_modification_time_kept_is_still_read_and_reloaded(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "STAT_SETTLED_NS", 0)
    folder = five_enquiries(tmp_path / "landing")
    warehouse = tmp_path / "w.duckdb"
    load_drops(tmp_path / "landing", warehouse, NIGHT, "key")
    path = folder / "initial_enquiries.csv"
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"IE000004", b"IE000009"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` would; the change time still moves
    assert path.stat().st_size == before.st_size
    again = load_drops(tmp_path / "landing", warehouse, NIGHT, "key")
    assert again.loaded == (NIGHT,)
    with connect(warehouse, read_only=True) as con:
        assert con.execute("select max(enquiry_id) from raw.initial_enquiries").fetchone() == ("IE000009",)


def test_a_file_read_just_after_it_changed_is_hashed_again_next_time(tmp_path):
    five_enquiries(tmp_path / "landing")  # written now: within STAT_SETTLED_NS of being read
    warehouse = tmp_path / "w.duckdb"
    load_drops(tmp_path / "landing", warehouse, NIGHT, "key")
    with connect(warehouse, read_only=True) as con:
        assert con.execute("select count(*), count(file_stat) from raw._loads").fetchone() == (5, 0)


def test_a_load_log_from_before_file_fingerprints_gains_the_column(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with connect(warehouse) as con:
        con.execute("create schema raw")
        con.execute("create table raw._loads (service varchar, drop_date date, file_name varchar, file_sha256 varchar, "
                    "row_count integer, loaded_at timestamp)")
    five_enquiries(tmp_path / "landing")
    assert load_drops(tmp_path / "landing", warehouse, NIGHT, "key").loaded == (NIGHT,)
    with connect(warehouse, read_only=True) as con:
        assert con.execute("select count(*) from raw._loads").fetchone() == (5,)


def test_latin1_bytes_are_rejected_naming_row_and_column(tmp_path):
    header = FILES_BY_NAME["initial_enquiries.csv"].columns
    good = enquiries_file(header, [row("initial_enquiries.csv", **{"Enquiry ID": "IE000001"})])
    bad = good + "IE000002,01/05/2023,,Education,,Email,Parent/Carer,Purbeck,Received,,Zo\u00eb Smith,z@example.org,BH19 1AA,CO1,01/05/2023 10:00\r\n".encode("latin-1")
    write_drop(tmp_path / "landing", NIGHT, raw={"initial_enquiries.csv": bad})
    with pytest.raises(ContractViolation, match=r"initial_enquiries.csv, row 2, column 'Contact Name': not UTF-8"):
        load_drops(tmp_path / "landing", tmp_path / "w.duckdb", NIGHT, "key")


def test_a_truncated_last_line_is_rejected(tmp_path):
    header = FILES_BY_NAME["initial_enquiries.csv"].columns
    whole = enquiries_file(header, [row("initial_enquiries.csv", **{"Enquiry ID": f"IE00000{n}"}) for n in (1, 2)])
    write_drop(tmp_path / "landing", NIGHT, raw={"initial_enquiries.csv": whole[:-40]})
    with pytest.raises(ContractViolation, match="does not end with a line break"):
        load_drops(tmp_path / "landing", tmp_path / "w.duckdb", NIGHT, "key")


def test_a_short_row_is_rejected_naming_row_and_column(tmp_path):
    header = FILES_BY_NAME["initial_enquiries.csv"].columns
    short = row("initial_enquiries.csv", **{"Enquiry ID": "IE000002"})[:-2]
    write_drop(tmp_path / "landing", NIGHT, raw={"initial_enquiries.csv": enquiries_file(
        header, [row("initial_enquiries.csv", **{"Enquiry ID": "IE000001"}), short])})
    with pytest.raises(ContractViolation, match=r"row 2, column 'Recorded By': 13 fields where the header has 15"):
        load_drops(tmp_path / "landing", tmp_path / "w.duckdb", NIGHT, "key")


def test_a_semicolon_separated_file_is_rejected(tmp_path):
    header = ";".join(FILES_BY_NAME["initial_enquiries.csv"].columns)
    write_drop(tmp_path / "landing", NIGHT, raw={"initial_enquiries.csv": (header + "\r\n").encode()})
    with pytest.raises(ContractViolation, match="is the file comma-separated"):
        load_drops(tmp_path / "landing", tmp_path / "w.duckdb", NIGHT, "key")


def test_an_unclosed_quote_is_rejected(tmp_path):
    header = FILES_BY_NAME["initial_enquiries.csv"].columns
    data = enquiries_file(header, [row("initial_enquiries.csv", **{"Enquiry ID": "IE000001"})]) + b'IE000002,"01/05/2023\r\n'
    write_drop(tmp_path / "landing", NIGHT, raw={"initial_enquiries.csv": data})
    with pytest.raises(ContractViolation, match="malformed CSV"):
        load_drops(tmp_path / "landing", tmp_path / "w.duckdb", NIGHT, "key")


def enquiry_ids(count, service):
    return [f"IE{service}{n:05d}" for n in range(1, count + 1)]


def test_a_nights_files_of_many_services_load_row_for_row_each_numbered_from_one(tmp_path):
    # One night's files of a kind are parsed together; each keeps its own rows, in order, numbered
    # from 1, whether DuckDB reads it, Python does (a quoted line break), or it has no data rows.
    header = FILES_BY_NAME["initial_enquiries.csv"].columns
    counts = {"north": 3, "east": 0, "south": 4, "west": 2}
    for service, count in counts.items():
        rows = [row("initial_enquiries.csv", **{"Enquiry ID": i}) for i in enquiry_ids(count, service)]
        if service == "south":
            rows[1] = row("initial_enquiries.csv", **{"Enquiry ID": rows[1][0], "District": "North\r\nDorset"})
        write_drop(tmp_path / "landings" / service, NIGHT, raw={"initial_enquiries.csv": enquiries_file(header, rows)})
    warehouse = tmp_path / "w.duckdb"
    load_drops(tmp_path / "landings", warehouse, NIGHT, "key")
    with connect(warehouse, read_only=True) as con:
        loaded = con.execute("select _service, _row_number, enquiry_id, district from raw.initial_enquiries "
                             "order by _service, _row_number").fetchall()
    expected = [(service, n, enquiry_id, "North\r\nDorset" if (service, n) == ("south", 2) else row(
                    "initial_enquiries.csv")[header.index("District")])
                for service in sorted(counts) for n, enquiry_id in enumerate(enquiry_ids(counts[service], service), start=1)]
    assert loaded == expected


def test_a_redelivered_drop_replaces_its_rows_whole_so_service_drop_and_row_name_one_row(tmp_path, monkeypatch):
    # The current-state models (macros/latest_version.sql) join each record's winning version back
    # by (service, drop, row) alone: this is the invariant they rely on.
    monkeypatch.setattr(load, "STAT_SETTLED_NS", 0)
    landings, warehouse = tmp_path / "landings", tmp_path / "w.duckdb"
    for service, count in {"north": 5, "south": 3}.items():
        write_drop(landings / service, NIGHT, rows={"initial_enquiries.csv": [
            row("initial_enquiries.csv", **{"Enquiry ID": i}) for i in enquiry_ids(count, service)]})
    load_drops(landings, warehouse, NIGHT, "key")
    redelivered = [row("initial_enquiries.csv", **{"Enquiry ID": i}) for i in ("IEnorth00009", "IEnorth00002")]
    write_drop(landings / "north", NIGHT, rows={"initial_enquiries.csv": redelivered})
    assert load_drops(landings, warehouse, NIGHT, "key").loaded == (NIGHT,)
    with connect(warehouse, read_only=True) as con:
        loaded = con.execute("select _service, _row_number, enquiry_id from raw.initial_enquiries "
                             "order by _service, _row_number").fetchall()
        repeated = con.execute("select count(*) from (select _service, _drop_date, _row_number from raw.initial_enquiries "
                               "group by all having count(*) > 1)").fetchone()[0]
    assert loaded == [("north", 1, "IEnorth00009"), ("north", 2, "IEnorth00002"),
                      ("south", 1, "IEsouth00001"), ("south", 2, "IEsouth00002"), ("south", 3, "IEsouth00003")]
    assert repeated == 0


def test_a_short_row_in_one_services_file_names_that_services_drop_row_and_column(tmp_path):
    header = FILES_BY_NAME["initial_enquiries.csv"].columns
    for service in ("north", "south", "west"):
        rows = [row("initial_enquiries.csv", **{"Enquiry ID": i}) for i in enquiry_ids(3, service)]
        if service == "south":
            rows[2] = rows[2][:-2]
        write_drop(tmp_path / "landings" / service, NIGHT, raw={"initial_enquiries.csv": enquiries_file(header, rows)})
    with pytest.raises(ContractViolation, match=r"south/2023-06-01/initial_enquiries.csv, row 3, column 'Recorded By'"):
        load_drops(tmp_path / "landings", tmp_path / "w.duckdb", NIGHT, "key")
    assert raw_count(tmp_path / "w.duckdb") == 0


def test_an_incomplete_drop_is_not_loaded(tmp_path):
    write_drop(tmp_path / "landing", NIGHT, rows={"initial_enquiries.csv": [row("initial_enquiries.csv", **{"Enquiry ID": "IE000001"})]},
               skip=("feedback.csv",))
    result = load_drops(tmp_path / "landing", tmp_path / "w.duckdb", NIGHT, "key")
    assert result.loaded == () and raw_count(tmp_path / "w.duckdb") == 0


def test_identifiers_that_follow_a_person_get_keyed_pseudonyms(tmp_path):
    write_drop(tmp_path / "landing", NIGHT, rows={"cases.csv": [row("cases.csv", **{"Case ID": "CA00001", "Family ID": "FA00042"})]})
    warehouse = tmp_path / "w.duckdb"
    load_drops(tmp_path / "landing", warehouse, NIGHT, "key-one")
    with connect(warehouse, read_only=True) as con:
        first = con.execute("select pseudonym from raw.pseudonyms where identifier_type = 'family'").fetchone()[0]
    load_drops(tmp_path / "landing", warehouse, NIGHT, "key-two")  # a rotated key re-keys every pseudonym
    with connect(warehouse, read_only=True) as con:
        second = con.execute("select pseudonym from raw.pseudonyms where identifier_type = 'family'").fetchall()
    assert len(second) == 1 and second[0][0] != first and "FA00042" not in first


def test_each_night_adds_the_pseudonyms_of_its_own_new_identifiers_only(tmp_path):
    landing = tmp_path / "landing"
    later = date(2023, 6, 2)
    write_drop(landing, NIGHT, rows={"cases.csv": [row("cases.csv", **{"Case ID": "CA00001", "Family ID": "FA00042"})]})
    write_drop(landing, later, rows={"cases.csv": [row("cases.csv", **{"Case ID": "CA00002", "Family ID": "FA00043"}),
                                                   row("cases.csv", **{"Case ID": "CA00003", "Family ID": " fa00042 "})]})
    warehouse = tmp_path / "w.duckdb"
    load_drops(landing, warehouse, NIGHT, "key")
    with connect(warehouse, read_only=True) as con:
        assert con.execute("select identifier_value from raw.pseudonyms where identifier_type = 'family'").fetchall() == [("fa00042",)]
    load_drops(landing, warehouse, later, "key")
    with connect(warehouse, read_only=True) as con:
        assert sorted(con.execute("select identifier_value, pseudonym from raw.pseudonyms where identifier_type = 'family'").fetchall()) \
            == [("fa00042", load.pseudonym("key", "family", "FA00042")), ("fa00043", load.pseudonym("key", "family", "FA00043"))]


@pytest.mark.parametrize("key", ["key", "k" * 100, "clé-secrète"])  # a key longer than SHA-256's block is hashed first
def test_every_pseudonym_is_the_one_the_pseudonym_function_gives_whoever_computes_it(tmp_path, key):
    # DuckDB keys the printable-ASCII identifiers, Python the rest: both must give pseudonym()'s value.
    families = ["FA00042", " Fa00043 ", "FA-Ø1", "FAİ7", "FAß", "fa\t9", "fa11\t", "FA 10"]
    write_drop(tmp_path / "landing", NIGHT, rows={"cases.csv": [
        row("cases.csv", **{"Case ID": f"CA{i:05d}", "Family ID": family}) for i, family in enumerate(families)]})
    load_drops(tmp_path / "landing", tmp_path / "w.duckdb", NIGHT, key)
    with connect(tmp_path / "w.duckdb", read_only=True) as con:
        keyed = con.execute("select identifier_value, pseudonym from raw.pseudonyms where identifier_type = 'family'").fetchall()
    assert len(keyed) == len(families)
    assert all(keyed_as == load.pseudonym(key, "family", value) for value, keyed_as in keyed)


def test_a_rejected_night_leaves_no_pseudonyms_behind(tmp_path):
    landing = tmp_path / "landing"
    folder = write_drop(landing, NIGHT, rows={"cases.csv": [row("cases.csv", **{"Case ID": "CA00001", "Family ID": "FA00042"})]})
    (folder / "feedback.csv").write_bytes((folder / "feedback.csv").read_bytes().rstrip(b"\r\n"))  # truncated: no final line break
    with pytest.raises(ContractViolation):
        load_drops(landing, tmp_path / "w.duckdb", NIGHT, "key")
    with connect(tmp_path / "w.duckdb", read_only=True) as con:
        assert con.execute("select count(*) from raw.pseudonyms").fetchone() == (0,)
        assert con.execute("select count(*) from raw.cases").fetchone() == (0,)


# --- the council's SEND case system: the same loader, driven by that contract's column lists ------

@pytest.fixture(scope="module")
def council_landing(tmp_path_factory):
    from sendpipe.demo.council_generator import write_drops

    landing = tmp_path_factory.mktemp("council_load") / "landing"
    write_drops(landing, first_night=date(2024, 4, 1))
    return landing


def test_council_drops_load_into_their_own_raw_schema_beside_the_sendiass_one(council_landing, tmp_path):
    from sendpipe.contracts import COUNCIL_SEND

    warehouse = tmp_path / "warehouse.duckdb"
    result = load_drops(council_landing, warehouse, date(2024, 4, 2), "k", source=COUNCIL_SEND)
    assert result.loaded == (date(2024, 4, 1), date(2024, 4, 2))
    again = load_drops(council_landing, warehouse, date(2024, 4, 2), "k", source=COUNCIL_SEND)
    assert again.loaded == () and again.skipped == (date(2024, 4, 1), date(2024, 4, 2))
    with connect(warehouse, read_only=True) as con:
        for spec in COUNCIL_SEND.files:
            lines = (council_landing / "2024-04-02" / spec.name).read_bytes().count(b"\r\n") - 1
            loaded = con.execute(f"select count(*) from raw_council.{spec.table} where _drop_date = '2024-04-02'").fetchone()[0]
            assert loaded == lines, spec.name
        persons = con.execute("select count(distinct person_id) from raw_council.ehc_plans").fetchone()[0]
        assert con.execute("select count(*) from raw_council.pseudonyms where identifier_type = 'person'").fetchone()[0] >= persons
        assert con.execute("select count(*) from information_schema.tables where table_schema = 'raw'").fetchone()[0] == 0


@pytest.mark.parametrize("file_name", ["ehc_requests.csv", "ehc_plans.csv", "contacts.csv"])
def test_a_council_file_with_a_renamed_column_is_rejected_naming_drop_file_row_and_column(council_landing, tmp_path, file_name):
    import shutil

    from sendpipe.contracts import COUNCIL_SEND

    landing = tmp_path / "landing"
    shutil.copytree(council_landing / "2024-04-02", landing / "2024-04-02")
    path = landing / "2024-04-02" / file_name
    renamed = COUNCIL_SEND.file(file_name).columns[3]
    path.write_bytes(path.read_bytes().replace(renamed.encode(), f"{renamed} (new)".encode(), 1))
    before = file_hashes(landing / "2024-04-02")
    warehouse = tmp_path / "warehouse.duckdb"
    with pytest.raises(ContractViolation) as raised:
        load_drops(landing, warehouse, date(2024, 4, 2), "k", source=COUNCIL_SEND)
    assert str(raised.value).startswith(f"drop 2024-04-02 rejected: landing/2024-04-02/{file_name}, row 0, column '{renamed} (new)'")
    assert file_hashes(landing / "2024-04-02") == before
    with connect(warehouse, read_only=True) as con:
        assert con.execute("select file_name, column_name from raw_council._rejections").fetchall() == [(file_name, f"{renamed} (new)")]
        assert sum(con.execute(f"select count(*) from raw_council.{spec.table}").fetchone()[0] for spec in COUNCIL_SEND.files) == 0


def test_a_warehouse_from_before_the_service_column_is_refused_with_what_to_do(tmp_path):
    warehouse = tmp_path / "warehouse" / "sendpipe.duckdb"
    with connect(warehouse) as con:
        con.execute("create schema raw")
        con.execute("create table raw.initial_enquiries (_drop_date date, _file_name varchar)")
    landing = tmp_path / "landing"
    write_drop(landing, date(2024, 4, 1))
    with pytest.raises(WarehouseOutOfDate, match=r"raw\.initial_enquiries was made by an earlier sendpipe \(it has no _service, "
                                                  r".*move the warehouse file aside and run again"):
        load_drops(landing, warehouse, date(2024, 4, 1), "key")
