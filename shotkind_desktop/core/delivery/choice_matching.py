"""Finding the frames a client's list means, and saying exactly which names meant none
or more than one.

A client writes what they saw: `IMG_0042`, `img_0042.jpg`, `IMG_0042.CR2` (a RAW+JPEG
pair is one frame whichever of its names is used), the name of a delivered file
(`IMG_0042_linkedin.jpg`, or whatever the export's name template made: the export's
manifest maps it back), a proof gallery's label (the stem, or the frame's name within
the shoot when two frames share a stem). Case never matters, nor a folder in front, nor
how an accent is typed (macOS writes "ë" as "e" and a separate mark), nor brackets
around a name or a full stop or comma after it in a sentence. A
name that could mean two frames (IMG_0001.JPG and IMG_0001.HEIC are separate frames) is
not guessed: it is reported with the frames it could mean, and the photographer marks
the right one by hand.

Clients very often write frame numbers ("0012, 0045", "12, 45 and 103"). A bare number
means the frame whose file name carries it as its number (the last digits of its stem
after a copy's "-2" or an edit's "_v2", leading zeros or not: IMG_0012 for "12" and
"0012") when exactly one frame does; when two do (two cameras: IMG_0012 and DSC_0012) it
is reported with both, as a name of two frames is. That is no guess; a number beside
any other word is another matter ("we are 3", "May 12", "Top 5" read the same), so there
it is reported with the frames that carry it, not marked; only a list's joiners ("and",
"&", "or") leave numbers a list. A phone number ("07700 900123", an e-mail's signature)
names no frame at all.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import get_close_matches
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from shotkind_desktop.core.delivery.export_presets import PRESETS
from shotkind_desktop.core.files.filetypes import IMAGE_EXTENSIONS, SIDECAR_EXTENSIONS

_KNOWN_SUFFIXES = IMAGE_EXTENSIONS | SIDECAR_EXTENSIONS
_SENTENCE_MARKS = ".,;:!?)]}>"   # what ends a name in a sentence ("... IMG_2012 and IMG_2016.")
_OPENING_MARKS = "([{<#"         # what opens one ("the astronaut (IMG_2012)", "#12")
# A sentence's word this like a frame's name (difflib's ratio: one letter in eight wrong
# or missing) is taken for a misspelt name; words under four letters ("and", "the") never.
NEAR, NEAR_MIN_LENGTH = 0.8, 4
# the default export name {name}_{preset}, with NameBook's -2, -3 for a clash
_DELIVERED = re.compile(r"^(?P<stem>.+)_(?:" + "|".join(map(re.escape, PRESETS)) + r")(?:-\d+)?$")
_NUMBER = re.compile(r"[0-9]+")
_LAST_DIGITS = re.compile(r"([0-9]+)[^0-9]*$")
# What a copy or an edit adds after the camera's counter, never a counter itself: the
# Finder's and a browser's " copy", " copy 2", " (2)", Windows' " - Copy", an editor's "_v2"
_VERSION_SUFFIX = re.compile(r"(?:\s*\([0-9]+\)|[ _-]copy(?:[ _-]?[0-9]+)?|[ _-]v[0-9]+)$", re.IGNORECASE)
# Lightroom's "-2" for a second copy: after a counter ("IMG_0012-2"), not as the only
# digits of a renamed frame ("Smith-7"); a file manager's or a download's "_2" right after
# a camera's four-digit counter ("IMG_0012_2"), not after a name ("Smith_2")
_DUPLICATE_SUFFIX = re.compile(r"-[1-9][0-9]?$|(?<=[0-9]{4})_[1-9][0-9]?$")
_JOINERS = {"and", "&", "or"}   # join a list's numbers ("12, 45 and 103"): no sentence's words
# A phone number in an e-mail's signature ("07700 900123") is no list of frame numbers: a
# camera counts to 9999, so a group of five digits or more means no frame (unless a frame's
# name writes its counter so: Sony's DSC05432); nor do groups that together are as long
# as a phone number, ten digits (_phone_number_words).
PHONE_GROUP_DIGITS, PHONE_DIGITS = 5, 10


@dataclass
class ChoiceMatch:
    """What a list means for a shoot."""

    chosen: list[str] = field(default_factory=list)                # frame names, list order, each once
    unmatched: list[str] = field(default_factory=list)             # names that meant no frame
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # name -> the frames it could mean
    repeated: list[str] = field(default_factory=list)              # names of a frame already chosen
    prose: list[str] = field(default_factory=list)                 # a sentence's other words (_is_prose)
    in_sentence: dict[str, list[str]] = field(default_factory=dict)  # number among a sentence's words ->
                                                                     # the frames carrying it (not marked)

    @property
    def problems(self) -> bool:
        return bool(self.unmatched or self.ambiguous or self.in_sentence)

    def problem_lines(self) -> list[str]:
        """One line per name the photographer must look at."""
        lines = [f"{name}: matches no frame of the shoot" for name in self.unmatched]
        lines += [f"{name}: matches {len(frames)} frames ({', '.join(frames)}); not marked"
                  for name, frames in self.ambiguous.items()]
        lines += [f"{number}: a number within a sentence, where a count or a date reads the same; "
                  f"{' and '.join(frames)} {'carries' if len(frames) == 1 else 'carry'} it; not marked"
                  for number, frames in self.in_sentence.items()]
        lines += [f"{name}: names a frame already chosen in this list" for name in self.repeated]
        if self.prose:
            lines.append(f"Other words, naming no frame: {', '.join(self.prose)}")
        return lines


class FrameIndex:
    """Every name a frame can be called by, folded (folded_name), to the frames it names."""

    def __init__(self, frames: dict[str, tuple[Path, ...]], delivered: dict[str, str] | None = None):
        """`frames`: frame name (posix, within the shoot) -> its files; `delivered`:
        a delivered file's name -> the frame it came from (export manifests)."""
        self._keys: dict[str, set[str]] = {}
        self._numbers: dict[int, set[str]] = {}
        self._counters: set[str] = set()     # the counters as the names write them ("05432")
        for name, files in frames.items():
            folder = PurePosixPath(name).parent
            for file in files:
                relative = (folder / Path(file).name).as_posix()
                for key in (relative, Path(file).name, _stem(relative), _stem(Path(file).name)):
                    self._add(key, name)
                counter = _counter(_stem(Path(file).name))
                if counter is not None:
                    self._numbers.setdefault(int(counter), set()).add(name)
                    self._counters.add(counter)
        for output, source in (delivered or {}).items():
            if source in frames:
                # also without its person's folder: a client lists file names, and a
                # re-tester's "Alex Kim (akim@…)_linkedin.jpg" matched no frame
                base = PurePosixPath(output).name
                for key in (output, _stem(output), base, _stem(base)):
                    self._add(key, source)

    def _add(self, key: str, name: str) -> None:
        self._keys.setdefault(folded_name(key), set()).add(name)

    def lookup(self, word: str) -> list[str]:
        """The frames `word` names (none, one, or several when it is ambiguous); a word
        that names none is tried again without the brackets around it and the
        punctuation a sentence ends it with."""
        found = self._lookup(word)
        bare = _bare(word)
        return found if found or bare == word or not bare else self._lookup(bare)

    def numbered(self, word: str) -> list[str]:
        """The frames whose file names carry `word`, a bare number, as their number
        (IMG_0012.JPG for "12" or "0012"); none for a word that is not a number."""
        bare = _bare(word)
        return sorted(self._numbers.get(int(bare), ())) if _NUMBER.fullmatch(bare) else []

    def writes_counter(self, group: str) -> bool:
        """Whether a frame's name writes its counter exactly as `group` (DSC05432 for
        "05432", not IMG_7700 for "07700")."""
        return group in self._counters

    def near(self, word: str) -> bool:
        """Whether `word` is close to a name of a frame (a misspelt name, "portait" for
        portrait.jpg): such a word is reported as a name that matched nothing, never
        taken for a sentence's own word."""
        bare = folded_name(_bare(word))
        return len(bare) >= NEAR_MIN_LENGTH and bool(get_close_matches(bare, self._keys, n=1, cutoff=NEAR))

    def _lookup(self, word: str) -> list[str]:
        word = word.replace("\\", "/").strip().strip("/")
        base = word.rsplit("/", 1)[-1]
        for key in (word, base, _stem(word), _stem(base)):
            found = self._keys.get(folded_name(key))
            if found:
                return sorted(found)
        delivered = _DELIVERED.match(_stem(base))
        if delivered:
            return sorted(self._keys.get(folded_name(delivered["stem"]), ()))
        return []


