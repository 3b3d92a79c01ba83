"""A decision belongs to the picture, never to a name a new picture takes later.

A photographer-tester (D1): tether software lands each capture as capture_tmp_0001.JPG
and then renames it (Smith_0001.JPG). ShotKind moved the decision to the new name but
left capture_tmp_0001.xmp behind, and the next capture landing under the temporary name
arrived rejected, or picked with 4 stars and a green label. A first fix was reverted
after a review (M1-M4, S1); these tests take the tester's and the reviewer's steps on
real photos: df_img13 (taken 2018-09-18) and fr_obama (2012-12-06), two pictures with
their cameras' capture times."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import timedelta, timezone
from pathlib import Path

import cv2
import pytest

from shotkind_desktop.core.decisions import decision_keeper
from shotkind_desktop.core.decisions.catalog import Catalog, CatalogBusy, FileIdentity
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.decisions.renamed_sidecars import move_no_replace
from shotkind_desktop.core.decisions.xmp import read_sidecar, write_sidecar
from shotkind_desktop.core.delivery.export import open_existing_catalog, shoot_decisions
from shotkind_desktop.core.delivery.export_trash import rejected_files
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.files.scan import capture_time
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.shoot import scan_frames

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


def renamed_live(keeper: DecisionKeeper, folder) -> None:
    """The tether software renames the capture; the live session tells the keeper."""
    os.rename(folder / TEMP, folder / SMITH)
    keeper.rename(TEMP, SMITH, FrameFiles(folder / SMITH))


def next_capture(keeper: DecisionKeeper, folder, photos) -> Decision:
    shutil.copy2(photos / NEXT, folder / TEMP)
    return keeper.add({TEMP: FrameFiles(folder / TEMP)})[TEMP]


def reopened(folder) -> dict[str, Decision]:
    keeper = DecisionKeeper(folder, Catalog.open(folder), [SMITH, TEMP])
    try:
        return keeper.decisions()
    finally:
        keeper.catalog.close()


@pytest.mark.parametrize("decision", [Decision(REJECT), Decision(PICK, 4, "Green")])
def test_the_next_capture_under_a_renamed_frames_old_name_arrives_undecided(tethered, photos, decision):
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: decision)
    renamed_live(keeper, tethered)
    assert xmps(tethered) == ["Smith_0001.xmp"], "ShotKind's sidecar went with its picture"
    assert read_sidecar(tethered / SMITH).decision == decision
    assert next_capture(keeper, tethered, photos) == Decision()
    keeper.catalog.close()
    assert reopened(tethered) == {SMITH: decision, TEMP: Decision()}


def test_a_sidecar_the_tether_program_changed_stays_but_is_not_the_next_captures(tethered, photos):
    """Review M2: the tether program added its CreatorTool to the old sidecar; the first
    fix left it in place un-noted, and the next capture arrived rejected."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(REJECT))
    sidecar = tethered / "capture_tmp_0001.xmp"
    theirs = sidecar.read_bytes().replace(b"xmp:Rating", b'xmp:CreatorTool="Tether" xmp:Rating', 1)
    sidecar.write_bytes(theirs)
    renamed_live(keeper, tethered)
    assert sidecar.read_bytes() == theirs, "another program's file is left where it is"
    assert next_capture(keeper, tethered, photos) == Decision()
    keeper.catalog.close()
    assert reopened(tethered) == {SMITH: Decision(REJECT), TEMP: Decision()}


