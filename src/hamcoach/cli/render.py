"""Rich renderings of catalog values. Pure: values in, renderables out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from hamcoach.cli.fit import Fitted
from hamcoach.domain.catalog import Catalog, Dosage, Exercise, LadderLink, Routine


def exercise_table(exercises: Iterable[Exercise], *, title: str | None = None) -> Fitted:
    table = Table(
        title=title, title_justify="left", expand=False, header_style="bold", box=box.SIMPLE
    )
    headers = ["id", "category", "dose", "needs"]
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("category", no_wrap=True)
    table.add_column("dose")
    table.add_column("needs")
    rows: list[list[str | Text]] = []
    for ex in exercises:
        needs = sorted(e.value for e in ex.needs())
        rows.append(
            [Text(ex.id), ex.category.value, Text(ex.dosage.describe()), ", ".join(needs) or "-"]
        )
        table.add_row(*rows[-1])
    return Fitted(table, headers, rows, title, gap=False)


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def bullets(items: Sequence[str], *, numbered: bool = False, mark: str = "-") -> Table:
    """A list with hanging indents, so wrapped lines stay under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for i, item in enumerate(items, 1):
        grid.add_row(f" {i}." if numbered else f"  {mark}", Text(item))
    return grid


def dosage_lines(catalog: Catalog, dose: Dosage) -> list[str]:
    lines = [dose.describe()]
    if dose.tempo:
        lines.append(f"tempo: {dose.tempo}")
    if dose.rest_seconds:
        lines.append(f"rest: {dose.rest_seconds} s between sets")
    if dose.evidence.value == "default":
        basis = "hamcoach default (not from an article; configurable)"
    else:
        basis = catalog.cite(dose.sources)
    lines.append(f"basis: {basis}")
    if dose.note:
        lines.append(dose.note)
    for week in dose.weekly:
        per_set = f" ({'-'.join(map(str, week.reps_by_set))})" if week.reps_by_set else ""
        lines.append(
            f"week {week.week}: {week.sessions_per_week}x/week, {week.sets} x {week.reps}{per_set}"
        )
    return lines


def _link_line(catalog: Catalog, link: LadderLink) -> str:
    name = catalog.exercises[link.target].name if link.target in catalog else link.target
    where = f" ({catalog.cite(link.sources)})" if link.sources else ""
    check = f" [check: {link.criterion.describe()}]" if link.criterion else ""
    return f"{name} [{link.target}]: {link.criterion_text}{check}{where}"


def exercise_detail(catalog: Catalog, ex: Exercise) -> RenderableType:
    parts: list[RenderableType] = []
    title = Text(ex.name, style="bold")
    title.append(f"  [{ex.id}]", style="cyan")
    parts.append(title)
    if ex.aliases:
        parts.append(Text("also: " + ", ".join(ex.aliases), style="dim"))
    parts.append(Text(ex.summary))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("category", ex.category.value)
    facts.add_row("position", ex.position.value)
    facts.add_row("laterality", ex.laterality.value)
    facts.add_row("equipment", ", ".join(e.value for e in ex.equipment))
    facts.add_row("targets", ", ".join(t.value for t in ex.targets))
    facts.add_row("goals", ", ".join(g.value for g in ex.goals))
    if ex.helps_with:
        facts.add_row("helps with", ", ".join(c.value for c in ex.helps_with))
    parts.append(Text())
    parts.append(facts)

    parts.append(_heading("Dose"))
    parts.append(bullets(dosage_lines(catalog, ex.dosage)))
    for alt in ex.alternative_dosages:
        parts.append(bullets(["alternative: " + "; ".join(dosage_lines(catalog, alt))]))

    parts.append(_heading("Steps"))
    parts.append(bullets(ex.steps, numbered=True))
    if ex.cues:
        parts.append(_heading("Cues"))
        parts.append(bullets(ex.cues))
    if ex.mistakes:
        parts.append(_heading("Common mistakes"))
        parts.append(bullets([f"{m.fault} -> {m.correction}" for m in ex.mistakes]))

    ladder = catalog.ladder(ex.id)
    parts.append(_heading("Ladder"))
    if len(ladder.steps) > 1:
        chain = Text()
        for i, step in enumerate(ladder.steps):
            if i:
                chain.append(" -> ")
            chain.append(step, style="bold reverse" if i == ladder.position else "")
        parts.append(chain)
    else:
        parts.append(Text("stands alone (no easier or harder step in the catalog)"))
    if ex.progressions:
        parts.append(Text("Next step up, and what unlocks it:"))
        parts.append(bullets([_link_line(catalog, p) for p in ex.progressions]))
    if ex.regressions:
        parts.append(Text("Step down when:"))
        parts.append(bullets([_link_line(catalog, r) for r in ex.regressions]))

    if ex.cautions:
        parts.append(_heading("Cautions"))
        lines = []
        for c in ex.cautions:
            sub = f" Instead: {c.substitute}." if c.substitute else ""
            where = f" ({catalog.cite(c.sources)})" if c.sources else ""
            lines.append(f"{c.condition.value} ({c.action.value}): {c.advice}{sub}{where}")
        parts.append(bullets(lines))
    if ex.notes:
        parts.append(_heading("Notes"))
        parts.append(
            bullets(
                [n.text + (f" ({catalog.cite(n.sources)})" if n.sources else "") for n in ex.notes]
            )
        )
    parts.append(_heading("Sources"))
    parts.append(bullets(_source_lines(catalog, ex.sources)))
    return Group(*parts)


