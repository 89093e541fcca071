"""Reading what a person typed into a form: lists of whole numbers and weights. Each
problem is a 400 that names the field and the value."""

from __future__ import annotations

import re

from fastapi import HTTPException


def numbers(raw: str, field: str, *, high: int) -> list[int]:
    """'12, 12, 10' -> [12, 12, 10]; '' -> []."""
    if not raw.strip():
        return []
    out = []
    for part in raw.split(","):
        part = part.strip()
        if not re.fullmatch(r"[0-9]{1,6}", part):
            raise HTTPException(
                400, f"{field}: '{part[:20]}' is not a whole number (e.g. 12,12,10)"
            )
        if int(part) > high:
            raise HTTPException(400, f"{field}: {part} is more than {high}")
        out.append(int(part))
    return out


def optional_int(raw: str, field: str, high: int) -> int | None:
    values = numbers(raw, field, high=high)
    if len(values) > 1:
        raise HTTPException(400, f"{field}: give one number from 0 to {high}")
    return values[0] if values else None


def weights(raw: str, count: int, *, high: float) -> list[float | None]:
    """'10kg' or '10,12,14' (kg; 'lb' converts) for ``count`` sets; '' -> no weight."""
    if not raw.strip():
        return [None] * count
    parts = [p.strip().lower() for p in raw.split(",")] if count > 1 else [raw.strip().lower()]
    if len(parts) not in {1, count}:
        raise HTTPException(
            400, f"weight: {len(parts)} weights for {count} sets (give one, or one per set)"
        )
    out: list[float | None] = []
    for part in parts:
        m = re.fullmatch(r"(\d{1,4}(?:[.,]\d{1,2})?)\s*(kg|lb|lbs)?", part)
        if not m:
            raise HTTPException(400, f"weight: '{part[:20]}' is not a weight (e.g. 10kg or 22.5)")
        kg = float(m[1].replace(",", "."))
        kg = round(kg * 0.45359237, 1) if m[2] in {"lb", "lbs"} else kg
        if not 0 < kg <= high:
            raise HTTPException(400, f"weight: {kg:g} kg is outside 0-{high:g} kg")
        out.append(kg)
    return out * count if len(out) == 1 else out
