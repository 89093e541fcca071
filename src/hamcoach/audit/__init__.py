"""Form audit: per-rep feedback from a pose-keypoint file (numpy only, no I/O but readers).

readers.py reads a file into a keypoints.Track; analyse.audit(track, exercise) smooths it,
works out the camera's view, finds the reps (signal.py) and makes the exercise's checks
(checks.py, measured by measures.py) on each, returning a report.Audit. sides.py picks
the side the side-view measures read (--side); annotate.py draws the audit as a picture
(marks.py: each check's measure). synthetic.py makes recordings from the body model with
known faults, for the tests and the benchmark.
"""
