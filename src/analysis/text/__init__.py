"""Text as the analyses see it: the domain tokenizer (jieba) and sentence embeddings (one pluggable backend).

Examples:
    >>> from analysis.text import tokenize
    >>> tokenize("大语言模型的可解释性")
    ['大语言模型', '可解释性']

"""

from analysis.text.embeddings import embed_passages, embed_queries, get_backend
from analysis.text.tokenizer import tokenize, tokenize_many

__all__ = ["embed_passages", "embed_queries", "get_backend", "tokenize", "tokenize_many"]
