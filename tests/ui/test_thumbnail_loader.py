"""The thumbnail loader's use of the catalog: cached thumbnails come back as they were
stored, and a damaged one is made again from the file."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.files.previews import THUMBNAIL_LONG_SIDE, decode_preview, decode_thumbnail
from shotkind_desktop.core.shoot import scan_frames
from shotkind_desktop.ui.thumbnail_loader import ThumbnailLoader

NAMES = ["df_img11.jpg", "df_img13.jpg"]


def thumbnails(qtbot, catalog: Catalog, frames) -> dict:
    """name -> the delivered thumbnail as an RGB array (the last one delivered)."""
    loader = ThumbnailLoader(threads=1)
    delivered = {}

    def keep(name, image):
        assert image.format() == QImage.Format.Format_RGB888
        height, width = image.height(), image.width()
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
        delivered[name] = rows[:, :width * 3].reshape(height, width, 3).copy()

    done = []
    loader.ready.connect(keep)
    loader.progress.connect(lambda count, total: done.append(count == total))
    loader.start(catalog, frames)
    # progress follows each frame's ready signal from the same thread, so once the last
    # one is here every thumbnail has been delivered
    qtbot.waitUntil(lambda: any(done), timeout=20000)
    loader.wait()
    return delivered


def test_cached_thumbnails_come_back_and_a_damaged_one_is_made_again(qtbot, shoot_of):
    folder = shoot_of(NAMES)
    frames = scan_frames(folder).frames
    with Catalog.open(folder) as catalog:
        thumbnails(qtbot, catalog, frames)        # made from the files and stored
        stored = {f.name: catalog.thumbnail(f.name, f.identity) for f in frames}
        assert all(stored.values())
        damaged, kept = frames
        catalog.save_thumbnail(damaged.name, damaged.identity, stored[damaged.name][:2000])

        again = thumbnails(qtbot, catalog, frames)
        # the intact one comes back from the catalog as it was stored
        assert np.array_equal(again[kept.name], decode_thumbnail(stored[kept.name]))
        # the truncated one is made again from the file, and stored again
        remade = catalog.thumbnail(damaged.name, damaged.identity)
        assert remade is not None and len(remade) > 2000
        fresh = decode_preview(damaged.path, THUMBNAIL_LONG_SIDE).image
        assert again[damaged.name].shape == fresh.shape
        assert np.array_equal(again[damaged.name], fresh)


def test_an_unreadable_frame_counts_as_done_and_is_not_decoded_again_at_the_next_opening(
        qtbot, shoot_of, monkeypatch):
    """(Failed before: the failure was forgotten, so every opening decoded the frame again,
    the status bar counting "Thumbnails 2 of 3" meanwhile.)"""
    from shotkind_desktop.ui import thumbnail_loader

    folder = shoot_of(NAMES)
    (folder / "cut.jpg").write_bytes((folder / NAMES[0]).read_bytes()[:3000])
    frames = scan_frames(folder).frames

    def run(catalog) -> tuple[dict, list]:
        loader = ThumbnailLoader(threads=1)
        failed, progress = {}, []
        loader.failed.connect(lambda name, message: failed.setdefault(name, message))
        loader.progress.connect(lambda done, total: progress.append((done, total)))
        loader.start(catalog, frames)
        qtbot.waitUntil(lambda: bool(progress) and progress[-1][0] == progress[-1][1], timeout=20000)
        loader.wait()
        return failed, progress

    with Catalog.open(folder) as catalog:
        failed, progress = run(catalog)
        assert set(failed) == {"cut.jpg"} and "truncated" in failed["cut.jpg"]
        assert progress[-1] == (3, 3)

    decoded = []
    real_decode = thumbnail_loader.decode_preview
    monkeypatch.setattr(thumbnail_loader, "decode_preview",
                        lambda path, *args: decoded.append(path.name) or real_decode(path, *args))
    with Catalog.open(folder) as catalog:          # the next session
        again, progress = run(catalog)
    assert again == failed and progress[-1] == (3, 3)
    assert decoded == [], "nothing is decoded again: thumbnails and the failure are remembered"

    (folder / "cut.jpg").write_bytes((folder / NAMES[1]).read_bytes())    # the file was fixed
    frames = scan_frames(folder).frames
    with Catalog.open(folder) as catalog:
        fixed, _ = run(catalog)
    assert fixed == {} and decoded == ["cut.jpg"]
