"""The measures of a frame, taken on its working-size image around its main face."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shotkind_desktop.core.faces import Face
from shotkind_desktop.core.measures.backdrop import Backdrop, measure_backdrop
from shotkind_desktop.core.measures.facing import Facing, measure_facing
from shotkind_desktop.core.measures.framing import Framing, measure_framing
from shotkind_desktop.core.measures.lighting import Lighting, measure_lighting
from shotkind_desktop.core.measures.regions import luma
from shotkind_desktop.core.measures.sharpness import measure_sharpness


@dataclass(frozen=True)
class Measures:
    """Everything measured about a frame with a person; faces in working coordinates."""

    framing: Framing
    facing: Facing
    lighting: Lighting
    backdrop: Backdrop
    sharpness: float
    people: int


def measure_frame(image: np.ndarray, main: Face, subjects: list[Face]) -> Measures:
    height, width = image.shape[:2]
    return Measures(
        framing=measure_framing(main, width, height),
        facing=measure_facing(main),
        lighting=measure_lighting(image, luma(image), main, subjects),
        backdrop=measure_backdrop(image, subjects),
        sharpness=measure_sharpness(image, main),
        people=len(subjects),
    )
