"""Stage 1: load and validate articles.

An article is a Markdown file with YAML front matter (`title` and `date`, the publication
date, are required; `source` and `url` are optional) and the Arabic text as its body.
Plain `.txt` files carry no front matter; their publication date comes from the caller.

Nothing here writes: source files are read as bytes and never touched.

Every byte of an article is untrusted (scraped news). Whatever a file holds, loading it
either gives an Article or raises one ArticleError naming the file and the problem:
front matter that is not a mapping, keys that are not text, nested values, aliases (a
"billion laughs" bomb included) and tags are all answered that way, never by a traceback.
The front matter kept on the Article is plain text-keyed scalars only; a body past
MAX_ARTICLE_BYTES is cut (at a line or word break) and the Article says so in `warnings`.

    model.py     Article, ArticleError
    text.py      bytes to text, the size cap
    meta.py      front matter: split, safe load, plain values, the publication date
    load.py      one file to an Article (load_article)
    importer.py  `marsad import`: JSON/JSONL/CSV records, zip archives and HTML pages
                 written out as article files
"""

from .load import MARKDOWN_SUFFIXES, load_article, parse_markdown_article, parse_text_article
from .meta import REQUIRED_FIELDS, parse_date, plain_meta
from .model import Article, ArticleError, content_hash
from .text import MAX_ARTICLE_BYTES, MAX_FILE_BYTES, cut_text, decode_text

__all__ = [
    "Article", "ArticleError", "MARKDOWN_SUFFIXES", "MAX_ARTICLE_BYTES", "MAX_FILE_BYTES", "REQUIRED_FIELDS",
    "content_hash", "cut_text", "decode_text", "load_article", "parse_date", "parse_markdown_article", "parse_text_article",
    "plain_meta",
]
