"""Comparing and choosing topic models: metrics over seeds, BERTopic against NMF/LDA, the settings sweep.

Also the tables and coordinates the notebook shows: topic × speaker counts and shares, the 2-D
map of the chunks, each topic's mean embedding and the topics' hierarchy.

Examples:
    >>> from analysis.topics.chunks import chunk_turns
    >>> import analysis
    >>> chunks = chunk_turns(analysis.load_corpus().sentences)  # doctest: +SKIP
    >>> runs, metrics = compare_models(chunks, embed_passages(chunks.text.tolist()))  # doctest: +SKIP
    >>> metrics[["model", "npmi", "shared_topics"]]  # doctest: +SKIP

"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd
from bertopic.backend import BaseEmbedder
from scipy.cluster.hierarchy import linkage
from umap import UMAP

from analysis.cache import cached_frame, code_key, content_key
from analysis.topics import metrics as tm
from analysis.topics.models import (
    DEFAULT_SETTINGS,
    OUTLIER,
    Tokenizer,
    TopicResult,
    TopicSettings,
    centre,
    fit_bertopic,
    fit_lda,
    fit_nmf,
    make_vectorizer,
    project_tokenizer,
    topic_label,
)


def evaluate(runs: Sequence[TopicResult], tokens: Sequence[Sequence[str]], speakers: Sequence[str],
             top_n: int = 10) -> dict[str, float]:
    """Metrics of a model from its runs over several seeds (the first run is the reported one).

    Keys: n_topics, outlier_share, npmi, npmi_seeds (mean over the runs), diversity,
    shared_topics (count), cross_speaker (share of topics), stability (mean pairwise ARI).
    """
    main = runs[0]
    words = list(main.topic_words.values())
    shared = tm.shared_topics(main.topics, speakers)
    per_seed = [tm.npmi_coherence(list(r.topic_words.values()), tokens, top_n) for r in runs]
    return {
        "n_topics": len(main.topic_words),
        "outlier_share": float(np.mean(main.topics == OUTLIER)),
        "npmi": per_seed[0],
        "npmi_seeds": float(np.mean(per_seed)),
        "diversity": tm.topic_diversity(words, top_n),
        "shared_topics": len(shared),
        "cross_speaker": tm.cross_speaker_share(main.topics, speakers),
        "stability": tm.stability([r.topics for r in runs]),
    }


def seeds_for(settings: TopicSettings, n: int = 3) -> list[TopicSettings]:
    """``n`` copies of ``settings`` with seeds ``seed``, ``seed + 1``, and so on."""
    return [replace(settings, seed=settings.seed + i) for i in range(n)]


def compare_models(
    chunks: pd.DataFrame,
    embeddings: np.ndarray,
    settings: TopicSettings = DEFAULT_SETTINGS,
    tokenizer: Tokenizer | None = None,
    n_seeds: int = 3,
    embedder: BaseEmbedder | None = None,
) -> tuple[dict[str, list[TopicResult]], pd.DataFrame]:
    """Fit BERTopic, NMF and LDA over ``n_seeds`` seeds; return the runs and a metrics table.

    The baselines get as many topics as BERTopic found with the first seed.
    """
    tokenizer = tokenizer or project_tokenizer()
    texts = chunks["text"].tolist()
    bertopic = [fit_bertopic(texts, embeddings, s, tokenizer, chunks["doc_id"], embedder)
                for s in seeds_for(settings, n_seeds)]
    k = max(len(bertopic[0].topic_words), 2)
    runs = {
        "bertopic": bertopic,
        "nmf": [fit_nmf(texts, k, s, tokenizer) for s in seeds_for(settings, n_seeds)],
        "lda": [fit_lda(texts, k, s, tokenizer) for s in seeds_for(settings, n_seeds)],
    }
    tokens = chunk_tokens(texts, tokenizer, settings)
    rows = [{"model": name, **evaluate(r, tokens, chunks["speaker"], settings.top_n)} for name, r in runs.items()]
    return runs, pd.DataFrame(rows)


def chunk_tokens(texts: Sequence[str], tokenizer: Tokenizer, settings: TopicSettings = DEFAULT_SETTINGS) -> list[list[str]]:
    """Tokens of each chunk as every model sees them (the NPMI reference documents)."""
    vectorizer = make_vectorizer(texts, tokenizer, settings.min_df, settings.max_df)
    vocab, analyse = set(vectorizer.vocabulary), vectorizer.build_analyzer()
    return [[w for w in analyse(t) if w in vocab] for t in texts]


def assignment_table(chunks: pd.DataFrame, result: TopicResult) -> pd.DataFrame:
    """Chunk → topic table: doc_id, turn_id, chunk_id, speaker, topic, topic_label, text."""
    labels = result.labels()
    out = chunks[["doc_id", "turn_id", "chunk_id", "speaker"]].copy()
    out["topic"] = result.topics.astype(int)
    out["topic_label"] = [labels.get(t, topic_label(t, [])) for t in out["topic"]]
    out["text"] = chunks["text"].to_numpy()
    return out.reset_index(drop=True)


#: The settings the notebook compares before choosing one (clustering, its options).
CANDIDATES: tuple[tuple[str, dict[str, int]], ...] = (
    *(("hdbscan", {"min_cluster_size": m}) for m in (8, 12, 15)),
    ("kmeans", {"n_topics": 8}),
)


def sweep_settings(
    chunks: pd.DataFrame,
    embeddings: np.ndarray,
    tokenizer: Tokenizer,
    tokens: Sequence[Sequence[str]],
    n_seeds: int = 3,
    candidates: Sequence[tuple[str, dict[str, int]]] = CANDIDATES,
) -> pd.DataFrame:
    """Metrics of BERTopic for every candidate setting, with and without centring.

    Cached by content hash (chunks, embeddings, candidates, seeds and the topic code), so a
    rerun on unchanged data costs nothing. Candidates share their UMAP fits: the reduction
    depends only on centring and seed, not on the clustering.
    """
    key = content_key(list(chunks.text), embeddings, list(candidates), n_seeds, code_key(__name__))

    def compute() -> pd.DataFrame:
        rows, reductions = [], {}
        for clustering, options in candidates:
            for centred in (False, True):
                settings = TopicSettings(clustering=clustering, centre=centred, aspects=(), **options)
                runs = [fit_bertopic(chunks.text, embeddings, s, tokenizer, chunks.doc_id, reductions=reductions)
                        for s in seeds_for(settings, n_seeds)]
                rows.append({"clustering": clustering, **options, "centre": centred, **evaluate(runs, tokens, chunks.speaker)})
        return pd.DataFrame(rows)

    return cached_frame("topic_selection", key, compute)


#: UMAP's ``min_dist`` for the 2-D map of the chunks (looser than the clustering's 0.0, for legibility).
MAP_MIN_DIST = 0.1


def document_map(embeddings: np.ndarray, groups: Sequence[str], settings: TopicSettings = DEFAULT_SETTINGS) -> np.ndarray:
    """2-D UMAP coordinates of the chunks, on the embeddings the clustering saw (centred when ``settings.centre``)."""
    vectors = centre(embeddings, groups) if settings.centre else embeddings
    umap = UMAP(n_neighbors=settings.n_neighbors, n_components=2, min_dist=MAP_MIN_DIST, metric="cosine",
                random_state=settings.seed)  # fmt: skip
    return umap.fit_transform(vectors)


def speaker_counts(chunks: pd.DataFrame, result: TopicResult) -> pd.DataFrame:
    """Topic label × speaker table of chunk counts (outliers, if any, as their own row)."""
    labels = result.labels()
    label = pd.Series([labels.get(t, topic_label(t, [])) for t in result.topics], index=chunks.index, name="label")
    counts = pd.crosstab(label, chunks["speaker"])
    counts.columns.name = None
    return counts


def topic_table(chunks: pd.DataFrame, result: TopicResult, aspect: str = "keybert", n_speakers: int = 3) -> pd.DataFrame:
    """One row per topic: size, whether it is shared (:func:`metrics.shared_topics`), its words and main speakers."""
    shared = set(tm.shared_topics(result.topics, chunks["speaker"]))
    counts = speaker_counts(chunks, result)
    labels = result.labels()
    return pd.DataFrame({
        "topic": list(result.topic_words),
        "chunks": [int((result.topics == t).sum()) for t in result.topic_words],
        "shared": [t in shared for t in result.topic_words],
        "top words (c-TF-IDF)": [" ".join(w) for w in result.topic_words.values()],
        aspect: [" ".join(result.aspects.get(aspect, {}).get(t, [])) for t in result.topic_words],
        "main speakers": [", ".join(counts.loc[labels[t]].sort_values(ascending=False).index[:n_speakers])
                          for t in result.topic_words],
    })  # fmt: skip


def topic_vectors(embeddings: np.ndarray, result: TopicResult) -> np.ndarray:
    """Each topic's mean chunk embedding (raw, not centred), in ``result.topic_words`` order."""
    return np.stack([embeddings[result.topics == t].mean(axis=0) for t in result.topic_words])


