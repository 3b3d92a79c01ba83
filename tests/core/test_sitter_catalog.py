"""Sitters' corrections and the roster live in the shoot's catalog (schema 3): a catalog
of the version before is upgraded with its decisions kept."""

from __future__ import annotations

import sqlite3

import pytest

from shotkind_desktop.core.decisions.catalog import MIGRATIONS, Catalog, CatalogReadOnly
from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.people.roster import roster_from_table
from shotkind_desktop.core.people.sitters import SitterEdits


def test_an_older_catalog_is_upgraded_and_keeps_sitters_and_a_roster(tmp_path):
    path = tmp_path / "catalog.sqlite"
    with sqlite3.connect(path) as old:           # as ShotKind before sitters left it
        for statement in (s for step in MIGRATIONS[:2] for s in step):
            old.execute(statement)
        old.execute("INSERT INTO decisions (name, flag, rating, label, written_ns) "
                    "VALUES ('IMG_0001.jpg', 1, 4, NULL, 1)")
        old.execute("PRAGMA user_version = 2")
    edits = SitterEdits(frozenset({"IMG_0007.jpg"}), frozenset({"IMG_0012.jpg"}),
                        {"IMG_0007.jpg": "Ana Ruiz", "día 2/IMG_0001.jpg": "Zoë Ünal"})
    roster = roster_from_table(["Name", "Department", ""], [["Ana Ruiz", "Sales", "x"], ["Bo Li", "IT", ""]])
    with Catalog(path) as catalog:
        assert catalog.decisions() == {"IMG_0001.jpg": Decision(PICK, 4)}
        assert catalog.sitter_edits() == SitterEdits() and catalog.roster() is None
        catalog.save_sitter_edits(edits)
        catalog.save_roster(roster)
    with Catalog(path) as catalog:
        assert catalog.sitter_edits() == edits
        assert catalog.roster() == roster
        assert catalog.roster().rows[0].column("column 3") == "x"
        catalog.save_roster(None)
        assert catalog.roster() is None


def test_a_read_only_catalog_refuses_sitter_changes(tmp_path):
    Catalog(tmp_path / "catalog.sqlite").close()
    with Catalog(tmp_path / "catalog.sqlite", read_only="the shoot is open in another ShotKind window") as catalog:
        with pytest.raises(CatalogReadOnly):
            catalog.save_sitter_edits(SitterEdits(frozenset({"a.jpg"})))
        with pytest.raises(CatalogReadOnly):
            catalog.save_roster(None)
