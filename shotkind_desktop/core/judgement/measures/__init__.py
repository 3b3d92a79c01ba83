"""The measures of a frame, read off what the models saw (core.judgement.perception): all of
them, so the pipeline only judges and stores what this stage returns. Each measure is a
plain record of numbers; judging them is scoring's job (the parameters reach here only to
skip the eye-focus region search where nothing will say it, and to place a hand)."""

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
from shotkind_desktop.core.judgement.measures.hand_place import hand_over_face
from shotkind_desktop.core.judgement.measures.lighting import Lighting, measure_frame_light, measure_lighting
from shotkind_desktop.core.judgement.measures.look_signatures import look_signatures
from shotkind_desktop.core.judgement.measures.sharpness import measure_sharpness
from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters
from shotkind_desktop.core.judgement.perception import Perception
from shotkind_desktop.core.judgement.perception.mesh import MESH_SURE, FaceMesh
from shotkind_desktop.core.judgement.perception.mesh_points import FOREHEAD, LEFT_EYE, RIGHT_EYE

Point = tuple[float, float]


@dataclass(frozen=True)
class Measures:
    """Everything measured about a frame with a person; faces and points in the working
    coordinates of Perception.image (bars cut off)."""

    framing: Framing
    facing: Facing
    lighting: Lighting
    backdrop: Backdrop
    eyes: Eyes
    expression: Expression
    covered: str | None      # where the palm detector puts a hand: mouth, eye, cheek, face; None
    focus: float             # the face's focus figure at 128 px (measures/sharpness.py)
    eye_focus: EyeFocus      # focus on the eyes at the file's finest pixels
    people: int
    appearance: Appearance   # what tells this sitter from the next (core.people.sitters)
    look: dict               # the frame's look signatures (core.judgement.look): similar frames
    # Where the close-ups, the loupe's Z and the crop guides look on a mesh the model was
    # sure of: the eyes, each midway between its corners, the person's right (on the
    # image's left) first; the hair's top. None without a sure mesh (or hair).
    eye_centres: tuple[Point, Point] | None = None
    head_top: float | None = None


@dataclass(frozen=True)
class NoFaceMeasures:
    """What is measured of a frame where no face was found: all of it is backdrop, its
    light, and its look."""

    backdrop: Backdrop
    dark_frame: float        # share of the frame in deep shadow
    contrast_stops: float    # the frame's p5 to p95, in stops
    look: dict
    people: int = 0


def measure_frame(seen: Perception, finer: FinerPixels | None = None,
                  p: Parameters = PARAMETERS) -> Measures | NoFaceMeasures:
    """The measures of a perceived frame; `finer`: the frame's pixels finer than the
    working picture, where it has them."""
    look = look_signatures(seen.small, seen.small_luma)
    if seen.main is None:
        dark, contrast = measure_frame_light(seen.luma)
        return NoFaceMeasures(measure_backdrop(seen.small, seen.small_luma, None), dark, contrast, look)
    image, main, mesh = seen.image, seen.main, seen.mesh
    height, width = image.shape[:2]
    sure = mesh.presence >= MESH_SURE
    appearance = measure_appearance(seen)
    preview_scale = max(seen.small.shape[:2]) / max(height, width)     # image to preview pixels
    return Measures(
        framing=measure_framing(mesh.oval_box, width, height, seen.person_pixels, mesh.share_inside(width, height)),
        facing=measure_facing(mesh.points) if sure else landmark_facing(main),
        lighting=measure_lighting(image, seen.luma, main),
        backdrop=measure_backdrop(seen.small, seen.small_luma, seen.person_pixels,
                                  p.backdrop_fringe * mesh.oval_box[3] * preview_scale),
        eyes=measure_eyes(mesh, seen.luma),
        expression=measure_expression(mesh, width, height),
        covered=hand_over_face(seen.hands, main.box, main.landmarks, p),
        focus=measure_sharpness(seen.luma, main, finer),
        eye_focus=measure_eye_focus(mesh, seen.luma, finer, p),
        people=len(seen.subjects),
        appearance=appearance,
        look=look,
        eye_centres=eye_centres(mesh) if sure else None,
        head_top=_head_top(mesh, appearance.hair_height) if sure else None,
    )


def eye_centres(mesh: FaceMesh) -> tuple[Point, Point]:
    """The eyes, each midway between its corners on the mesh, the person's right eye (on
    the image's left) first, as the landmarks are. The detector's five points miss the
    eyes of a face filling a 24-megapixel frame by 30-170 pixels, a close-up tile's width."""
    points = mesh.points[:, :2]
    return tuple((float(points[a, 0] + points[b, 0]) / 2, float(points[a, 1] + points[b, 1]) / 2)
                 for a, b in (RIGHT_EYE[:2], LEFT_EYE[:2]))


def _head_top(mesh: FaceMesh, hair_height: float | None) -> float | None:
    """The hair's top: the hairline less the hair's measured height, in face heights."""
    if hair_height is None:
        return None
    return float(mesh.points[FOREHEAD, 1] - hair_height * mesh.oval_box[3])