def test_a_sidecar_written_later_for_the_next_capture_is_read(tethered, photos):
    """The note keeps exactly the stale contents out: what the tether program writes for
    the new capture afterwards is that capture's, and counts."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(REJECT))
    sidecar = tethered / "capture_tmp_0001.xmp"
    sidecar.write_bytes(sidecar.read_bytes().replace(b"xmp:Rating", b'xmp:CreatorTool="Tether" xmp:Rating', 1))
    renamed_live(keeper, tethered)
    keeper.catalog.close()
    shutil.copy2(photos / NEXT, tethered / TEMP)
    sidecar.unlink()                                # the tether program writes it anew: 3 stars
    write_sidecar(FrameFiles(tethered / TEMP), Decision(rating=3), keep_extension=False)
    assert reopened(tethered) == {SMITH: Decision(REJECT), TEMP: Decision(rating=3)}


def test_a_rename_the_busy_catalog_missed_does_not_give_the_next_capture_the_reject(tethered, photos, monkeypatch):
    """Review M3a: the catalog was busy at the rename; the first fix moved the sidecar with
    no note, and a frame not analysed yet gave its reject to the next capture, live and
    after reopening."""
    catalog = Catalog.open(tethered)
    keeper = DecisionKeeper(tethered, catalog, [TEMP])
    keeper.apply([TEMP], lambda d: Decision(REJECT))
    real = catalog.rename_frames

    def busy(*args, **kwargs):
        raise CatalogBusy("a backup holds the catalog")
    monkeypatch.setattr(catalog, "rename_frames", busy)
    renamed_live(keeper, tethered)
    assert xmps(tethered) == ["capture_tmp_0001.xmp"], "no sidecar moves before the catalog has the rename"
    assert next_capture(keeper, tethered, photos) == Decision()
    monkeypatch.setattr(catalog, "rename_frames", real)
    assert keeper.writer.finish(15)
    assert catalog.decisions()[SMITH] == Decision(REJECT)
    catalog.close()
    assert reopened(tethered) == {SMITH: Decision(REJECT), TEMP: Decision()}


def test_a_decision_waiting_under_the_old_name_follows_the_rename(tethered, photos, monkeypatch):
    """Review M3b: a reject queued while the catalog was busy was written under the old
    name after the rename, and the next capture arrived rejected."""
    catalog = Catalog.open(tethered)
    keeper = DecisionKeeper(tethered, catalog, [TEMP])
    real = catalog.save_decisions
    busy = [True]

    def save(decisions, wait=10.0, written_ns=None):
        if busy[0]:
            raise CatalogBusy("a backup holds the catalog")
        return real(decisions, wait, written_ns)
    monkeypatch.setattr(catalog, "save_decisions", save)
    keeper.apply([TEMP], lambda d: Decision(REJECT))
    renamed_live(keeper, tethered)
    busy[0] = False
    assert keeper.writer.finish(15)
    assert catalog.decisions().get(TEMP, Decision()) == Decision()
    assert catalog.decisions()[SMITH] == Decision(REJECT)
    assert read_sidecar(tethered / SMITH).decision == Decision(REJECT)
    assert next_capture(keeper, tethered, photos) == Decision()
    catalog.close()


def test_a_rename_while_the_retry_waits_on_the_catalog_gives_the_next_capture_nothing(tethered, photos,
                                                                                     monkeypatch):
    """Review 2, R1: the retry thread had taken {TEMP: REJECT} and was waiting on the busy
    catalog when the frame was renamed; it wrote capture_tmp_0001.xmp after the rename,
    and the next capture arrived rejected."""
    catalog = Catalog.open(tethered)
    keeper = DecisionKeeper(tethered, catalog, [TEMP])
    real = catalog.save_decisions
    busy, entered, go = [True], threading.Event(), threading.Event()

    def save(decisions, wait=10.0, written_ns=None):
        if busy[0]:
            raise CatalogBusy("a backup holds the catalog")
        if threading.current_thread().name == "decision writer" and not go.is_set():
            entered.set()
            go.wait(10)                 # inside the retry's wait for the catalog
        return real(decisions, wait, written_ns)
    monkeypatch.setattr(catalog, "save_decisions", save)
    keeper.apply([TEMP], lambda d: Decision(REJECT))
    busy[0] = False
    assert entered.wait(10)
    renamed_live(keeper, tethered)
    go.set()
    assert keeper.writer.finish(15)
    assert xmps(tethered) == ["Smith_0001.xmp"]
    assert read_sidecar(tethered / SMITH).decision == Decision(REJECT)
    assert next_capture(keeper, tethered, photos) == Decision()
    catalog.close()
    assert reopened(tethered) == {SMITH: Decision(REJECT), TEMP: Decision()}


def _rejected_renamed_and_replaced_while_closed(tethered: Path, photos: Path) -> dict[str, Decision]:
    """TEMP rejected and analysed; with ShotKind closed, renamed SMITH and the next capture
    landed as TEMP: the decisions export reads then."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(REJECT))
    analysed(keeper.catalog, tethered, TEMP)
    keeper.catalog.close()
    os.rename(tethered / TEMP, tethered / SMITH)
    shutil.copy2(photos / NEXT, tethered / TEMP)
    catalog = open_existing_catalog(tethered)
    try:
        exported = shoot_decisions(tethered, catalog, scan_frames(tethered).frames)
    finally:
        catalog.close()
    return exported


