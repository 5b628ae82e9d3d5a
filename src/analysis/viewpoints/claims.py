"""Claims about the guests, each backed by the guest's own sentence found in the data.

A claim is data (``data/claims.csv``: theme, speaker, claim, probe): a reading written after the
quote panels, and a short *probe* phrasing it. The evidence is selected from the corpus: among the
guest's sentences on the theme, the one closest to the probe (embedded as a query). A changed
corpus changes the evidence, not the wording.

Examples:
    >>> load_claims().columns.tolist()
    ['theme', 'speaker', 'claim', 'probe']

"""

from __future__ import annotations

import pandas as pd

from analysis.config import DATA_DIR
from analysis.corpus import Corpus
from analysis.viewpoints.quotations import supporting_quote, theme_statements

CLAIMS_PATH = DATA_DIR / "claims.csv"


def load_claims() -> pd.DataFrame:
    """The claims table."""
    return pd.read_csv(CLAIMS_PATH)


def claim_evidence(claims: pd.DataFrame, corpus: Corpus | None = None) -> pd.DataFrame:
    """One row per claim with the supporting quote, its provenance and its similarity to the probe."""
    rows = []
    for c in claims.itertuples():
        statements, vectors = theme_statements(c.theme, corpus=corpus)
        q = supporting_quote(statements, vectors, c.speaker, c.probe)
        rows.append({"theme": c.theme, "speaker": c.speaker, "claim": c.claim, "quote": q.text, "doc_id": q.doc_id,
                     "turn_id": int(q.turn_id), "sent_id": int(q.sent_id), "match": round(q.match, 3)})  # fmt: skip
    return pd.DataFrame(rows)


def describe_claims(evidence: pd.DataFrame) -> str:
    """Markdown list: each claim with its quote and ``[doc_id:turn_id]``."""
    return "\n".join(
        f"- **{e.theme} · {e.speaker}.** {e.claim} — 「{e.quote}」 `[{e.doc_id}:{e.turn_id}]`" for e in evidence.itertuples()
    )
