"""The thumbnail loader's use of the catalog: cached thumbnails come back as they were
stored, and a damaged one is made again from the file."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from shotkind_desktop.core.catalog import Catalog
from shotkind_desktop.core.previews import THUMBNAIL_LONG_SIDE, decode_preview, decode_thumbnail
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