def test_export_and_the_trash_follow_a_rename_made_while_shotkind_was_closed(tethered, photos):
    """Review M4: renamed and the next capture landed with ShotKind closed; export gave the
    new capture the reject and the trash offered it."""
    exported = _rejected_renamed_and_replaced_while_closed(tethered, photos)
    assert exported == {SMITH: Decision(REJECT), TEMP: Decision()}
    assert rejected_files(tethered).frames == [SMITH]
    assert reopened(tethered) == exported, "the window says the same"
    assert rejected_files(tethered).frames == [SMITH]


def test_a_busy_catalog_at_opening_shows_what_export_and_the_trash_read(tethered, photos, monkeypatch):
    """Review 2, R3 (probe G): renamed and the next capture landed with ShotKind closed,
    then the catalog was busy at opening: the window showed the new capture rejected and
    Smith undecided, while the trash would have taken Smith."""
    exported = _rejected_renamed_and_replaced_while_closed(tethered, photos)

    def busy(*args, **kwargs):
        raise CatalogBusy("a backup holds the catalog")
    monkeypatch.setattr(Catalog, "rename_frames", busy)
    window = DecisionKeeper(tethered, Catalog.open(tethered), [SMITH, TEMP])
    window.catalog.close()
    assert window.decisions() == exported == {SMITH: Decision(REJECT), TEMP: Decision()}
    monkeypatch.undo()
    assert reopened(tethered) == exported, "followed at the next opening with the catalog free"


