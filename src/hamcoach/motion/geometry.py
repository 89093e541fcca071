"""Measures on a posed body, for the form checks (the pictures' tests, and later the audit
of a person's own keypoints)."""

from __future__ import annotations

import numpy as np


def angle_at(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """The angle ABC in degrees (180 is a straight line through B)."""
    u, v = a - b, c - b
    cos = float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def bend(*points: np.ndarray) -> float:
    """How far a chain of points is from a straight line: the largest angle (degrees) by
    which it turns at any inner point; 0 is straight."""
    return max(
        180.0 - angle_at(a, b, c) for a, b, c in zip(points, points[1:], points[2:], strict=False)
    )


def incline(a: np.ndarray, b: np.ndarray) -> float:
    """The slope of A to B in degrees from the horizontal (positive when B is higher)."""
    d = b - a
    return float(np.degrees(np.arctan2(d[1], abs(d[0]))))
