"""UI fixtures: a main window that the test closes whatever happens."""

import pytest

from shotkind_desktop.ui.main_window import MainWindow


@pytest.fixture
def main_window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)   # pytest-qt closes and deletes it after the test
    window.show()
    qtbot.waitExposed(window)
    return window
