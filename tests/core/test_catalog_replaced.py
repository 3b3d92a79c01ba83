"""A catalog replaced or deleted under the open shoot (a sync tool putting another copy
in its place, a backup restored, the .shotkind folder deleted): the decisions made after
it reach a catalog and their sidecars, and the next opening has every one.

SQLite answers a write to a catalog whose file was unlinked or replaced with
SQLITE_READONLY_DBMOVED ("attempt to write a readonly database"). Taken for a disk that
refuses and may pass, it kept every later decision in memory only, with no sidecar (a
sidecar is never ahead of the catalog), retried without end, and quitting lost them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.catalog_errors import CatalogReplaced
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision, set_flag
from shotkind_desktop.core.decisions.xmp import read_sidecar

PHOTOS = ["df_img11.jpg", "df_img13.jpg", "df_couple.jpg"]


def moved_aside(catalog: Path) -> None:
    shutil.move(catalog, catalog.with_name("moved.sqlite"))


def replaced_by_a_copy(catalog: Path) -> None:
    """What a sync tool or a restore does: another file in its place, same contents."""
    copy = catalog.with_name("restored.sqlite")
    shutil.copy(catalog, copy)
    copy.replace(catalog)


def folder_deleted(catalog: Path) -> None:
    shutil.rmtree(catalog.parent)


@pytest.mark.parametrize("replace", [moved_aside, replaced_by_a_copy, folder_deleted])
def test_a_catalog_replaced_or_deleted_under_the_open_shoot_loses_no_decision(shoot_of, replace):
    """(Failed before: the reject waited in memory with no sidecar, blamed on the disk,
    and finish() never saw it saved.)"""
    shoot = shoot_of(PHOTOS)
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    try:
        keeper.apply(PHOTOS[:1], lambda d: set_flag(d, PICK))
        replace(keeper.catalog.path)
        keeper.apply(PHOTOS[1:2], lambda d: set_flag(d, REJECT))
        assert isinstance(keeper.writer.held_up, CatalogReplaced)
        assert keeper.writer.finish(15)
        assert read_sidecar(shoot / PHOTOS[1]).decision == Decision(REJECT)
        assert keeper.catalog.decisions()[PHOTOS[1]] == Decision(REJECT)
    finally:
        keeper.catalog.close()
    reopened = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    try:
        assert reopened.decisions() == {PHOTOS[0]: Decision(PICK), PHOTOS[1]: Decision(REJECT),
                                        PHOTOS[2]: Decision()}
    finally:
        reopened.catalog.close()
