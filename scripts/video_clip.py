"""The real clip the video tests and bench/video.py use: Sports2D's demo video.

``sports2d==0.8.34`` on PyPI (BSD-3-Clause, by David Pagnon; docs/keypoints.md, "Video")
ships ``Sports2D/Demo/demo.mp4``: 7.7 s at 30 fps, 1768x994, outdoors; a man does
jumping jacks on a box and jumps down while a woman walks across. The wheel is fetched once
with pip into build/video/ and the clip taken out of it; later runs reuse both. Prints
the clip's path; exit 1 with the reason when pip cannot fetch it.

    python scripts/video_clip.py [FOLDER]
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

PACKAGE = "sports2d==0.8.34"
MEMBER = "Sports2D/Demo/demo.mp4"
SIZE = 3_968_304
"""The clip's size in bytes in that wheel: a clip of another size is not the one tested."""


def clip(folder: Path) -> Path:
    out = folder / "demo.mp4"
    if out.is_file() and out.stat().st_size == SIZE:
        return out
    folder.mkdir(parents=True, exist_ok=True)
    wheels = sorted(folder.glob("sports2d-0.8.34-*.whl"))
    if not wheels:
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            PACKAGE,
            "-d",
            str(folder),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True)
        wheels = sorted(folder.glob("sports2d-0.8.34-*.whl"))
        if not wheels:
            raise SystemExit(f"could not fetch {PACKAGE}: {done.stderr.strip()[-300:]}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        data = wheel.read(MEMBER)
    if len(data) != SIZE:
        raise SystemExit(f"{MEMBER} in {wheels[0].name} is {len(data)} bytes, not {SIZE}")
    part = out.with_suffix(".part")
    part.write_bytes(data)
    part.replace(out)
    return out


if __name__ == "__main__":
    print(clip(Path(sys.argv[1] if len(sys.argv) > 1 else "build/video")))
