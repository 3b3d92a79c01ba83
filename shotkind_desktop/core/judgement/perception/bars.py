"""Letterbox and pillarbox padding (video stills, letterboxed crops, scans on a matte):
bars are neither backdrop, nor body below the chin, nor deep shadow, so they are cut off
before a frame is measured."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from shotkind_desktop.core.judgement.face_record import Face

BAR_FLAT = 2.0     # 8-bit levels: a padding bar is one tone, flat to within JPEG noise
BAR_EDGE = 12.0    # levels: the picture next to a bar differs from its tone...
BAR_SPAN = 0.9     # ...along nearly the whole edge (a straight cut, not a fade)
BAR_MIN = 0.01     # of the side: thinner flat lines are a border or a scanner's edge, not padding


def bar_sizes(gray: np.ndarray) -> tuple[int, int, int, int]:
    """Rows or columns at the frame's edges that are one flat tone from side to side and
    end at a straight edge, where the next line differs from the bar along nearly its
    whole length. A blown-out white or black backdrop is flat too, but it fades into the
    picture, so it is not taken for a bar. `gray`: the frame's 8-bit luma. Returns (top,
    bottom, left, right) in pixels."""

    def side(lines: np.ndarray) -> int:      # first axis runs from the edge inward
        count, limit = 0, len(lines) // 2
        while count < limit and lines[count].std() < BAR_FLAT:
            count += 1
        if count == 0 or count < BAR_MIN * len(lines) or count >= limit:
            return 0
        bar_tone = lines[:count].mean()
        edge = np.abs(lines[count].astype(np.float32) - bar_tone) > BAR_EDGE
        return count if edge.mean() >= BAR_SPAN else 0

    return side(gray), side(gray[::-1]), side(gray.T), side(gray.T[::-1])


def without_bars(image: np.ndarray, gray: np.ndarray, faces: list[Face]
                 ) -> tuple[np.ndarray, np.ndarray, list[Face], tuple[int, int]]:
    """The frame and its luma with their padding bars cut off, the faces in the cut
    frame's coordinates, and where the cut frame starts in the whole one (x, y)."""
    top, bottom, left, right = bar_sizes(gray)
    if not (top or bottom or left or right):
        return image, gray, faces, (0, 0)
    height, width = image.shape[:2]
    moved = [replace(face, box=(face.box[0] - left, face.box[1] - top, face.box[2], face.box[3]),
                     landmarks=tuple((x - left, y - top) for x, y in face.landmarks))
             for face in faces]
    rows, cols = slice(top, height - bottom), slice(left, width - right)
    return (np.ascontiguousarray(image[rows, cols]), np.ascontiguousarray(gray[rows, cols]),
            moved, (left, top))
