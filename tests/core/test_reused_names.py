"""A decision belongs to the picture, never to a name a new picture takes later.

A photographer-tester (D1): tether software lands each capture as capture_tmp_0001.JPG
and then renames it (Smith_0001.JPG). ShotKind moved the decision to the new name but
left capture_tmp_0001.xmp behind, and the next capture landing under the temporary name
arrived rejected, or picked with 4 stars and a green label: a good frame sent to the
trash, the wrong sitter delivered. These tests take the tester's steps on real photos:
df_img13 (taken 2018-09-18) and fr_obama (2012-12-06) are two pictures with their
cameras' capture times."""

from __future__ import annotations

import os
import shutil

import pytest

from shotkind_desktop.core.decisions import decision_keeper
from shotkind_desktop.core.decisions.catalog import Catalog, CatalogBusy, FileIdentity
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.decisions.xmp import read_sidecar
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.files.scan import capture_time
from shotkind_desktop.core.records import FrameResult

TEMP, SMITH = "capture_tmp_0001.JPG", "Smith_0001.JPG"
FIRST, NEXT = "df_img13.jpg", "fr_obama.jpg"       # two sitters, captured six years apart


@pytest.fixture
def tethered(tmp_path, photos):
    """The tether folder with the first capture landed under the temporary name."""
    folder = tmp_path / "tethered"
    folder.mkdir()
    shutil.copy2(photos / FIRST, folder / TEMP)
    return folder


def analysed(catalog: Catalog, folder, name: str) -> None:
    """What the analysis caches of a frame: its file's identity and its capture time."""
    path = folder / name
    catalog.save_results([(name, FileIdentity.of(path), FrameResult(name, captured=capture_time(path).isoformat()))])


def xmps(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".xmp" in path.name)


@pytest.mark.parametrize("decision", [Decision(REJECT), Decision(PICK, 4, "Green")])
def test_the_next_capture_under_a_renamed_frames_old_name_arrives_undecided(tethered, photos, decision):
    catalog = Catalog.open(tethered)
    keeper = DecisionKeeper(tethered, catalog, [TEMP])
    keeper.apply([TEMP], lambda d: decision)
    assert xmps(tethered) == ["capture_tmp_0001.xmp"]

    os.rename(tethered / TEMP, tethered / SMITH)                        # the tether software's naming
    assert keeper.rename(TEMP, SMITH, FrameFiles(tethered / SMITH)) == decision
    assert xmps(tethered) == ["Smith_0001.xmp"], "the sidecar went with its picture"
    assert read_sidecar(tethered / SMITH).decision == decision

    shutil.copy2(photos / NEXT, tethered / TEMP)                        # the next capture, same temporary name
    assert keeper.add({TEMP: FrameFiles(tethered / TEMP)}) == {TEMP: Decision()}
    assert keeper.decisions() == {SMITH: decision, TEMP: Decision()}
    assert catalog.decisions() == {SMITH: decision}
    catalog.close()

    # the next session (the tester's s4b, then s4c): the same
    again = DecisionKeeper(tethered, Catalog.open(tethered), [SMITH, TEMP])
    assert again.decisions() == {SMITH: decision, TEMP: Decision()}
    assert xmps(tethered) == ["Smith_0001.xmp"]
    again.catalog.close()


def test_a_crash_between_the_catalog_and_the_sidecar_loses_nothing_and_gives_nothing(tethered, photos, monkeypatch):
    """The catalog takes the decision to the new name (with a note of the sidecar left
    under the old one) before the sidecar moves: killed in between, the decision is
    Smith's on reopening and the old sidecar is not the next capture's."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(REJECT))
    os.rename(tethered / TEMP, tethered / SMITH)

    def killed(*_args):
        raise KeyboardInterrupt("killed")
    monkeypatch.setattr(decision_keeper, "take_sidecars", killed)
    with pytest.raises(KeyboardInterrupt):
        keeper.rename(TEMP, SMITH, FrameFiles(tethered / SMITH))
    keeper.catalog.close()
    monkeypatch.undo()
    assert xmps(tethered) == ["capture_tmp_0001.xmp"]                   # left where it was

    shutil.copy2(photos / NEXT, tethered / TEMP)
    again = DecisionKeeper(tethered, Catalog.open(tethered), [SMITH, TEMP])
    assert again.decisions() == {SMITH: Decision(REJECT), TEMP: Decision()}
    assert read_sidecar(tethered / SMITH).decision == Decision(REJECT)
    assert read_sidecar(tethered / TEMP) is None, "set aside, not read by Lightroom either"
    assert (tethered / "capture_tmp_0001.xmp.left-behind").exists(), "set aside, never deleted"
    again.catalog.close()


def test_a_sidecar_another_application_changed_is_left_where_it_is(tethered):
    """ShotKind moves only what it can account for: a sidecar whose contents are not what
    ShotKind last wrote (a keyword added by the tether software) stays with its name."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(rating=3))
    sidecar = tethered / "capture_tmp_0001.xmp"
    changed = sidecar.read_bytes().replace(b'xmp:Rating="3"', b'xmp:Rating="3" xmp:CreatorTool="Capture One"', 1)
    assert changed != sidecar.read_bytes()
    sidecar.write_bytes(changed)
    os.rename(tethered / TEMP, tethered / SMITH)
    keeper.rename(TEMP, SMITH, FrameFiles(tethered / SMITH))
    assert sidecar.read_bytes() == changed
    assert read_sidecar(tethered / SMITH).decision == Decision(rating=3)
    keeper.catalog.close()


