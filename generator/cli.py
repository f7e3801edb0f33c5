"""The `marsad` command: a thin shell over the pipeline stages."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from .articles import ArticleError, load_article, parse_date
from .extract import extraction_to_json
from .places import Gazetteer, GazetteerError


def _published_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value, "--published", "--published")
    except ArticleError as exc:
        raise click.BadParameter(exc.problem) from None


def _load_gazetteer(extra: tuple[str, ...]) -> Gazetteer:
    try:
        return Gazetteer.load([Path(p) for p in extra])
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from None


def _article_paths(files) -> list[Path]:
    """The files given, a folder standing for its .md and .txt files (searched recursively, in order)."""
    paths: list[Path] = []
    for f in files:
        paths.extend(sorted(p for p in f.rglob("*") if p.suffix in (".md", ".txt") and p.is_file()) if f.is_dir() else [f])
    return paths


def plural(n: int, one: str, many: str) -> str:
    """'1 article', '2 articles' (English messages of the command line)."""
    return f"{n} {one if n == 1 else many}"


@click.group()
@click.version_option(package_name="marsad")
def main() -> None:
    """Marsad: Arabic news articles in, a map-and-timeline site out."""


JSONL_CHUNK = 20_000  # --jsonl lines extracted together: memory stays bounded, a cluster stays busy


def _dask_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from .distributed import check_setting

    problem = check_setting(value) if value else None
    if problem is not None:
        raise click.BadParameter(f"{problem}; for a cluster on this machine write --dask local "
                                 "(or put --dask after the files)")
    return value


class _Extractor:
    """`marsad extract` over many articles: extract_many with the cache, worker processes or
    a Dask cluster the options ask for; progress and a summary on stderr."""

    def __init__(self, gazetteer: Gazetteer, actors, week_start: int, cache_dir: Path | None,
                 processes: int | None, backend) -> None:
        from .cache import CACHE_FILE, ExtractionCache

        self.gazetteer, self.actors, self.week_start = gazetteer, actors, week_start
        self.processes, self.backend = processes, backend
        self.cache = ExtractionCache(cache_dir / CACHE_FILE, report=lambda m: click.echo(m, err=True)) if cache_dir else None
        self.articles = self.extracted = 0
        self.seconds = 0.0

    def run(self, jobs: list, where: str = ""):
        from .extract import PROGRESS_EVERY, extract_many

        def progress(done: int, total: int) -> None:
            if total >= PROGRESS_EVERY:  # (a short run says nothing until its summary)
                click.echo(f"marsad: extracted {done}/{total} articles{where}", err=True)

        extractions, stats = extract_many(jobs, self.gazetteer, cache=self.cache, week_start=self.week_start,
                                          actors=self.actors, processes=self.processes, progress=progress,
                                          backend=self.backend)
        self.articles += stats.articles
        self.extracted += stats.extracted
        self.seconds += stats.seconds
        return extractions

    def summary(self) -> str:
        return (f"marsad: {plural(self.articles, 'article', 'articles')} ({self.extracted} extracted, "
                f"{self.articles - self.extracted} from cache) in {self.seconds:.2f} s")

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()


@main.command("extract")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--published", help="Publication date (YYYY-MM-DD) for .txt files.")
@click.option("--jsonl", "jsonl", type=click.File("r", encoding="utf-8"), help='Read {"id", "text", "published"} lines.')
@click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(exists=True, dir_okay=False), help="A user gazetteer file (repeatable).")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A user actor table (repeatable), as the plugin's `actors` option.")
@click.option("--week-start", type=click.IntRange(0, 6), default=0, show_default=True, help="First day of the week, 0 = Monday.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Read and fill the extraction cache in this folder (a site's is .cache/marsad).")
@click.option("--processes", type=click.IntRange(1), help="Worker processes, or --dask local's workers (default: all cores).")
@click.option("--dask", "dask", is_flag=False, flag_value="local", default=None, metavar="[ADDRESS]",
              callback=_dask_option,
              help="Extract on a Dask cluster: a LocalCluster, or the scheduler at ADDRESS (tcp://host:8786). "
                   "Needs marsad[dask].")
def extract_command(files, published, jsonl, gazetteers, actor_files, week_start, cache_dir, processes, dask) -> None:
    """Print the dates, places and events found in FILES (a JSON array) or in --jsonl input.

    A folder in FILES stands for its .md and .txt files."""
    if not files and jsonl is None:
        raise click.UsageError("give article files or --jsonl IN.jsonl")
    from .distributed import DaskError

    try:
        backend = _dask_backend(dask, gazetteers, actor_files, processes) if dask else None
        gazetteer = _load_gazetteer(gazetteers)
        actors = _load_actor_tables(actor_files)
        extractor = _Extractor(gazetteer, actors, week_start, cache_dir, processes, backend)
        try:
            failed = _extract_jsonl(jsonl, extractor) if jsonl is not None else _extract_files(files, published, extractor)
        finally:
            extractor.close()
            if backend is not None:
                backend.close()
    except DaskError as exc:
        click.echo(f"marsad: {exc}", err=True)
        sys.exit(1)
    if cache_dir is not None or dask:
        click.echo(extractor.summary(), err=True)
    if failed:
        sys.exit(1)


def _dask_backend(setting: str, gazetteers, actor_files, processes):
    from .distributed import DaskBackend, Tables

    return DaskBackend(setting, Tables.of([Path(g) for g in gazetteers], [Path(a) for a in actor_files]), workers=processes)


def _load_actor_tables(files: tuple[str, ...]):
    from .events.actors import ActorTableError, load_actors

    try:
        return load_actors([Path(p) for p in files])
    except ActorTableError as exc:
        raise click.ClickException(str(exc)) from None


def _extract_jsonl(jsonl, extractor: _Extractor) -> bool:
    """Print one line a record, in chunks of JSONL_CHUNK; a bad line stops the command
    after the lines before it are printed."""
    from .articles import content_hash
    from .extract import Job

    ids: list = []
    jobs: list[Job] = []

    def flush(last: int) -> None:
        if jobs:
            for record_id, ex in zip(ids, extractor.run(jobs, f" (to line {last})")):
                click.echo(json.dumps(extraction_to_json(ex, id=record_id), ensure_ascii=False))
        ids.clear()
        jobs.clear()

    number = 0
    for number, line in enumerate(jsonl, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            record_day = parse_date(record.get("published"), f"line {number}", "published")
            text = record["text"]
            if not isinstance(text, str):
                raise ValueError("'text' must be a string")
        except ArticleError as exc:  # names the line already: "line 3: missing publication date"
            problem = exc.problem
        except KeyError as exc:
            problem = f"no {exc} field"
        except (json.JSONDecodeError, ValueError, AttributeError) as exc:
            problem = "not a JSON object" if isinstance(exc, AttributeError) else str(exc)
        else:
            ids.append(record.get("id"))
            jobs.append(Job(text, record_day, content_hash(text, record_day)))
            if len(jobs) >= JSONL_CHUNK:
                flush(number)
            continue
        flush(number - 1)
        click.echo(f"marsad: {jsonl.name} line {number}: {problem}", err=True)
        sys.exit(1)
    flush(number)
    return False


def _extract_files(files, published, extractor: _Extractor) -> bool:
    """Print the JSON array of FILES' extractions; True when a file could not be read."""
    from .extract import Job

    day = _published_option(published)
    paths = _article_paths(files)
    if not paths:
        raise click.UsageError("no .md or .txt files in " + ", ".join(str(f) for f in files))
    read, failed = [], False
    for file in paths:
        try:
            article = load_article(file, published=day)
        except ArticleError as exc:
            click.echo(f"marsad: {exc}", err=True)
            failed = True
            continue
        for warning in article.warnings:
            click.echo(f"marsad: {article.path}: {warning}", err=True)
        read.append((file, article))
    extractions = extractor.run([Job(a.text, a.published, a.content_hash) for _, a in read]) if read else []
    results = [extraction_to_json(ex, file=str(file)) for (file, _), ex in zip(read, extractions)]
    click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    return failed


