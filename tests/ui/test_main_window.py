"""The main window opens a shoot and lists its frames."""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from shotkind_desktop import cli

PHOTO_SUFFIXES = {".jpg", ".png"}


def photo_names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()
            if p.suffix.lower() in PHOTO_SUFFIXES and not p.name.startswith(".")}


def test_welcome_until_a_shoot_is_open(main_window):
    assert main_window.windowTitle() == "ShotKind"
    assert main_window.welcome.isVisible()
    assert main_window.welcome.text() == "Open a shoot folder (Ctrl+O)"
    assert main_window.frames.rowCount() == 0
    assert main_window.open_action.shortcut().toString() == "Ctrl+O"


def test_lists_the_frames_of_the_shared_photos(main_window, qtbot, qtmodeltester,
                                               shared_dir, tmp_path):
    photos = shared_dir / "photos"
    expected = photo_names(photos)
    assert expected, f"no photos in {photos}"

    with qtbot.waitSignal(main_window.shoot_opened) as opened:
        assert main_window.open_shoot(photos)
    assert opened.args == [photos]

    model = main_window.frames
    assert model.rowCount() == len(expected)
    assert {model.index(row).data() for row in range(model.rowCount())} == expected
    assert main_window.frame_list.isVisible() and not main_window.welcome.isVisible()
    assert main_window.shoot_summary.text() == f"{len(expected)} frames in {photos}"
    qtmodeltester.check(model)

    screenshot = tmp_path / "main_window.png"
    assert main_window.grab().save(str(screenshot))
    assert screenshot.stat().st_size > 0


def test_open_shoot_action_asks_for_a_folder(main_window, qtbot, monkeypatch, shared_dir):
    photos = shared_dir / "photos"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(photos))
    with qtbot.waitSignal(main_window.shoot_opened):
        main_window.open_action.trigger()
    assert main_window.frames.folder() == photos


def test_cancelled_dialog_keeps_the_welcome(main_window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: "")
    main_window.open_action.trigger()
    assert main_window.welcome.isVisible()


def test_gui_command_refuses_a_missing_folder(tmp_path, capsys):
    assert cli.main([str(tmp_path / "no-such-shoot")]) == 2
    assert "not a folder" in capsys.readouterr().err
