"""The loader: every bad-input case names file, field and line; nothing is half-loaded."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from hamcoach.catalog.loader import (
    BUILTIN_DIR,
    CatalogError,
    catalog_dirs,
    load_catalog,
    load_catalog_cached,
)
from hamcoach.catalog.yamlfile import Problem

GOOD = """\
id: clinic-hamstring-slide
name: Heel slide
summary: Lying heel slides for early knee-flexion work.
category: strength
position: supine
targets: [knee-flexion]
goals: [activation]
laterality: unilateral
dosage:
  sets: [2, 3]
  reps: [10, 15]
  per_side: true
  evidence: default
  note: A clinic default.
steps:
  - Lie on your back with both legs straight.
  - Slide one heel toward your buttock.
  - Slide it back out.
cues: [Slow and smooth.]
mistakes:
  - {fault: Lifting the heel., correction: Keep it on the floor.}
progressions:
  - target: bridge
    criterion: Easy for two sessions.
sources: ["002"]
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(root: Path) -> list[Problem]:
    with pytest.raises(CatalogError) as info:
        load_catalog([BUILTIN_DIR, root])
    return list(info.value.problems)


def test_builtin_catalog_loads_without_problems() -> None:
    result = load_catalog([BUILTIN_DIR])
    assert len(result.catalog) >= 31
    assert result.notices == []


def test_a_good_clinic_file_merges(tmp_path: Path) -> None:
    write(tmp_path, "exercises/clinic-hamstring-slide.yaml", GOOD)
    result = load_catalog([BUILTIN_DIR, tmp_path])
    assert "clinic-hamstring-slide" in result.catalog
    assert "bridge" in result.catalog


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    bad = GOOD.replace("cues: [Slow and smooth.]", "cues: [Slow and smooth.")
    path = write(tmp_path, "exercises/clinic-hamstring-slide.yaml", bad)
    [problem] = problems_for(tmp_path)
    assert problem.file.endswith(path.name)
    assert problem.line is not None and problem.line >= 19
    assert "YAML syntax error" in problem.message


def test_unknown_field_names_field_and_line(tmp_path: Path) -> None:
    bad = GOOD.replace("cues: [Slow and smooth.]", "cues: [Slow and smooth.]\nrepz: 12")
    write(tmp_path, "exercises/clinic-hamstring-slide.yaml", bad)
    [problem] = problems_for(tmp_path)
    assert (problem.field, problem.line, problem.message) == ("repz", 20, "unknown field")


def test_wrong_type_names_the_nested_field(tmp_path: Path) -> None:
    bad = GOOD.replace("  reps: [10, 15]", "  reps: lots")
    write(tmp_path, "exercises/clinic-hamstring-slide.yaml", bad)
    found = problems_for(tmp_path)
    assert any(p.field.startswith("dosage.reps") and p.line == 11 for p in found), found


def test_bad_enum_value(tmp_path: Path) -> None:
    bad = GOOD.replace("category: strength", "category: cardio")
    write(tmp_path, "exercises/clinic-hamstring-slide.yaml", bad)
    [problem] = problems_for(tmp_path)
    assert (problem.field, problem.line) == ("category", 4)
    assert "cardio" in problem.message


def test_impossible_range(tmp_path: Path) -> None:
    bad = GOOD.replace("  sets: [2, 3]", "  sets: [3, 2]")
    write(tmp_path, "exercises/clinic-hamstring-slide.yaml", bad)
    [problem] = problems_for(tmp_path)
    assert problem.field == "dosage.sets" and "above" in problem.message


def test_ladder_step_to_missing_id_suggests(tmp_path: Path) -> None:
    bad = GOOD.replace("  - target: bridge", "  - target: bridgee")
    write(tmp_path, "exercises/clinic-hamstring-slide.yaml", bad)
    [problem] = problems_for(tmp_path)
    assert problem.field == "progressions[0].target"
    assert problem.line == 23
    assert "unknown exercise 'bridgee'" in problem.message and "'bridge'" in problem.message


def test_cycle_is_reported(tmp_path: Path) -> None:
    a = GOOD.replace("  - target: bridge", "  - target: clinic-b")
    b = GOOD.replace("clinic-hamstring-slide", "clinic-b").replace(
        "  - target: bridge", "  - target: clinic-hamstring-slide"
    )
    write(tmp_path, "exercises/clinic-hamstring-slide.yaml", a)
    write(tmp_path, "exercises/clinic-b.yaml", b)
    found = problems_for(tmp_path)
    assert any("ladder cycle" in p.message and "clinic-b" in p.message for p in found), found


def test_duplicate_id_in_one_directory(tmp_path: Path) -> None:
    write(tmp_path, "exercises/clinic-hamstring-slide.yaml", GOOD)
    write(tmp_path, "exercises/clinic-hamstring-slide.yml", GOOD)
    found = problems_for(tmp_path)
    assert any("duplicate exercise id" in p.message for p in found), found


