"""The measures of a frame, read off what the models saw (core.judgement.perception) around the
main face. Each measure is a plain record of numbers; judging them is scoring's job (the
parameters reach here only to skip the eye-focus region search where nothing will say it)."""

from __future__ import annotations

from dataclasses import dataclass

from shotkind_desktop.core.judgement.measures.appearance import Appearance, measure_appearance
from shotkind_desktop.core.judgement.measures.backdrop import Backdrop, measure_backdrop
from shotkind_desktop.core.judgement.measures.expression import Expression, measure_expression
from shotkind_desktop.core.judgement.measures.eye_focus import EyeFocus, measure_eye_focus
from shotkind_desktop.core.judgement.measures.eyes import Eyes, measure_eyes
from shotkind_desktop.core.judgement.measures.finer import FinerPixels
from shotkind_desktop.core.judgement.measures.facing import Facing, landmark_facing, measure_facing
from shotkind_desktop.core.judgement.measures.framing import Framing, measure_framing
from shotkind_desktop.core.judgement.measures.lighting import Lighting, measure_lighting
from shotkind_desktop.core.judgement.measures.sharpness import measure_sharpness
from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters
from shotkind_desktop.core.judgement.perception import Perception
from shotkind_desktop.core.judgement.perception.hands import hand_over_face
from shotkind_desktop.core.judgement.perception.mesh import MESH_SURE


@dataclass(frozen=True)
class Measures:
    """Everything measured about a frame with a person; faces in working coordinates."""

    framing: Framing
    facing: Facing
    lighting: Lighting
    backdrop: Backdrop
    eyes: Eyes
    expression: Expression
    covered: str | None      # where the palm detector puts a hand: mouth, eye, cheek, face; None
    sharpness: float
    eye_focus: EyeFocus      # focus on the eyes at the file's finest pixels
    people: int
    appearance: Appearance   # what tells this sitter from the next (core.people.sitters)


def measure_frame(seen: Perception, finer: FinerPixels | None = None, p: Parameters = PARAMETERS) -> Measures:
    """The measures of a frame whose main face was found (seen.main is not None);
    `finer`: the frame's pixels finer than the working picture, where it has them."""
    image, main = seen.image, seen.main
    height, width = image.shape[:2]
    return Measures(
        framing=measure_framing(seen.mesh.oval_box, width, height, seen.person,
                                seen.mesh.share_inside(width, height)),
        facing=(measure_facing(seen.mesh.points) if seen.mesh.presence >= MESH_SURE
                else landmark_facing(main)),
        lighting=measure_lighting(image, seen.luma, main),
        backdrop=measure_backdrop(seen.small, seen.person),
        eyes=measure_eyes(seen.mesh, seen.luma),
        expression=measure_expression(seen.mesh, width, height),
        covered=hand_over_face(seen.hands, main.box, main.landmarks, p),
        sharpness=measure_sharpness(seen.luma, main, finer),
        eye_focus=measure_eye_focus(seen.mesh, seen.luma, finer, p),
        people=len(seen.subjects),
        appearance=measure_appearance(seen),
    )
