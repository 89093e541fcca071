"""Where a posed body's weight is: the centre of mass from segment masses, so a test can
tell a standing picture that would topple over.

Masses are fractions of body mass from de Leva (1996, Table 4, men): head 6.94 %, upper
trunk 15.96 %, middle trunk 16.33 %, lower trunk 11.17 %, upper arm 2.71 %, forearm
1.62 %, hand 0.61 %, thigh 14.16 %, shank 4.33 %, foot 1.37 %. Each segment's mass is put
at its middle (de Leva gives the exact points; the middle is within a few centimetres).
"""

from __future__ import annotations

import numpy as np

from hamcoach.motion.body import Body

MASS: dict[str, float] = {
    "head": 0.0694,
    "thoracic": 0.1596,
    "lumbar": 0.1633,
    "pelvis": 0.1117,
    "upper-arm": 0.0271,
    "forearm": 0.0162,
    "hand": 0.0061,
    "thigh": 0.1416,
    "shank": 0.0433,
    "foot": 0.0137,
}


def centre_of_mass(body: Body) -> np.ndarray:
    total = np.zeros(2)
    weight = 0.0
    for segment in body.segments():
        mass = MASS[segment.name]
        total += mass * (segment.start + segment.end) / 2
        weight += mass
    centre, _ = body.head()
    total += MASS["head"] * centre
    weight += MASS["head"]
    return total / weight