def test_id_must_match_file_name(tmp_path: Path) -> None:
    write(tmp_path, "exercises/other-name.yaml", GOOD)
    [problem] = problems_for(tmp_path)
    assert problem.field == "id" and "does not match" in problem.message


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    write(tmp_path, "exercises/clinic-hamstring-slide.yaml", GOOD + "name: Again\n")
    [problem] = problems_for(tmp_path)
    assert problem.message == "duplicate key" and problem.field == "name"


def test_routine_naming_missing_exercise(tmp_path: Path) -> None:
    write(
        tmp_path,
        "routines/clinic-routine.yaml",
        "id: clinic-routine\nname: R\nsummary: S\nitems:\n  - exercise: bridge\n"
        "  - exercise: nordic-curls\nsources: ['003']\n",
    )
    [problem] = problems_for(tmp_path)
    assert problem.field == "items[1].exercise" and problem.line == 6
    assert "did you mean 'nordic-curl'" in problem.message


def test_unknown_source(tmp_path: Path) -> None:
    write(
        tmp_path,
        "exercises/clinic-hamstring-slide.yaml",
        GOOD.replace('sources: ["002"]', "sources: [blog]"),
    )
    [problem] = problems_for(tmp_path)
    assert problem.field == "sources[0]" and "unknown source 'blog'" in problem.message


def test_a_mistake_s_sources_are_checked(tmp_path: Path) -> None:
    write(
        tmp_path,
        "exercises/clinic-hamstring-slide.yaml",
        GOOD.replace(
            "correction: Keep it on the floor.}",
            'correction: Keep it on the floor., sources: ["002", blog]}',
        ),
    )
    [problem] = problems_for(tmp_path)
    assert problem.field == "mistakes[0].sources[1]" and "unknown source 'blog'" in problem.message


def test_many_problems_are_all_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        "exercises/clinic-hamstring-slide.yaml",
        GOOD.replace("category: strength", "category: x"),
    )
    write(tmp_path, "exercises/broken.yaml", "id: [unclosed\n")
    write(tmp_path, "exercises/list.yaml", "- just a list\n")
    found = problems_for(tmp_path)
    assert len(found) == 3
    assert len({p.file for p in found}) == 3


def test_empty_directory_is_a_problem(tmp_path: Path) -> None:
    [problem] = problems_for(tmp_path)
    assert "nothing to load" in problem.message


def test_same_id_in_a_later_directory_overrides_with_notice(tmp_path: Path) -> None:
    text = (BUILTIN_DIR / "exercises" / "bridge.yaml").read_text(encoding="utf-8")
    write(tmp_path, "exercises/bridge.yaml", text.replace("name: Bridge", "name: Clinic bridge"))
    result = load_catalog([BUILTIN_DIR, tmp_path])
    assert result.catalog.get("bridge").name == "Clinic bridge"
    assert len(result.notices) == 1 and "overrides exercise 'bridge'" in result.notices[0]


def test_catalog_dirs_reads_the_environment(tmp_path: Path) -> None:
    env = {"HAMCOACH_CATALOG_PATH": f"{tmp_path}{os.pathsep}{tmp_path / 'b'}"}
    assert catalog_dirs(env=env) == [BUILTIN_DIR, tmp_path, tmp_path / "b"]


def test_cache_is_used_and_invalidated_by_an_edit(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    path = write(clinic, "exercises/clinic-hamstring-slide.yaml", GOOD)
    cache = tmp_path / "cache"
    first = load_catalog_cached([BUILTIN_DIR, clinic], cache)
    assert len(list(cache.glob("catalog-*.json"))) == 1
    # the second load comes from the cache: reading the YAML again would fail here
    with pytest.MonkeyPatch.context() as mp:
        import hamcoach.catalog.loader as loader

        def no_yaml(*_: object, **__: object) -> object:
            raise AssertionError("the catalog was read again instead of the cache")

        mp.setattr(loader, "load_catalog", no_yaml)
        again = load_catalog_cached([BUILTIN_DIR, clinic], cache)
    assert again.catalog == first.catalog
    time.sleep(0.01)
    path.write_text(GOOD.replace("name: Heel slide", "name: Heel slides"), encoding="utf-8")
    changed = load_catalog_cached([BUILTIN_DIR, clinic], cache)
    assert changed.catalog.get("clinic-hamstring-slide").name == "Heel slides"
    assert len(list(cache.glob("catalog-*.json"))) == 1
    path.write_text("id: [broken\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        load_catalog_cached([BUILTIN_DIR, clinic], cache)


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_catalog_cached([BUILTIN_DIR], cache)
    [cached] = cache.glob("catalog-*.json")
    cached.write_bytes(b"not a catalog")
    rebuilt = load_catalog_cached([BUILTIN_DIR], cache)
    assert rebuilt.catalog == load_catalog([BUILTIN_DIR]).catalog  # read again, whole


def test_the_cache_gives_back_the_catalog_it_was_given() -> None:
    from hamcoach.catalog import cache

    result = load_catalog([BUILTIN_DIR])
    assert cache.loads(cache.dumps(result)).catalog == result.catalog