def test_a_frame_renamed_while_shotkind_was_closed_does_not_leave_its_decision_to_the_next_capture(tethered, photos):
    """Renamed, and the next capture landed under the old name, while ShotKind was
    closed: the picture under the old name is another (another capture time), so the
    catalog's decision follows the picture it was made on, with its sidecar."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(PICK, 4, "Green"))
    analysed(keeper.catalog, tethered, TEMP)
    keeper.catalog.close()
    os.rename(tethered / TEMP, tethered / SMITH)                        # mv keeps size and time
    shutil.copy2(photos / NEXT, tethered / TEMP)

    again = DecisionKeeper(tethered, Catalog.open(tethered), [SMITH, TEMP])
    assert again.decisions() == {SMITH: Decision(PICK, 4, "Green"), TEMP: Decision()}
    assert read_sidecar(tethered / SMITH).decision == Decision(PICK, 4, "Green")
    assert read_sidecar(tethered / TEMP) is None
    assert xmps(tethered) == ["Smith_0001.xmp"]
    again.catalog.close()


def test_a_new_picture_under_a_decided_name_does_not_take_its_decision(tethered, photos):
    """A file of another capture time under a decided frame's name, its old picture gone
    from the shoot: the decision is not the newcomer's, in the window or for Lightroom.
    The catalog keeps it aside (it follows the picture if it comes back renamed)."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(REJECT))
    analysed(keeper.catalog, tethered, TEMP)
    keeper.catalog.close()
    (tethered / TEMP).unlink()
    shutil.copy2(photos / NEXT, tethered / TEMP)

    again = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    assert again.decisions() == {TEMP: Decision()}
    assert read_sidecar(tethered / TEMP) is None
    assert TEMP not in again.catalog.decisions()
    again.catalog.close()


def test_the_same_picture_changed_in_place_keeps_its_decision(tethered):
    """Photo Mechanic writing a caption into the JPEG changes its size and time, not its
    capture time: the same picture, the same decision."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(PICK, 5))
    analysed(keeper.catalog, tethered, TEMP)
    keeper.catalog.close()
    with open(tethered / TEMP, "ab") as handle:                        # data after the end of image
        handle.write(b"PhotoMechanic caption")

    again = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    assert again.decisions() == {TEMP: Decision(PICK, 5)}
    again.catalog.close()


def test_a_rename_the_busy_catalog_missed_still_gives_nothing_to_the_next_capture(tethered, photos, monkeypatch):
    """Another program held the catalog as the frame was renamed: the decision's row stays
    under the old name; the next capture there is another picture and does not take it."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(REJECT))
    analysed(keeper.catalog, tethered, TEMP)
    os.rename(tethered / TEMP, tethered / SMITH)

    def busy(*_args, **_kwargs):
        raise CatalogBusy("a backup program")
    monkeypatch.setattr(keeper.catalog, "rename_frames", busy)
    keeper.rename(TEMP, SMITH, FrameFiles(tethered / SMITH))
    monkeypatch.undo()
    assert keeper.catalog.decisions()[TEMP] == Decision(REJECT)

    shutil.copy2(photos / NEXT, tethered / TEMP)
    assert keeper.add({TEMP: FrameFiles(tethered / TEMP)}) == {TEMP: Decision()}
    assert TEMP not in keeper.catalog.decisions()
    assert keeper.catalog.decisions()[SMITH] == Decision(REJECT)
    keeper.catalog.close()