def topic_tree(vectors: np.ndarray) -> np.ndarray:
    """Average-linkage hierarchy of topic vectors by cosine distance (scipy linkage matrix)."""
    return linkage(vectors, method="average", metric="cosine")


def reading(metrics: pd.DataFrame, topics: pd.DataFrame, counts: pd.DataFrame) -> list[str]:
    """Markdown bullets stating what the metrics and tables show, every number taken from them."""
    m = metrics.set_index("model")
    best_baseline = m.loc[["nmf", "lda"], "npmi"].idxmax()
    largest = topics.sort_values("chunks", ascending=False).iloc[0]
    dominant = counts.div(counts.sum(axis=1), axis=0).max(axis=1)
    more_coherent = m.loc["bertopic", "npmi"] >= m.loc[best_baseline, "npmi"]
    return [
        f"- BERTopic finds {int(m.loc['bertopic', 'n_topics'])} topics; {int(m.loc['bertopic', 'shared_topics'])} of them"
        " are shared by two or more guests (≥ 10 % of the topic's chunks each).",
        f"- Largest topic: {largest['topic']} ({largest['chunks']} chunks) — {largest['top words (c-TF-IDF)']}.",
        f"- Most one-speaker topic: {dominant.idxmax()} ({dominant.max():.0%} from {counts.loc[dominant.idxmax()].idxmax()}).",
        f"- NPMI: BERTopic {m.loc['bertopic', 'npmi']:.3f} (seed mean {m.loc['bertopic', 'npmi_seeds']:.3f}) vs "
        f"{best_baseline.upper()} {m.loc[best_baseline, 'npmi']:.3f}; "
        + ("BERTopic is at least as coherent." if more_coherent else "the best baseline is more coherent by this measure."),
        f"- Stability (ARI across seeds): BERTopic {m.loc['bertopic', 'stability']:.2f}, NMF {m.loc['nmf', 'stability']:.2f},"
        f" LDA {m.loc['lda', 'stability']:.2f}.",
    ]
