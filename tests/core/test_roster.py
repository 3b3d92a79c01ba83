"""Rosters as clients send them: the name column found by its header, whatever the
spreadsheet that wrote the CSV."""

from __future__ import annotations

import pytest

from shotkind_desktop.core.people.roster import read_roster, split_name


def roster_of(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode(encoding))
    return read_roster(path)


def test_a_name_column_and_the_other_columns_kept(tmp_path):
    roster = roster_of(tmp_path, "Employee Name,E-mail,Department,Badge\nAna Ruiz,ana@x.example,Sales,0042\n"
                                 ",,,\nBo Li,bo@x.example,IT,0043\n")
    assert [row.name for row in roster.rows] == ["Ana Ruiz", "Bo Li"]      # the empty row skipped
    assert roster.rows[0].email == "ana@x.example"
    assert roster.rows[0].column("badge") == "0042" and roster.rows[1].column(" DEPARTMENT ") == "IT"
    assert (roster.rows[0].first, roster.rows[0].last) == ("Ana", "Ruiz")
    assert roster.columns == ("Employee Name", "E-mail", "Department", "Badge")


def test_first_and_last_name_columns_from_excel_in_europe(tmp_path):
    """Excel where the decimal mark is a comma writes semicolons, in Windows-1252."""
    roster = roster_of(tmp_path, "Nachname;Vorname;Abteilung\nWeiß;Dana;Recht\nMüller;Jörg;Vertrieb\n", "cp1252")
    assert [(row.name, row.first, row.last) for row in roster.rows] == \
        [("Dana Weiß", "Dana", "Weiß"), ("Jörg Müller", "Jörg", "Müller")]
    assert roster.rows[1].column("Abteilung") == "Vertrieb"


def test_last_comma_first_is_read_as_the_person_is_called(tmp_path):
    roster = roster_of(tmp_path, "\ufeffname\tteam\nOkafor, Chidi\tFinance\nMary Ann Smith\tOps\n")
    assert [(row.name, row.first, row.last) for row in roster.rows] == \
        [("Chidi Okafor", "Chidi", "Okafor"), ("Mary Ann Smith", "Mary", "Ann Smith")]
    assert split_name("Ana Ruiz García") == ("Ana", "Ruiz García")


@pytest.mark.parametrize("text, message", [
    ("Email,Department\nana@x.example,Sales\n", "no name column: its headers are Email, Department"),
    ("Name,Email\n,ana@x.example\n", "names nobody"),
    ("", "is empty"),
])
def test_a_roster_that_cannot_name_anyone_says_why(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        roster_of(tmp_path, text)


def test_excel_unicode_text_is_read_and_a_picture_refused(tmp_path, shared):
    """Excel's "Unicode Text" is UTF-16 with tabs; it was read as names full of \\x00."""
    roster = roster_of(tmp_path, "\ufeffName\tDepartment\nSeán Ó Briain\tLegal\nZoë Ng\tOps\n", "utf-16-le")
    assert [(row.name, row.column("department")) for row in roster.rows] == \
        [("Seán Ó Briain", "Legal"), ("Zoë Ng", "Ops")]
    picture = tmp_path / "roster.csv"
    picture.write_bytes((shared / "photos" / "df_img11.jpg").read_bytes())
    with pytest.raises(ValueError, match=r"^roster.csv: it is not a text file .* save the roster as CSV"):
        read_roster(picture)


def test_a_dos_end_of_file_mark_and_an_undefined_ansi_byte_are_still_a_roster(tmp_path):
    """The reader of every encoding refused rosters the old one read (a review): the ^Z
    an old DOS program ends a file with, a byte Windows-1252 leaves undefined."""
    roster = roster_of(tmp_path, "Name;Team\nJörg Müller;Sales\n", "cp1252")
    path = tmp_path / "roster.csv"
    path.write_bytes(path.read_bytes().replace(b"Sales", b"Sales\x81") + b"\x1a")
    assert [(row.name, row.column("team")) for row in read_roster(path).rows] == [("Jörg Müller", "Sales\ufffd")]
    assert roster.rows[0].name == "Jörg Müller"
