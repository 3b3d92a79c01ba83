"""A live session's folder watch (core.live.live_folder) on real photos written the ways
tether software writes them. The watch's clock is a test's own, so "a second later" is
exact and nothing waits: the kernel's events are real, the passing of time is not."""

from __future__ import annotations

import os
import shutil

import pytest

from shotkind_desktop.core.decisions.catalog import FileIdentity
from shotkind_desktop.core.live.live_folder import (CLOSE_QUIET, GIVE_UP_SECONDS, SETTLE_SECONDS, LiveFolder,
                                               ends_with_jpeg_end)
from tests.core.tether import write_in_place, write_renamed


STEP = 0.01       # a little past a limit (the limits are floats)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


def names(arrivals) -> list[str]:
    return sorted(arrival.path.name for arrival in arrivals)


@pytest.mark.parametrize("events", [True, False], ids=["inotify", "polled"])
def test_a_renamed_frame_arrives_once_and_whole(tmp_path, photos, clock, events):
    watch = LiveFolder(tmp_path, use_inotify=events, clock=clock)
    assert watch.uses_events is events
    looked = []
    write_renamed(photos / "fr_obama.jpg", tmp_path / "IMG_0001.JPG",
                  between=lambda: looked.append(watch.poll()))
    assert looked and all(arrived == [] for arrived, _ in looked)   # the .part name is no picture
    if not events:
        assert watch.poll() == ([], [])        # polled: it must stay the same for a while first
        clock.advance(SETTLE_SECONDS + STEP)
    arrived, gone = watch.poll()
    assert names(arrived) == ["IMG_0001.JPG"] and gone == []
    assert arrived[0].identity == FileIdentity.of(tmp_path / "IMG_0001.JPG")
    assert (tmp_path / "IMG_0001.JPG").read_bytes() == (photos / "fr_obama.jpg").read_bytes()
    clock.advance(GIVE_UP_SECONDS + STEP)
    assert watch.poll() == ([], [])            # once only
    watch.close()


def test_a_frame_written_in_place_waits_for_its_writer_to_close_it(tmp_path, photos, clock):
    """A writer that pauses mid-file for longer than a poll takes to settle is not
    taken for done while inotify says it holds the file open."""
    watch = LiveFolder(tmp_path, clock=clock)
    looked = []

    def pause():
        clock.advance(SETTLE_SECONDS + CLOSE_QUIET)   # a slow USB link between pieces
        looked.append(watch.poll())
    write_in_place(photos / "fr_obama.jpg", tmp_path / "IMG_0002.JPG", between=pause)
    assert len(looked) >= 2 and all(arrived == [] for arrived, _ in looked)
    assert watch.poll() == ([], [])            # just closed: a writer may open it again at once
    clock.advance(CLOSE_QUIET + STEP)
    assert names(watch.poll()[0]) == ["IMG_0002.JPG"]


def test_a_writer_that_closes_after_each_piece_is_waited_for(tmp_path, photos, clock):
    """Closed after each piece: the end-of-image marker says the last one has come."""
    watch = LiveFolder(tmp_path, clock=clock)
    looked = []

    def pause():
        clock.advance(CLOSE_QUIET * 2)
        looked.append(watch.poll())
    write_in_place(photos / "fr_biden2.jpg", tmp_path / "IMG_0003.JPG", between=pause, reopen=True)
    assert len(looked) >= 2 and all(arrived == [] for arrived, _ in looked)
    assert watch.poll() == ([], [])            # the last piece, just closed
    clock.advance(CLOSE_QUIET + STEP)
    arrived, _ = watch.poll()
    assert names(arrived) == ["IMG_0003.JPG"]
    assert arrived[0].identity.size == (photos / "fr_biden2.jpg").stat().st_size


def test_a_raw_closed_by_its_writer_arrives_after_a_quiet_moment(tmp_path, raw_dir, clock):
    watch = LiveFolder(tmp_path, clock=clock)
    write_in_place(raw_dir / "canon_eos_6d.dng", tmp_path / "IMG_0004.DNG")
    assert watch.poll() == ([], [])
    clock.advance(CLOSE_QUIET + STEP)
    assert names(watch.poll()[0]) == ["IMG_0004.DNG"]


