"""Print handout (PDF): the signed-in person's own plan, linked from the plan page (who
may fetch it is in test_web_authz.py)."""

from __future__ import annotations

from pdfpages import read_pdf
from webkit import Web


def test_the_plan_page_prints_a_handout_of_the_persons_plan(web: Web) -> None:
    ann, _ = web.signed_in("ann@example.com")
    assert 'href="/handout.pdf"' in ann.get("/plan").text
    r = ann.get("/handout.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.headers["cache-control"] == "no-store"
    pages = read_pdf(r.content)
    assert "For Ann Example" in pages[0].text and {p.size for p in pages} == {(595, 842)}
    assert not any("Ben Example" in p.text for p in pages)
    plan = ann.get("/api/v1/patients/ann/plan").json()
    names = list(dict.fromkeys(i["name"] for s in plan["sessions"] for i in s["items"]))
    body = " ".join(p.text for p in pages)
    assert all(f". {name} " in body for name in names)
    assert sum(len(p.figures) for p in pages) == len(names)  # a picture each
    letter = read_pdf(ann.get("/handout.pdf", params={"paper": "us-letter"}).content)
    assert {p.size for p in letter} == {(612, 792)}
    assert ann.get("/handout.pdf", params={"paper": "a0"}).status_code == 422