def _source_lines(catalog: Catalog, refs: Iterable[object]) -> list[str]:
    lines = []
    for ref in refs:
        source_id = getattr(ref, "source", "")
        note = getattr(ref, "note", None)
        src = catalog.sources.get(source_id)
        if src is None:
            label = source_id
        elif src.kind == "article":
            label = f'{src.cite()}: "{src.title}" ({src.file})'
        else:
            label = f"{src.title} ({src.file})"
        lines.append(label + (f" - {note}" if note else ""))
    return lines


def routine_table(catalog: Catalog, routines: Iterable[Routine]) -> Fitted:
    table = Table(expand=False, header_style="bold", box=box.SIMPLE)
    headers = ["id", "name", "exercises", "per week", "from"]
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("name")
    table.add_column("exercises", justify="right")
    table.add_column("per week")
    table.add_column("from")
    rows: list[list[str | Text]] = []
    for rt in routines:
        rows.append(
            [
                Text(rt.id),
                Text(rt.name),
                str(len(rt.items)),
                str(rt.sessions_per_week),
                catalog.cite(rt.sources),
            ]
        )
        table.add_row(*rows[-1])
    return Fitted(table, headers, rows)


def routine_detail(catalog: Catalog, routine: Routine) -> RenderableType:
    parts: list[RenderableType] = [
        Text(routine.name, style="bold") + Text(f"  [{routine.id}]", style="cyan"),
        Text(routine.summary),
    ]
    weeks = f" for {routine.weeks} weeks" if routine.weeks else ""
    parts.append(Text(f"{routine.sessions_per_week} sessions a week{weeks}"))
    table = Table(expand=False, header_style="bold", box=box.SIMPLE)
    headers = ["#", "exercise", "category", "dose", "note"]
    table.add_column("#", justify="right")
    table.add_column("exercise")
    table.add_column("category")
    table.add_column("dose")
    table.add_column("note")
    rows: list[list[str | Text]] = []
    for i, item in enumerate(routine.items, 1):
        ex = catalog.get(item.exercise)
        dose = item.dosage or ex.dosage
        cells: list[str | Text] = [
            Text(f"{ex.name} [{ex.id}]"),
            ex.category.value,
            Text(dose.describe()),
            Text(item.note or ""),
        ]
        table.add_row(str(i), *cells)
        rows.append([f"{i}. {ex.name} [{ex.id}]", "", *cells[1:]])  # stacked: named once
    parts.append(Fitted(table, headers, rows))
    if routine.notes:
        parts.append(_heading("Notes"))
        parts.append(
            bullets(
                [
                    n.text + (f" ({catalog.cite(n.sources)})" if n.sources else "")
                    for n in routine.notes
                ]
            )
        )
    parts.append(_heading("Sources"))
    parts.append(bullets(_source_lines(catalog, routine.sources)))
    return Group(*parts)
