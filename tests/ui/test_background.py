"""The one background helper (ui/background.py) on real photos: results and plain-words
errors reach the GUI thread, waiting work follows the order the GUI gives it, a cancel
drops waiting work and late results, and a pool whose owner is gone stops quietly."""

from __future__ import annotations

import sys
import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject

from shotkind_desktop.core.files.previews import decode_preview
from shotkind_desktop.ui.background import Mailbox, WorkPool

NAMES = ["df_img11.jpg", "df_img13.jpg", "df_img14.jpg", "df_img18.jpg"]


def size_of(path):
    preview = decode_preview(path, 256)
    return preview.width, preview.height


@pytest.fixture
def photos(shoot_of):
    folder = shoot_of(NAMES)
    (folder / "cut.jpg").write_bytes((folder / NAMES[0]).read_bytes()[:3000])   # a card pulled too early
    return folder


def test_results_and_errors_in_plain_words_arrive_on_the_gui_thread(qtbot, photos):
    pool = WorkPool("test", threads=2)
    arrived = {}

    def done(name):
        def keep(result, error):
            arrived[name] = (result, error, threading.current_thread() is threading.main_thread())
        return keep

    for name in NAMES + ["cut.jpg"]:
        pool.submit(size_of, photos / name, done=done(name), failing="cannot read")
    qtbot.waitUntil(lambda: len(arrived) == len(NAMES) + 1, timeout=20_000)
    assert all(on_gui for _, _, on_gui in arrived.values())
    for name in NAMES:
        result, error, _ = arrived[name]
        assert error is None and result == size_of(photos / name)
    result, error, _ = arrived["cut.jpg"]
    assert result is None
    assert error.startswith("truncated JPEG"), error      # the decoder's own words, no class name


def test_waiting_work_runs_in_the_order_the_gui_gives(qtbot, photos):
    pool = WorkPool("test", threads=1)
    order = []
    pool.hold(lambda key: True)              # nothing starts until the order is settled
    for name in NAMES:
        pool.submit(size_of, photos / name, key=name, done=lambda result, error, n=name: order.append(n))
    pool.prioritise([NAMES[2], NAMES[3]])
    pool.submit(size_of, photos / NAMES[0], key="urgent", first=True,
                done=lambda result, error: order.append("urgent"))
    assert pool.waiting() == ["urgent", NAMES[2], NAMES[3], NAMES[0], NAMES[1]]
    pool.hold(None)
    qtbot.waitUntil(lambda: len(order) == 5, timeout=20_000)
    assert order == ["urgent", NAMES[2], NAMES[3], NAMES[0], NAMES[1]]


def test_cancel_drops_waiting_work_and_late_results(qtbot, photos):
    pool = WorkPool("test", threads=1)
    started, release = threading.Event(), threading.Event()
    ran, delivered, finished = [], [], []

    def long_work(path):
        started.set()
        release.wait(10)
        finished.append(True)
        return size_of(path)

    pool.submit(long_work, photos / NAMES[0], done=lambda r, e: delivered.append(r))
    pool.submit(lambda: ran.append(True), done=lambda r, e: delivered.append(r))
    assert started.wait(10)
    pool.cancel()
    assert pool.waiting() == []
    release.set()
    assert pool.wait(10)
    qtbot.wait(100)
    assert finished == [True] and ran == [] and delivered == []

    pool.submit(size_of, photos / NAMES[1], done=lambda r, e: delivered.append(r))   # a new request
    qtbot.waitUntil(lambda: delivered == [size_of(photos / NAMES[1])], timeout=20_000)


def test_a_pool_whose_owner_is_gone_stops_without_delivering(qtbot, photos):
    owner = QObject()
    pool = WorkPool("gone", threads=1, parent=owner)
    release, delivered = threading.Event(), []
    pool.submit(lambda: release.wait(10), done=lambda r, e: delivered.append(r))
    pool.submit(size_of, photos / NAMES[0], done=lambda r, e: delivered.append(r))
    shiboken6.delete(owner)                  # the window closed while the work ran
    release.set()
    qtbot.waitUntil(lambda: not any(t.name == "gone worker" for t in threading.enumerate()), timeout=10_000)
    qtbot.wait(100)
    assert delivered == []


def test_a_mailbox_hands_over_what_waits_in_order_and_keeps_going_after_a_failing_callback(qtbot, monkeypatch):
    """A failing callback is a bug: it reaches sys.excepthook (the app's shows a dialog),
    never only a log line, and the results posted after it are still delivered."""
    mailbox = Mailbox()
    got, hooked = [], []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, trace: hooked.append((kind, str(error))))

    def fail():
        raise ValueError("a callback that fails")

    def post_from_a_worker():
        for number in range(300):
            mailbox.post(got.append, number)
            if number == 5:
                mailbox.post(fail)

    worker = threading.Thread(target=post_from_a_worker)
    worker.start()
    worker.join()
    assert got == []                         # nothing runs on the worker's thread
    qtbot.waitUntil(lambda: len(got) == 300, timeout=5_000)
    assert got == list(range(300))
    assert hooked == [(ValueError, "a callback that fails")]


def test_an_error_dialog_that_delivers_meanwhile_runs_no_callback_twice(qtbot, monkeypatch):
    """The app's excepthook opens a modal dialog, whose event loop may deliver the posts
    still waiting: the failing callback is not run again, the others run once each."""
    mailbox = Mailbox()
    got = []

    def fail():
        got.append("failed")
        raise ValueError("a callback that fails")
    monkeypatch.setattr(sys, "excepthook", lambda *error: mailbox.deliver_now())   # the dialog's loop
    mailbox.post(fail)
    mailbox.post(got.append, 1)
    mailbox.post(got.append, 2)
    mailbox.deliver_now()
    assert got == ["failed", 1, 2]
