"""hamcoach: a hamstring rehabilitation and strength coach.

It educates and organises exercise; it does not diagnose.
"""

__version__ = "0.1.0"
