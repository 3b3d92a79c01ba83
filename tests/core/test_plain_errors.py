"""Errors in words: no `[Errno n]` or class names on the way to the screen."""

from __future__ import annotations

import socket

import pytest

from shotkind_desktop.core.plain_errors import plain


def test_a_system_error_is_its_reason_and_the_file_name(tmp_path):
    with pytest.raises(OSError) as missing:
        open(tmp_path / "card" / "IMG_0001.jpg", "rb")
    assert plain(missing.value) == "no such file or directory: IMG_0001.jpg"
    assert str(missing.value).startswith("[Errno 2]")        # what was shown before


def test_a_lookup_error_of_the_network_reads_as_words():
    error = socket.gaierror(-2, "Name or service not known")
    assert plain(error) == "name or service not known"
    assert "Errno" not in plain(error)


def test_other_exceptions_keep_their_message_or_say_their_kind():
    assert plain(ValueError("the crop is empty")) == "the crop is empty"
    assert plain(MemoryError()) == "memory error"
    assert plain(TimeoutError()) == "timeout error"