def match_choices(phrases: list[str], index: FrameIndex) -> ChoiceMatch:
    """The frames a list's phrases (choice_list.read_choice_list) mean. A phrase is taken
    whole first (a file name may hold spaces), then word by word. In a sentence every
    word that names no frame is reported, prose too: a misspelt name ("bem" for "ben")
    is a word of letters like any other, and a frame the client chose must not be lost
    without a word. But the words of letters come last, on one line of their own: a
    tester's pasted e-mail listed "Hi Pat", "thanks!", "like", "the" as 15 names that
    matched nothing, and the one real miss (IMG_9999) was lost among them."""
    match = ChoiceMatch()
    for phrase in phrases:
        words = [phrase]
        # a sentence (three words or more), not an entry of a list: a name of one or two
        # words ("Chidi Okafor", "Kim") is always a name, matched or missed, whatever
        # sentences stand beside it in the same paste
        sentence = len(phrase.split()) > 2
        phone = _phone_number_words(phrase.split(), index.writes_counter)
        if not index.lookup(phrase) and len(phrase.split()) > 1:
            split = phrase.split()
            if sentence or any(index.lookup(word) or (word not in phone and index.numbered(word))
                               for word in split):
                words = split
        # words around the numbers: "12 45 103" and "45 and 103" are lists; "Also 200 please",
        # and "May 12", "3 photos", "Top 5" between commas, are not
        worded = any(_is_prose(word) and _bare(word).casefold() not in _JOINERS and not index.lookup(word)
                     for word in words)
        for word in words:
            found = index.lookup(word)
            if not found and word not in phone and (numbered := index.numbered(word)):
                if worded:
                    match.in_sentence.setdefault(_bare(word), numbered)
                    continue
                found = numbered
            _take(word, found, match,
                  sentence and (_is_prose(word) or word in _JOINERS) and not index.near(word))
    return match