def test_the_trash_never_offers_the_next_capture_after_a_crash_before_the_sidecar_moved(tethered, photos,
                                                                                         monkeypatch):
    """Review M4 (C2): killed between the catalog's commit and the sidecar's move."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(REJECT))

    def killed(*_args):
        raise KeyboardInterrupt
    monkeypatch.setattr(decision_keeper, "take_own_sidecars", killed)
    with pytest.raises(KeyboardInterrupt):
        renamed_live(keeper, tethered)
    keeper.catalog.close()
    monkeypatch.undo()
    shutil.copy2(photos / NEXT, tethered / TEMP)
    assert TEMP not in rejected_files(tethered).frames
    assert reopened(tethered) == {SMITH: Decision(REJECT), TEMP: Decision()}


@pytest.mark.parametrize("how", ["reencode_no_exif", "add_offset"])
def test_a_picture_edited_in_place_keeps_its_decision(tethered, photos, monkeypatch, how):
    """Review M1 (the first fix's regression, a guard): an editor that drops EXIF, or
    writes the capture time with an offset, changes the file in place; a new capture
    landing beside it is no reason to take the decision away."""
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(PICK, 5))
    analysed(keeper.catalog, tethered, TEMP)
    keeper.catalog.close()
    path = tethered / TEMP
    if how == "reencode_no_exif":
        cv2.imwrite(str(path), cv2.imread(str(path)))
    else:
        at = capture_time(path).replace(tzinfo=timezone(timedelta(hours=2)))
        monkeypatch.setattr(decision_keeper, "capture_time", lambda _path: at)
        with open(path, "ab") as file:
            file.write(b"x")
    shutil.copy2(photos / NEXT, tethered / SMITH)
    again = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP, SMITH])
    again.catalog.close()
    assert again.decisions() == {TEMP: Decision(PICK, 5), SMITH: Decision()}
    assert xmps(tethered) == ["capture_tmp_0001.xmp"]


def test_a_picture_edited_in_place_keeps_its_decision_from_a_copy_of_itself(tmp_path, photos):
    """Review 2, R2 (probe H): Finder's Duplicate (or cp -p) keeps the file's time; the
    original is then captioned in place with ShotKind closed. The copy took the pick and
    the sidecar, and the retouched original opened undecided."""
    folder = tmp_path / "shoot"
    folder.mkdir()
    original, copy = "IMG_0001.JPG", "IMG_0001 copy.JPG"
    shutil.copy2(photos / FIRST, folder / original)
    keeper = DecisionKeeper(folder, Catalog.open(folder), [original])
    keeper.apply([original], lambda d: Decision(PICK, 5))
    analysed(keeper.catalog, folder, original)
    keeper.catalog.close()
    shutil.copy2(folder / original, folder / copy)
    with open(folder / original, "ab") as file:
        file.write(b"\0" * 16)
    again = DecisionKeeper(folder, Catalog.open(folder), [copy, original])
    again.catalog.close()
    assert again.decisions() == {original: Decision(PICK, 5), copy: Decision()}
    assert xmps(folder) == ["IMG_0001.xmp"]


def test_a_restore_that_sets_new_times_keeps_every_decision_beside_a_copy(tmp_path, photos):
    """Review 2, R2 (probe K): every file got a new time (a restore), and a second copy of
    B arrived as D: B's pick went to D."""
    folder = tmp_path / "shoot"
    folder.mkdir()
    names = ["A.JPG", "B.JPG", "C.JPG"]
    for name, source in zip(names, [FIRST, NEXT, FIRST]):
        shutil.copy2(photos / source, folder / name)
    keeper = DecisionKeeper(folder, Catalog.open(folder), names)
    keeper.apply(names, lambda d: Decision(PICK, 3))
    for name in names:
        analysed(keeper.catalog, folder, name)
    keeper.catalog.close()
    for name in names:
        os.utime(folder / name, None)
    shutil.copy2(photos / NEXT, folder / "D.JPG")
    again = DecisionKeeper(folder, Catalog.open(folder), names + ["D.JPG"])
    again.catalog.close()
    assert again.decisions() == {**{name: Decision(PICK, 3) for name in names}, "D.JPG": Decision()}


def test_a_sidecar_is_never_moved_over_one_another_program_wrote(tethered, photos):
    """Review S1: check-then-rename could replace the tether program's Smith_0001.xmp."""
    theirs = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"
    source, target = tethered / "a.xmp", tethered / "b.xmp"
    source.write_bytes(b"ours")
    target.write_bytes(theirs)
    assert not move_no_replace(source, target)
    assert target.read_bytes() == theirs and source.read_bytes() == b"ours"
    keeper = DecisionKeeper(tethered, Catalog.open(tethered), [TEMP])
    keeper.apply([TEMP], lambda d: Decision(REJECT))
    (tethered / "Smith_0001.xmp").write_bytes(theirs)        # the tether program moved its own first
    renamed_live(keeper, tethered)
    assert (tethered / "Smith_0001.xmp").read_bytes().startswith(b"<")
    assert "capture_tmp_0001.xmp.left-behind" in xmps(tethered)
    assert next_capture(keeper, tethered, photos) == Decision()
    keeper.catalog.close()