@main.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("textdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--events", "events_gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold events (shared/gold/seeds-events.yaml format); default: GOLD's -events.yaml beside it.")
@click.option("-v", "--verbose", is_flag=True, help="List every miss and every extra.")
def evaluate_command(gold, textdir, events_gold, verbose) -> None:
    """Score extraction against GOLD annotations (shared/gold/seeds.yaml format)."""
    from .evaluate import evaluate

    result = evaluate(gold, textdir, events_path=events_gold)
    if verbose:
        for line in result.dates.errors + result.places.errors + (result.events.errors if result.events else []):
            click.echo(line)
        click.echo()
    click.echo(f"{result.articles} articles")
    click.echo(result.dates.line("dates"))
    click.echo(result.places.line("places"))
    if result.events is not None:
        click.echo(result.events.line("events"))


class _PlacesGroup(click.Group):
    """`marsad places FILES` lists (the `list` command); `marsad places suggest FILES` proposes."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["list", *args]
        return super().parse_args(ctx, args)


@main.group("places", cls=_PlacesGroup)
def places_group() -> None:
    """The places of articles: `marsad places [list] FILES`, `marsad places suggest FILES`."""


def _read_for_places(files: tuple[Path, ...], published: str | None):
    """The articles of FILES; unreadable files are named on stderr, and when none can be
    read the command fails (exit 1)."""
    day = _published_option(published) or dt.date.today()
    paths = _article_paths(files)
    if not paths:
        click.echo("marsad: no .md or .txt files in " + ", ".join(str(f) for f in files), err=True)
        sys.exit(1)
    articles, failed = [], 0
    for path in paths:
        try:
            articles.append((path, load_article(path, published=day)))
        except ArticleError as exc:
            click.echo(f"marsad: {exc}", err=True)
            failed += 1
    if failed == len(paths):  # nothing was read: say so, and fail
        click.echo("marsad: the file could not be read" if failed == 1 else f"marsad: none of the {failed} files could be read", err=True)
        sys.exit(1)
    if failed:
        click.echo(f"marsad: {failed} of {plural(len(paths), 'file', 'files')} could not be read (named above)", err=True)
    return articles


@places_group.command("list")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--unresolved", is_flag=True, help="List place-like names the gazetteer lacks.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for .txt files.")
@click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(exists=True, dir_okay=False))
def places_command(files, unresolved, published, gazetteers) -> None:
    """List the places found in FILES (folders are searched for .md and .txt files).

    With --unresolved: each name, how often it occurs and the files it occurs in. A file
    that cannot be read is named on stderr; when none can, the command fails (exit 1)."""
    from collections import Counter

    from .places import find_places, find_unresolved

    gazetteer = _load_gazetteer(gazetteers)
    counts: Counter[str] = Counter()
    where: dict[str, list[str]] = {}
    for path, article in _read_for_places(files, published):
        if unresolved:
            names = [name for name, _ in find_unresolved(article.text, gazetteer)]
            counts.update(names)
            for name in dict.fromkeys(names):
                where.setdefault(name, []).append(str(path))
        else:
            counts.update(f"{m.place.name_ar}\t{m.place.name}\t{m.place.cc or ''}\t{m.place.kind}" for m in find_places(article.text, gazetteer))
    for name, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
        click.echo(f"{n}\t{name}\t{', '.join(where[name])}" if unresolved else f"{n}\t{name}")


@places_group.command("suggest")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--published", help="Publication date (YYYY-MM-DD) for .txt files.")
@click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--online", is_flag=True,
              help="Also ask the geocoder of the site's config (Nominatim; answers kept in its geocoded file).")
@click.option("--config", "config_file", default="mkdocs.yml", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The site's config, for --online.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the proposals here (default: stdout).")
def places_suggest_command(files, published, gazetteers, online, config_file, out) -> None:
    """Propose gazetteer entries for the names `marsad places --unresolved` lists.

    Offline, from the gazetteer (a place it holds under a nearby spelling, in a country the
    articles are about); with --online, from the geocoder (nothing online runs without it).
    The proposals come out as a user-gazetteer document for an editor to check and copy
    into the site's gazetteer file: nothing is written into a gazetteer."""
    from collections import Counter

    from .places import find_places, find_unresolved
    from .places.suggest import propose, proposals_yaml

    gazetteer = _load_gazetteer(gazetteers)
    names: Counter[str] = Counter()
    where: dict[str, list[str]] = {}
    countries: Counter[str] = Counter()
    for path, article in _read_for_places(files, published):
        found = [name for name, _ in find_unresolved(article.text, gazetteer)]
        names.update(found)
        for name in dict.fromkeys(found):
            where.setdefault(name, []).append(str(path))
        countries.update(m.place.cc for m in find_places(article.text, gazetteer) if m.place.cc)
    answers = _ask_geocoder(list(names), config_file) if online and names else None
    text = proposals_yaml(propose(names, where, gazetteer, countries, answers))
    if out is None:
        click.echo(text, nl=False)
    else:
        from .site.datafiles import write_atomic

        write_atomic(out, text.encode("utf-8"))
        click.echo(f"marsad: {len(names)} names, proposals in {out}", err=True)


