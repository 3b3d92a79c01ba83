"""The one table of commands and their keys (Lightroom Classic's, so a photographer's
hands already know them). The menus, the shortcut sheet (?) and the welcome text are all
built from it, so a key is defined once and never clashes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    keys: tuple[str, ...]     # portable text: Qt shows Ctrl as ⌘ on macOS
    menu: str
    tip: str = ""
    checkable: bool = False


def _decision(name: str, text: str, key: str, tip: str) -> list[ActionSpec]:
    """A decision key, and the same with Shift, which also moves to the next frame."""
    return [ActionSpec(name, text, (key,), "Photo", tip),
            ActionSpec(name + "_advance", f"{text.replace('&', '')}, Then Next", (f"Shift+{key}",),
                       "Photo", tip + ", then move to the next frame")]


_LABELS = [("Red", "6"), ("Yellow", "7"), ("Green", "8"), ("Blue", "9")]

SPECS: list[ActionSpec] = [
    ActionSpec("open_shoot", "&Open Shoot…", ("Ctrl+O",), "File", "Open a folder of photos"),
    ActionSpec("live_session", "&Live Session…", ("Ctrl+L",), "File",
               "Cull while shooting tethered: each frame the tether software writes into the "
               "folder is analysed at once and its verdict shown large", checkable=True),
    ActionSpec("export", "&Export…", ("Ctrl+E",), "File", "Export the selected frames"),
    ActionSpec("trash_rejects", "Send Rejects to &Trash…", ("Ctrl+Backspace",), "File",
               "The rejected frames, with their sidecars and RAW+JPEG partners, to the system trash "
               "(asks first; they can be restored from the trash)"),
    ActionSpec("proof_gallery", "Export Proof &Gallery…", ("Ctrl+Shift+E",), "File",
               "A web page for the client to heart their favourites, without a server"),
    ActionSpec("import_client_selection", "&Import Client Selection…", ("Ctrl+Shift+I",), "File",
               "Mark the frames a client chose, from their list or the proof gallery's file"),
    ActionSpec("import_roster", "Import &Roster…", ("Ctrl+Shift+R",), "File",
               "Name the sitters from the client's list (CSV), in order"),
    ActionSpec("sidecar_keeps_extension", "Sidecars Keep the File Extension", (), "File",
               "Write IMG_0001.CR2.xmp (darktable, digiKam) instead of IMG_0001.xmp "
               "(Lightroom, Capture One, Photo Mechanic)", checkable=True),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "File", "Quit ShotKind"),
    ActionSpec("preferences", "&Preferences…", ("Ctrl+,",), "Edit",
               "Face detector, catalog location, sidecar names, thumbnail cache"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "Edit", "Undo the last decision"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit", "Redo the decision undone"),
    ActionSpec("select_all", "Select &All", ("Ctrl+A",), "Edit", "Select every frame shown"),
    ActionSpec("select_none", "Select &None", ("Ctrl+D",), "Edit", "Keep only the current frame selected"),
    *_decision("pick", "&Pick", "P", "Flag as a pick"),
    *_decision("reject", "&Reject", "X", "Flag as rejected"),
    *_decision("unflag", "&Unflag", "U", "Remove the pick or reject flag"),
    *[spec for stars in range(6) for spec in _decision(
        f"rate_{stars}", f"{stars} Star{'s' if stars != 1 else ''}" if stars else "No Stars",
        str(stars), f"Rate {stars} star{'s' if stars != 1 else ''}" if stars else "Clear the rating")],
    *[spec for colour, key in _LABELS for spec in _decision(
        f"label_{colour.lower()}", f"{colour} Label", key, f"Toggle the {colour.lower()} label")],
    ActionSpec("pick_best", "Pick &Best of Every Group", ("Ctrl+Shift+P",), "Photo",
               "Pick the best frame of every group of similar frames nobody has decided on yet "
               "(one undo)"),
    ActionSpec("auto_advance", "Auto &Advance", ("Shift+A",), "Photo",
               "Move to the next frame after every decision", checkable=True),
    ActionSpec("previous_frame", "Previous Frame", ("Left",), "Photo", "Go to the previous frame"),
    ActionSpec("next_frame", "Next Frame", ("Right",), "Photo", "Go to the next frame"),
    ActionSpec("first_frame", "First Frame", ("Home",), "Photo", "Go to the first frame in the loupe"),
    ActionSpec("newest_frame", "Newest Frame", ("End",), "Photo",
               "Go to the newest frame of a live session; the loupe then follows each new frame"),
    ActionSpec("previous_warned", "Previous Frame to Check", ("[",), "Photo",
               "Go back to the previous frame with eyes closed, soft eyes, a hand over the face "
               "or the face overexposed"),
    ActionSpec("next_warned", "Next Frame to Check", ("]",), "Photo",
               "Go to the next frame with eyes closed, soft eyes, a hand over the face or the "
               "face overexposed"),
    ActionSpec("split_sitter", "&Split Sitter Here", ("Shift+S",), "Sitters",
               "A new sitter starts at the current frame"),
    ActionSpec("merge_sitter", "&Merge with Previous Sitter", ("Shift+M",), "Sitters",
               "The current frame's sitter joins the one before"),
    ActionSpec("rename_sitter", "&Rename Sitter…", ("F2",), "Sitters",
               "Type the name of the current frame's sitter"),
    ActionSpec("consistency", "C&onsistency…", ("Ctrl+Shift+C",), "Sitters",
               "Each sitter's chosen frame against the team: backdrop, head size, eye line"),
    ActionSpec("client_sheet", "Client Contact S&heet…", ("Ctrl+Shift+K",), "Sitters",
               "A PDF for the client: each sitter's frames as delivered, named, without scores"),
    ActionSpec("clear_roster", "&Clear Roster", (), "Sitters",
               "Forget the imported roster; names typed stay"),
    ActionSpec("grid", "&Grid", ("G",), "View", "Thumbnails of the whole shoot"),
    ActionSpec("loupe", "&Loupe", ("E",), "View", "The current frame, large"),
    ActionSpec("compare", "&Compare", ("C",), "View",
               "The select beside a candidate, zoom linked; the arrows step the candidate"),
    ActionSpec("survey", "&Survey", ("N",), "View",
               "The selected frames tiled; the arrows move among them"),
    ActionSpec("make_select", "&Make Select", ("Up",), "View",
               "Compare: the candidate becomes the select"),
    ActionSpec("swap_compared", "S&wap Select and Candidate", ("Down",), "View",
               "Compare: the select and the candidate change places; the active side stays, "
               "so the keys reach the other frame"),
    ActionSpec("remove_from_survey", "Remo&ve from Survey", ("/",), "View",
               "Survey: take the active frame out of the survey (it is deselected)"),
    ActionSpec("collapse_groups", "Collapse Similar Frames", ("S",), "View",
               "Show each group of similar frames as its best frame, with how many it stands for",
               checkable=True),
    ActionSpec("compare_group", "Compare Th&is Group", ("Shift+C",), "View",
               "Compare the current frame's group of similar frames (in compare, the active side's), "
               "its best frame first"),
    ActionSpec("survey_group", "Survey T&his Group", ("Shift+N",), "View",
               "The current frame's group of similar frames tiled"),
    ActionSpec("zoom", "&Zoom 100%", ("Z",), "View", "Between fit and 100%, between the eyes"),
    ActionSpec("closeups", "Face Close-&ups", ("Shift+Z",), "View",
               "Every face (a single sitter's eyes) at 100% under the large views", checkable=True),
    ActionSpec("overlays", "Cycle &Overlays", ("O",), "View",
               "Face boxes, crop guides, both, or none"),
    ActionSpec("guide_ratio", "Next Crop &Ratio", ("Shift+O",), "View",
               "Crop guide for the next delivery ratio: 1:1, 4:5, 2:3, 16:9"),
    ActionSpec("all_guides", "&All Crop Guides", ("Ctrl+Shift+O",), "View",
               "The crop guides of all four ratios together"),
    ActionSpec("reset_guides", "R&eset Crop Guides", ("Ctrl+Alt+R",), "View",
               "Put the crop guides shown back where ShotKind computed them (Ctrl+Z takes it back)"),
    ActionSpec("linkedin_preview", "Lin&kedIn Preview", ("Shift+L",), "View",
               "The 1:1 guide framed for LinkedIn, with the circle LinkedIn shows", checkable=True),
    ActionSpec("filter_bar", "Filter and &Sort", ("Ctrl+F",), "View",
               "The filter bar from the keyboard: Tab between fields, arrows change them, "
               "Enter or Escape to go back to the frames"),
    ActionSpec("bigger_thumbnails", "Larger Thumbnails", ("=",), "View", "Larger grid cells"),
    ActionSpec("smaller_thumbnails", "Smaller Thumbnails", ("-",), "View", "Smaller grid cells"),
    # Shift+Tab too: Qt's own meaning, the focus to the side panel's fold buttons, took the
    # arrows and Space from the frames (a tester folded the scores by accident)
    ActionSpec("side_panel", "Side &Panel", ("Tab", "Shift+Tab"), "View", "Show or hide the side panel",
               checkable=True),
    ActionSpec("full_screen", "&Full Screen", ("F",), "View", "Fill the screen (Escape leaves it too)",
               checkable=True),
    ActionSpec("shortcuts", "&Keyboard Shortcuts", ("?",), "Help", "Every key ShotKind knows"),
    ActionSpec("show_log", "Show &Log", (), "Help",
               "Open ShotKind's log file: warnings and errors, with their details"),
    ActionSpec("about", "&About ShotKind", (), "Help",
               "Version, and the licences of the libraries and models ShotKind ships"),
]
ACTIONS = {spec.name: spec for spec in SPECS}
MENUS = ("File", "Edit", "Photo", "Sitters", "View", "Help")


def make_action(name: str, parent: QObject) -> QAction:
    """A QAction for the table entry `name`; the caller connects `triggered`."""
    spec = ACTIONS[name]
    action = QAction(spec.text, parent)
    action.setObjectName(name)
    action.setShortcuts([QKeySequence(key) for key in spec.keys])
    action.setStatusTip(spec.tip)
    action.setToolTip(f"{spec.tip} ({shortcut_text(name)})" if spec.keys else spec.tip or spec.text)
    action.setCheckable(spec.checkable)
    # macOS moves these two into the application menu, where a Mac user looks for them
    action.setMenuRole({"preferences": QAction.MenuRole.PreferencesRole,
                        "about": QAction.MenuRole.AboutRole,
                        "quit": QAction.MenuRole.QuitRole}.get(name, QAction.MenuRole.NoRole))
    return action


def shortcut_text(name: str) -> str:
    """The first shortcut as the platform writes it, for labels."""
    return QKeySequence(ACTIONS[name].keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
