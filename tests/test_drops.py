from datetime import date

from sendpipe.drops import complete_drop_for, list_drops, newest_complete_drop
from tests.factory import write_drop


def test_a_drop_missing_a_file_is_never_picked(tmp_path):
    write_drop(tmp_path, date(2024, 4, 1))
    write_drop(tmp_path, date(2024, 4, 2), skip=("tribunal_appeals.csv",))
    assert newest_complete_drop(tmp_path).export_date == date(2024, 4, 1)
    assert complete_drop_for(tmp_path, date(2024, 4, 2)) is None
    assert [d.missing for d in list_drops(tmp_path)] == [(), ("tribunal_appeals.csv",)]


def test_folders_that_are_not_dates_are_ignored(tmp_path):
    write_drop(tmp_path, date(2024, 4, 1))
    (tmp_path / "incoming").mkdir()
    assert [d.export_date for d in list_drops(tmp_path)] == [date(2024, 4, 1)]


def test_newest_complete_drop_can_be_bounded_by_a_date(tmp_path):
    for day in (1, 2, 3):
        write_drop(tmp_path, date(2024, 4, day))
    assert newest_complete_drop(tmp_path, on_or_before=date(2024, 4, 2)).export_date == date(2024, 4, 2)
