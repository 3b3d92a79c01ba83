"""The thumbnail loader's use of the catalog: cached thumbnails come back as they were
stored, and a damaged one is made again from the file."""

from __future__ import annotations

import numpy as np

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
        bits = image.constBits()
        rows = np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine())
        delivered[name] = rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).copy()

    loader.ready.connect(keep)
    loader.start(catalog, frames)
    qtbot.waitUntil(lambda: loader.all_done() and not loader.is_busy(), timeout=20000)
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