def _ask_geocoder(names: list[str], config_file: Path) -> dict:
    """The geocoder's answers for `names`, with the site's settings and its geocoded file."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from .places.geocode import geocode_unresolved, settings_from
    from .places.suggest import polite_settings

    try:
        config = load_config(str(config_file))
    except (ConfigurationError, OSError) as exc:
        raise click.ClickException(f"--online needs the site's config ({config_file}): {exc}") from None
    plugin = config.plugins.get("marsad")
    if plugin is None:
        raise click.ClickException(f"{config_file} does not use the marsad plugin")
    settings = polite_settings({**settings_from(plugin.config.geocoder), "enabled": True})
    cache_path = Path(config.config_file_path).parent / plugin.config.geocoded
    click.echo(f"marsad: asking {settings['url']} about {len(names)} names (at most one a "
               f"{settings['min_delay_seconds']:g} s; answers kept in {cache_path})", err=True)
    return geocode_unresolved(names, cache_path, settings)


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--to", "dest", type=click.Path(file_okay=False, path_type=Path), default=Path("site_src/articles"),
              show_default=True, help="Folder the article files are written to.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "html"]),
              help="Format of SOURCE when its extension does not say (a folder means html).")
def import_command(source: Path, dest: Path, fmt: str | None) -> None:
    """Write SOURCE's records as articles into --to, never overwriting a file.

    SOURCE is a .json, .jsonl or .csv file of records (title, date, source, url, text),
    a .zip holding such files, or a folder of saved .html pages.
    """
    from .articles.importer import ImportSourceError, import_records

    try:
        result = import_records(source, dest, fmt=fmt)
    except ImportSourceError as exc:
        click.echo(f"marsad: {exc}", err=True)
        sys.exit(1)
    for label, reason in result.skipped:
        click.echo(f"marsad: skipped {label}: {reason}", err=True)
    click.echo(f"imported {plural(len(result.written), 'article', 'articles')} into {dest} ({len(result.skipped)} skipped)")


if __name__ == "__main__":
    main()
