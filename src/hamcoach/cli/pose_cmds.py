"""`hamcoach pose CLIP -o OUT.json` (or ``OUT.csv``), and the video half of `hamcoach audit`
(docs/keypoints.md, "Video"): MediaPipe's pose in each frame, from the optional ``video``
extra.

OpenCV, MediaPipe, numpy and the audit package are imported inside the functions, off the
CLI's start path.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hamcoach.cli.common import fail, naming

if TYPE_CHECKING:
    from collections.abc import Callable

    from hamcoach.audit.keypoints import Track
    from hamcoach.audit.report import Audit
    from hamcoach.audit.video import Poses

commands = typer.Typer()


def _progress(total: int) -> Callable[[int], None]:
    """Where a long estimate says how far it is: a line rewritten on a terminal's stderr."""

    def say(frame: int) -> None:
        if frame % 30 == 0 or frame == total:
            of = f" of {total}" if total else ""
            sys.stderr.write(f"\rfinding the pose: frame {frame}{of}")
            sys.stderr.flush()

    return say


def read_video(file: Path) -> Poses:
    """MediaPipe's landmarks in every frame of ``file``; every problem an ``error:`` line
    naming the file (a missing extra, an empty file, not a video, too long, no one in it)."""
    from hamcoach.audit.video import VideoFileError, estimate, open_clip

    with naming(file):
        capture, clip = open_clip(file)  # refuses what cannot be audited before decoding
        capture.release()
        tty = sys.stderr.isatty()
        poses = estimate(file, _progress(clip.frames) if tty else None)
        if tty:
            sys.stderr.write("\n")
        if poses.found == 0:
            raise VideoFileError(f"no person was found in any of its {poses.frames} frames")
    return poses


def check_annotate(file: Path, annotate: Path | None) -> None:
    """Refuse ``--annotate OUT.mp4`` before any work when it cannot be written."""
    from hamcoach.audit.video import is_video

    if annotate is None or annotate.suffix.lower() != ".mp4":
        return  # a picture (.svg, .png) is drawn from any input: audit_cmds checks it
    if not is_video(file):
        fail(
            f"--annotate {annotate}: an .mp4 annotation needs a video input; {file} is "
            "keypoints: draw a picture (.svg or .png) instead"
        )
    if not annotate.parent.is_dir():
        fail(f"{annotate}: the folder {annotate.parent} does not exist")


def track_for(
    file: Path, annotate: Path | None, read_keypoints: Callable[[Path], Track]
) -> tuple[Track, Poses | None]:
    """What `hamcoach audit` audits: a video's pose (and the landmarks, for --annotate),
    or the keypoint file read by ``read_keypoints``."""
    from hamcoach.audit.video import is_video, track_of

    check_annotate(file, annotate)
    if not is_video(file):
        return read_keypoints(file), None
    poses = read_video(file)
    return track_of(poses), poses


def annotate_video(file: Path, poses: Poses, result: Audit, out: Path) -> None:
    """Write the clip with the skeleton and each rep's verdict to ``out``."""
    from hamcoach.audit.video_overlay import write_annotated

    with naming(file):
        frames = write_annotated(file, poses, result, out)
    print(f"wrote {out} ({frames} frames)", file=sys.stderr)


@commands.command("pose")
def pose(
    file: Annotated[
        Path,
        typer.Argument(
            help="A video of the exercise (MP4, MOV, AVI, MKV, WebM...).",
            metavar="CLIP",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="OUT.json|OUT.csv",
            help="Where to write the keypoints: hamcoach keypoints JSON for a .json name, CSV "
            "in MediaPipe's names for a .csv one (docs/keypoints.md); 'hamcoach audit OUT' "
            "reads either.",
        ),
    ],
) -> None:
    """Find the person's pose in each frame of a video (MediaPipe Pose, 33 landmarks) and
    write the keypoints. Needs the video extra: pip install 'hamcoach[video]'."""
    from hamcoach.audit.video import found_note, is_video
    from hamcoach.files import write_atomic

    kind = output.suffix.lower()
    if kind not in (".json", ".csv"):
        fail(f"{output}: the keypoints are written as .json or .csv; name the file so")
    if not output.parent.is_dir():
        fail(f"{output}: the folder {output.parent} does not exist")
    if file.is_file() and not is_video(file):
        fail(f"{file}: not a video (a keypoint file is audited as it is: 'hamcoach audit')")
    poses = read_video(file)
    try:
        write_atomic(output, keypoints_text(poses, kind))
    except OSError as exc:
        fail(f"{output}: cannot write the keypoints ({exc.strerror or exc})")
    print(f"wrote {output}: {poses.frames} frames at {poses.clip.fps:g} fps", file=sys.stderr)
    print(found_note(poses), file=sys.stderr)


def keypoints_text(poses: Poses, kind: str) -> str:
    """The landmarks as hamcoach keypoints JSON or, for ``.csv``, CSV in MediaPipe's names
    with a time column for the clip's frame rate, to the JSON's decimals."""
    if kind == ".csv":
        from hamcoach.audit.video import DECIMALS
        from hamcoach.audit.writers import keypoints_csv

        return keypoints_csv(
            poses.raw, poses.clip.fps, decimals=DECIMALS, timed=True, time_decimals=6
        )
    import json

    from hamcoach.audit.video import keypoints_json

    return json.dumps(keypoints_json(poses), separators=(",", ":")) + "\n"
