"""Print the mutation score of the last `mutmut run` (used by `make mutate`).

Reads `mutmut results --all true` (one `    <mutant>: <status>` line per
mutant) from stdin, or runs it when stdin is a terminal, and prints

    mutation score: K killed / N mutants = P %

then every mutant that was not killed. A timeout counts as killed (the mutant
made the tests hang, so they noticed it); every other status, "no tests"
included, counts against the score. Exits 1 when there are no results.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

KILLED = {"killed", "timeout"}


def parse(text: str) -> dict[str, str]:
    """Mutant name -> status, from `mutmut results --all true`."""
    statuses: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name and "__mutmut_" in name:
            statuses[name] = status.strip()
    return statuses


def main() -> int:
    if sys.stdin.isatty():
        mutmut = Path(sys.executable).with_name("mutmut")
        text = subprocess.run(
            [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True
        ).stdout
    else:
        text = sys.stdin.read()
    statuses = parse(text)
    if not statuses:
        print("mutation score: no mutmut results (run `make mutate`)", file=sys.stderr)
        return 1
    counts = Counter(statuses.values())
    killed = sum(counts[s] for s in KILLED)
    total = len(statuses)
    print("by status: " + ", ".join(f"{s} {n}" for s, n in sorted(counts.items())))
    survivors = sorted(name for name, status in statuses.items() if status not in KILLED)
    for name in survivors:
        print(f"  not killed: {name} ({statuses[name]})")
    print(f"mutation score: {killed} killed / {total} mutants = {100 * killed / total:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