def frame_number(stem: str) -> int | None:
    """The camera's counter in a frame's stem: its last digits once a copy's or a
    version's suffix is taken off (IMG_0012-2, IMG_0012_2, "IMG_0012 (2)", Smith_0012_v2
    are 12; portrait_v2 has none), so "2" never names a second copy."""
    counter = _counter(stem)
    return int(counter) if counter is not None else None


def _counter(stem: str) -> str | None:
    """frame_number's digits as the stem writes them, leading zeros kept."""
    while True:
        suffix = _VERSION_SUFFIX.search(stem) or _DUPLICATE_SUFFIX.search(stem)
        if not suffix or (suffix.re is _DUPLICATE_SUFFIX and not _NUMBER.search(stem[:suffix.start()])):
            break
        stem = stem[:suffix.start()]
    number = _LAST_DIGITS.search(stem)
    return number[1] if number else None


def _bare(word: str) -> str:
    """The word without the brackets around it or the punctuation a sentence ends it with."""
    return word.lstrip(_OPENING_MARKS).rstrip(_SENTENCE_MARKS)


def _phone_number_words(words: list[str], writes_counter=lambda group: False) -> set[str]:
    """The words that are groups of a phone number ("07700 900123", "+44 20 7946 0958",
    "020 7946 0958", "555 123 4567"), not frame numbers ("0012 0045 0101", "12 45 103 2024"):
    a group of five digits or more (unless a frame's name writes its counter so, and the
    group is no part of a run below), and each run of digit groups beside one another that
    opens with "+", or with a 0 and ten digits or more in groups of different widths
    (a padded list's are of one), or is shaped as a North American number (3, 3, 4) or a
    French one (five pairs from a 0: "06 12 34 56 78")."""
    phone: set[str] = set()
    runs: list[list[str]] = [[]]
    for word in words:
        if re.fullmatch(r"\+?[0-9]+", _bare(word).strip("()")):
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    for run in runs:
        groups = [_bare(word).strip("()") for word in run]
        widths = [len(group.lstrip("+")) for group in groups]
        from_zero = bool(groups) and groups[0].startswith("0")
        shaped = widths == [3, 3, 4] or (from_zero and widths == [2] * 5)
        long_mixed = len(groups) > 1 and from_zero and sum(widths) >= PHONE_DIGITS and len(set(widths)) > 1
        if (groups and groups[0].startswith("+")) or shaped or long_mixed:
            phone.update(run)
        phone.update(word for word, group, width in zip(run, groups, widths)
                     if width >= PHONE_GROUP_DIGITS and not writes_counter(group))
    return phone


def _is_prose(word: str) -> bool:
    """A word of letters (an apostrophe or hyphen within), punctuation around it: no
    digit, underscore or dot, which a camera's or an export's file name has."""
    bare = word.lstrip(_OPENING_MARKS + "\"'").rstrip(_SENTENCE_MARKS + "\"'")
    return bool(bare) and all(c.isalpha() or c in "'’-" for c in bare)


def _take(word: str, frames: list[str], match: ChoiceMatch, prose: bool = False) -> None:
    if not frames:
        said = _bare(word) or word   # "IMG_9999." ends a sentence
        if prose:
            if said not in match.prose:
                match.prose.append(said)
        elif said not in match.unmatched:
            match.unmatched.append(said)
    elif len(frames) > 1:
        match.ambiguous[word] = frames
    elif frames[0] in match.chosen:
        match.repeated.append(word)
    else:
        match.chosen.append(frames[0])


def folded_name(name: str) -> str:
    """The name as names are compared: accents composed one way (NFC), case folded."""
    return unicodedata.normalize("NFC", name).casefold()


def _stem(name: str) -> str:
    """The name without a photo or sidecar extension (a stem with dots keeps them)."""
    path = PurePosixPath(name)
    return str(path.with_suffix("")) if path.suffix.lower() in _KNOWN_SUFFIXES else name
