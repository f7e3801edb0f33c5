"""Extraction quality on the sample articles, scored against the gold annotations."""


from conftest import GOLD, ROOT, SEEDS

from generator.evaluate import evaluate


def test_seed_articles_meet_the_bars(shared):
    result = evaluate(GOLD, SEEDS)
    assert result.articles == 5
    assert result.dates.f1 >= 0.95, result.dates.errors
    assert result.places.f1 >= 0.95, result.places.errors


def test_shipped_articles_score_like_the_seeds(shared):
    """The cleaned sample articles in site_src/ keep every gold expression."""
    result = evaluate(GOLD, ROOT / "site_src" / "articles")
    assert result.dates.fn == 0 and result.places.fn == 0, result.dates.errors + result.places.errors
    assert result.dates.f1 >= 0.95 and result.places.f1 >= 0.95
