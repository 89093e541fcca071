"""Ranked, typo-tolerant search over the catalog.

Each exercise is turned into weighted fields (name and id weigh most, then
aliases and the routines it belongs to, then targets/goals/equipment/category
and the conditions its cautions are for, then the summary and the cautions'
advice). A routine made for a concern (article 002's five for knee pain) puts
its exercises first for that concern. A query word matches a field word exactly, by prefix, or by
similarity (so "hamstirng" still finds hamstrings). Phrases a person would type,
like "no equipment" or "knee pain", are mapped onto catalog facts first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from hamcoach.domain.catalog import Catalog, Exercise, Routine

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"a", "an", "the", "and", "or", "for", "with", "of", "to", "in", "on", "my"})

# Phrases a person types, rewritten to the words the catalog uses.
_PHRASES: tuple[tuple[str, str], ...] = (
    ("no equipment", "equipment-none"),
    ("without equipment", "equipment-none"),
    ("bodyweight only", "equipment-none"),
    ("at home", "equipment-none"),
    ("knee pain", "knee-pain"),
    ("back pain", "back-pain"),
    ("low back", "back-pain"),
    ("lower back", "back-pain"),
    ("exercise ball", "stability-ball"),
    ("swiss ball", "stability-ball"),
    ("resistance band", "resistance-band"),
    ("theraband", "resistance-band"),
    ("sciatic", "sciatica"),
    ("leg pain", "sciatica"),
    ("tingling", "sciatica"),
)

_CONCERN_TOKENS = {"low-back-pain": "back-pain"}

_WEIGHTS = {
    "name": 6.0,
    "routine": 4.5,
    "alias": 4.0,
    "facet": 3.0,
    "summary": 1.5,
    "body": 0.5,
}


@dataclass(frozen=True, slots=True)
class Hit:
    exercise: Exercise
    score: float


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def _stem(word: str) -> str:
    """Plural to singular, nothing cleverer: 'curls' -> 'curl'."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _query_terms(query: str) -> list[str]:
    text = query.lower()
    terms: list[str] = []
    for phrase, token in _PHRASES:
        if phrase in text:
            terms.append(token)
            if token.startswith("equipment-"):
                text = text.replace(phrase, " ")
    terms.extend(_stem(w) for w in _words(text))
    return list(dict.fromkeys(terms))


def _document(ex: Exercise, routines: tuple[Routine, ...] = ()) -> dict[str, set[str]]:
    facets = [ex.category.value, ex.position.value, ex.laterality.value]
    facets += [t.value for t in ex.targets] + [g.value for g in ex.goals]
    equipment = {eq.value for eq in ex.equipment}
    if not ex.needs():
        equipment.add("equipment-none")
    conditions = {_CONCERN_TOKENS.get(c.value, c.value) for c in ex.helps_with}
    cautioned = {_CONCERN_TOKENS.get(c.condition.value, c.condition.value) for c in ex.cautions}
    doc: dict[str, set[str]] = {
        "name": {_stem(w) for w in _words(ex.name + " " + ex.id.replace("-", " "))},
        "routine": {_stem(w) for r in routines for w in _words(r.name)}
        | {tag for r in routines for tag in _tags_in(r.name)},
        "alias": {_stem(w) for a in ex.aliases for w in _words(a)},
        "facet": {_stem(w) for f in facets for w in _words(f.replace("-", " "))}
        | set(facets)
        | equipment
        | conditions
        | cautioned,
        "summary": {_stem(w) for w in _words(ex.summary)} | set(_tags_in(ex.summary)),
        "body": {_stem(w) for text in (*ex.cues, *ex.steps) for w in _words(text)}
        | {_stem(w) for c in ex.cautions for w in _words(c.advice)},
    }
    return doc


def _tags_in(text: str) -> list[str]:
    low = text.lower()
    return [token for phrase, token in _PHRASES if phrase in low]


@lru_cache(maxsize=4096)
def _similar(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if (len(a) >= 3 and b.startswith(a)) or (len(b) >= 5 and a.startswith(b)):
        return 0.9
    if abs(len(a) - len(b)) > 2 or min(len(a), len(b)) < 4:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio if ratio >= 0.8 else 0.0


def _term_score(term: str, doc: dict[str, set[str]]) -> float:
    best = 0.0
    for field, words in doc.items():
        weight = _WEIGHTS[field]
        if term in words:
            best = max(best, weight)
            continue
        sim = max((_similar(term, w) for w in words), default=0.0)
        best = max(best, weight * sim * 0.8)
    return best


def _members(routine: Routine) -> set[str]:
    return {item.exercise for item in routine.items}


def search(catalog: Catalog, query: str, *, limit: int = 10) -> list[Hit]:
    """Exercises ranked by how well they match ``query``, best first.

    Every query word contributes its best-matching field; exercises matching
    more of the words rank higher. Ties break on catalog order (stable).
    """
    terms = _query_terms(query)
    if not terms:
        return []
    hits: list[Hit] = []
    for ex in catalog:
        doc = _document(ex, tuple(r for r in catalog.routines.values() if ex.id in _members(r)))
        scores = [_term_score(t, doc) for t in terms]
        matched = sum(1 for s in scores if s > 0)
        if matched == 0:
            continue
        coverage = matched / len(terms)
        score = sum(scores) * coverage
        hits.append(Hit(ex, round(score, 4)))
    hits.sort(key=lambda h: -h.score)  # stable: ties keep catalog order
    return hits[:limit]