def test_a_truncated_jpeg_is_taken_as_it_is_in_the_end(tmp_path, photos, clock):
    """A writer that died mid-file: the frame then says it is truncated, rather than the
    session waiting for it forever."""
    data = (photos / "df_img13.jpg").read_bytes()
    (tmp_path / "IMG_0005.JPG").write_bytes(data[:len(data) // 2])
    watch = LiveFolder(tmp_path, clock=clock)
    clock.advance(SETTLE_SECONDS + STEP)
    assert watch.poll() == ([], [])
    clock.advance(GIVE_UP_SECONDS + STEP)
    assert names(watch.poll()[0]) == ["IMG_0005.JPG"]


def test_shoot_files_sidecars_temporaries_and_empty_files_never_arrive(tmp_path, photos, clock):
    shutil.copy(photos / "df_img14.jpg", tmp_path / "IMG_0001.JPG")
    watch = LiveFolder(tmp_path, known={"IMG_0001.JPG"}, clock=clock)
    (tmp_path / "IMG_0002.xmp").write_text("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")   # tether software's sidecar
    (tmp_path / "IMG_0003.CR2.tmp").write_bytes(b"raw data")
    (tmp_path / ".IMG_0004.JPG").write_bytes((photos / "df_img14.jpg").read_bytes())
    (tmp_path / "IMG_0005.JPG").touch()        # created, not written yet
    os.utime(tmp_path / "IMG_0001.JPG")         # a file of the shoot touched
    clock.advance(GIVE_UP_SECONDS + STEP)
    assert watch.poll() == ([], [])


def test_a_frame_that_vanishes_before_it_is_complete_is_forgotten_and_after_is_gone(tmp_path, photos, clock):
    watch = LiveFolder(tmp_path, clock=clock)
    with open(tmp_path / "IMG_0006.JPG", "wb") as handle:
        handle.write((photos / "df_img18.jpg").read_bytes()[:100_000])
        handle.flush()
        assert watch.poll() == ([], [])
    os.remove(tmp_path / "IMG_0006.JPG")
    clock.advance(GIVE_UP_SECONDS + STEP)
    assert watch.poll() == ([], [])
    write_renamed(photos / "df_img18.jpg", tmp_path / "IMG_0007.JPG")
    assert names(watch.poll()[0]) == ["IMG_0007.JPG"]
    os.rename(tmp_path / "IMG_0007.JPG", tmp_path.parent / "elsewhere.jpg")   # moved out by the tether software
    assert watch.poll() == ([], [tmp_path / "IMG_0007.JPG"])
    assert watch.poll() == ([], [])


@pytest.mark.parametrize("there_before", [False, True], ids=["arrived", "in-the-shoot-at-the-start"])
def test_the_next_capture_under_a_name_just_renamed_away_arrives(tmp_path, photos, clock, there_before):
    """Tether software renamed capture_tmp_0001.JPG to Smith_0001.JPG and wrote the next
    capture as capture_tmp_0001.JPG before the next look: that name had arrived once, so
    its new picture was never reported, and a re-tester's window kept the old frame's
    decision on it."""
    if there_before:        # the session began with it in the shoot: a known name
        write_renamed(photos / "df_img13.jpg", tmp_path / "capture_tmp_0001.JPG")
        watch = LiveFolder(tmp_path, known=["capture_tmp_0001.JPG"], clock=clock)
    else:
        watch = LiveFolder(tmp_path, clock=clock)
        write_renamed(photos / "df_img13.jpg", tmp_path / "capture_tmp_0001.JPG")
        assert names(watch.poll()[0]) == ["capture_tmp_0001.JPG"]
    os.rename(tmp_path / "capture_tmp_0001.JPG", tmp_path / "Smith_0001.JPG")
    write_in_place(photos / "fr_obama.jpg", tmp_path / "capture_tmp_0001.JPG")
    arrived, gone = watch.poll()
    assert names(arrived) == ["Smith_0001.JPG"] and gone == []     # renamed into place: whole
    clock.advance(CLOSE_QUIET + STEP)                               # written in place: once quiet
    arrived, gone = watch.poll()
    assert names(arrived) == ["capture_tmp_0001.JPG"] and gone == []
    new = arrived[0]
    assert new.identity == FileIdentity.of(tmp_path / "capture_tmp_0001.JPG")
    watch.close()


def test_a_raw_then_its_jpeg_arrive_as_two_files(tmp_path, photos, raw_dir, clock):
    """The watch reports files; which frame they make is core.live.arrivals' to say."""
    watch = LiveFolder(tmp_path, clock=clock)
    write_renamed(raw_dir / "canon_eos_6d.dng", tmp_path / "IMG_0008.DNG")
    assert names(watch.poll()[0]) == ["IMG_0008.DNG"]
    clock.advance(2.0)
    write_renamed(photos / "df_img20.jpg", tmp_path / "IMG_0008.JPG")
    assert names(watch.poll()[0]) == ["IMG_0008.JPG"]


def test_the_end_marker_is_found_past_zero_padding_only(tmp_path, photos):
    whole = (photos / "df_img21.jpg").read_bytes()
    cases = {"whole.jpg": whole, "padded.jpg": whole + bytes(3000), "cut.jpg": whole[:-5000],
             "empty.jpg": b""}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    assert {name: ends_with_jpeg_end(tmp_path / name) for name in cases} == \
        {"whole.jpg": True, "padded.jpg": True, "cut.jpg": False, "empty.jpg": False}


@pytest.mark.parametrize("events", [True, False], ids=["inotify", "polled"])
def test_a_rename_says_the_name_the_file_left_and_a_new_file_of_the_same_size_and_time_does_not(
        tmp_path, photos, clock, events):
    """A frame renamed in a file manager, and a frame deleted with another picture of the
    same size and time written after it (a camera's fixed-size RAWs, two seconds apart on
    a card): the watch tells the two apart, by the kernel's pair of moves or by the
    inode a polled folder's listings show moving (ext4 gives a deleted file's inode to
    the next file: a new name with that inode seen in a later listing is no rename)."""
    shutil.copy2(photos / "df_img11.jpg", tmp_path / "IMG_0001.JPG")
    shutil.copy2(photos / "df_img13.jpg", tmp_path / "IMG_0002.JPG")
    watch = LiveFolder(tmp_path, known=["IMG_0001.JPG", "IMG_0002.JPG"], use_inotify=events, clock=clock)
    assert watch.poll() == ([], [])                 # the first listing
    (tmp_path / "IMG_0001.JPG").rename(tmp_path / "Smith_0001.JPG")
    arrived = settled(watch, clock)
    assert [(a.path.name, a.renamed_from) for a in arrived] == [("Smith_0001.JPG", "IMG_0001.JPG")]

    identity = FileIdentity.of(tmp_path / "IMG_0002.JPG")
    (tmp_path / "IMG_0002.JPG").unlink()
    assert settled(watch, clock) == []              # the deletion seen
    other = (photos / "df_img11.jpg").read_bytes()
    new = tmp_path / "IMG_0003.JPG"
    new.write_bytes(other + b"\0" * (identity.size - len(other)))
    os.utime(new, ns=(identity.mtime_ns,) * 2)
    arrived = settled(watch, clock)
    assert [(a.path.name, a.renamed_from, a.identity) for a in arrived] == [("IMG_0003.JPG", None, identity)]
    watch.close()


def settled(watch: LiveFolder, clock: Clock) -> list:
    """What arrives over the polls of a quiet while (a JPEG padded past its end marker's
    search is taken after GIVE_UP_SECONDS)."""
    arrived = []
    for seconds in (SETTLE_SECONDS, SETTLE_SECONDS, GIVE_UP_SECONDS):
        clock.advance(seconds + STEP)
        arrived += watch.poll()[0]
    return arrived
