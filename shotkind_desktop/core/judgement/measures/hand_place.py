"""Where a hand is at the face, in the words the reasons and the window use (records.HAND_PLACES):
a measure of the hands perception found (perception/hands.py) against the main face."""

from __future__ import annotations

from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters
from shotkind_desktop.core.judgement.perception.hands import Hand, overlap


def hand_over_face(hands: list[Hand], face_box, landmarks, p: Parameters = PARAMETERS) -> str | None:
    """Where a hand is at the face: over the "mouth", an "eye", on the "cheek", or
    beside it or in the hair ("face"), the worst if several; None without a hand.
    `landmarks` as Face orders them: eye image-left, eye image-right, nose tip,
    mouth corner image-left, mouth corner image-right."""
    x, y, w, h = face_box
    # The mouth's centre, not a corner: a hand beside the face can reach one corner.
    mouth = ((landmarks[3][0] + landmarks[4][0]) / 2, (landmarks[3][1] + landmarks[4][1]) / 2)
    places = set()
    for hand in hands:
        hx, hy, hw, hh = hand.box

        def covers(point) -> bool:
            return hx <= point[0] <= hx + hw and hy <= point[1] <= hy + hh
        if covers(mouth):
            places.add("mouth")
        elif covers(landmarks[0]) or covers(landmarks[1]):
            places.add("eye")
        elif overlap(hand.box, face_box) >= p.cheek_overlap * w * h:
            places.add("cheek")
        elif overlap(hand.box, face_box) > 0:
            places.add("face")
    return next((place for place in ("mouth", "eye", "cheek", "face") if place in places), None)
