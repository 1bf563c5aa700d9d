from datetime import date

import pytest

from sendpipe.drops import Landing, complete_nights, find_landings, incomplete_for, list_drops
from tests.factory import write_drop


def test_a_drop_missing_a_file_is_never_picked(tmp_path):
    write_drop(tmp_path, date(2024, 4, 1))
    write_drop(tmp_path, date(2024, 4, 2), skip=("tribunal_appeals.csv",))
    landings = find_landings(tmp_path)
    assert complete_nights(landings) == [date(2024, 4, 1)]
    assert incomplete_for(landings, date(2024, 4, 2)) == [
        f"{tmp_path.name}: drop 2024-04-02 is incomplete: missing tribunal_appeals.csv"]
    assert [d.missing for d in list_drops(tmp_path)] == [(), ("tribunal_appeals.csv",)]


def test_folders_that_are_not_dates_are_ignored(tmp_path):
    write_drop(tmp_path, date(2024, 4, 1))
    (tmp_path / "incoming").mkdir()
    assert [d.export_date for d in list_drops(tmp_path)] == [date(2024, 4, 1)]


def test_a_folder_of_drops_is_one_landing_named_by_the_folder(tmp_path):
    landing = tmp_path / "dorset"
    write_drop(landing, date(2024, 4, 1))
    assert find_landings(landing) == (Landing("dorset", landing),)
    assert list_drops(landing)[0].name == "dorset/2024-04-01"


def test_a_parent_folder_holds_one_landing_per_service(tmp_path):
    for service in ("wessex", "dorset"):
        write_drop(tmp_path / service, date(2024, 4, 1))
    assert find_landings(tmp_path) == (Landing("dorset", tmp_path / "dorset"), Landing("wessex", tmp_path / "wessex"))


def test_a_night_is_ready_only_when_every_service_has_its_complete_drop(tmp_path):
    for day in (1, 2):
        write_drop(tmp_path / "dorset", date(2024, 4, day))
    write_drop(tmp_path / "wessex", date(2024, 4, 1))
    write_drop(tmp_path / "wessex", date(2024, 4, 2), skip=("cases.csv",))
    landings = find_landings(tmp_path)
    assert complete_nights(landings) == [date(2024, 4, 1)]
    assert incomplete_for(landings, date(2024, 4, 2)) == ["wessex: drop 2024-04-02 is incomplete: missing cases.csv"]
    assert incomplete_for(landings, date(2024, 4, 3)) == [
        f"dorset: no drop for 2024-04-03 in {tmp_path / 'dorset'}", f"wessex: no drop for 2024-04-03 in {tmp_path / 'wessex'}"]


def test_landings_can_be_listed_one_by_one(tmp_path):
    write_drop(tmp_path / "a" / "dorset", date(2024, 4, 1))
    write_drop(tmp_path / "b" / "wessex", date(2024, 4, 1))
    assert [landing.service for landing in find_landings([tmp_path / "b" / "wessex", tmp_path / "a"])] == ["dorset", "wessex"]


def test_a_service_must_have_one_landing_and_a_usable_name(tmp_path):
    write_drop(tmp_path / "a" / "dorset", date(2024, 4, 1))
    write_drop(tmp_path / "b" / "dorset", date(2024, 4, 1))
    with pytest.raises(ValueError, match="two landing folders for service 'dorset'"):
        find_landings([tmp_path / "a", tmp_path / "b"])
    write_drop(tmp_path / "c" / "west dorset", date(2024, 4, 1))
    with pytest.raises(ValueError, match="names the service"):
        find_landings(tmp_path / "c")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        find_landings(tmp_path / "nowhere")
