"""Contract tests: what generator/mkdocs/ relies on in the installed MkDocs and Material.

A release that renames a partial, reshapes base.html's config block or the header's search
block, or sets a new attribute in Page.render would leave builds right but slow, or subtly
wrong (a site without its search box): each of these fails here first.
"""

from __future__ import annotations

import importlib.metadata
import logging
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from conftest import copy_project
from generator.mkdocs import partials, search
from generator.mkdocs import plugin as plugin_module
from generator.mkdocs.page import RenderedPage
from generator.mkdocs.plugin import MarsadPlugin


@pytest.fixture(scope="module")
def material_env() -> Environment:
    return Theme(name="material", language="ar").get_env()


@pytest.fixture()
def project_config(tmp_path):
    project = copy_project(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    yield config
    config.plugins.on_shutdown()


def test_mkdocs_inside_generator_mkdocs_is_mkdocs_itself():
    """generator/mkdocs/ imports absolutely: `mkdocs` there is MkDocs, never the package."""
    import mkdocs
    import mkdocs.plugins

    from generator.mkdocs import plugin

    assert "generator" not in Path(mkdocs.__file__).parts
    assert plugin.BasePlugin is mkdocs.plugins.BasePlugin
    assert importlib.metadata.entry_points(group="mkdocs.plugins")["marsad"].load() is MarsadPlugin


def test_every_wrapped_partial_is_in_the_installed_material(material_env):
    assert material_env.loader is not None
    ours = Path(plugin_module.THEME)
    for name in partials.CACHED_PARTIALS:
        if (ours / name).is_file():
            continue  # the plugin's own (the search box)
        source, _, _ = material_env.loader.get_source(material_env, name)
        assert source.strip(), name


def test_the_search_box_takes_the_place_of_materials_in_its_header(material_env):
    source, _, _ = material_env.loader.get_source(material_env, search.HEADER)
    patched = search.patch_header(source)
    assert patched is not None and '"material/search"' not in patched
    assert patched.count(f'{{% include "{search.BOX}" %}}') == 1
    assert search.patch_header("<header></header>") is None  # another header: no box, and a warning
    env = Theme(name="material", language="ar").get_env()
    assert search.install_box(env)
    assert search.BOX in env.loader.get_source(env, search.HEADER)[0]


def test_materials_search_plugin_is_turned_off(tmp_path):
    """A mkdocs.yml that still lists Material's search: it writes no index (its hooks look
    at `enabled`) and shows no box of its own, and the build says so."""
    from conftest import mkdocs_build

    project = copy_project(tmp_path / "with-material-search")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("plugins:\n", "plugins:\n  - search:\n      lang: ar\n", 1), encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    assert "Material's `search` plugin in mkdocs.yml is turned off" in result.stderr
    assert not (project / "site/search").exists()
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert home.count('<div class="md-search marsad-search"') == 1 and '<div class="md-search"' not in home
    assert 'data-md-component="search"' not in home  # Material's script would look for its index


def test_search_false_leaves_materials_search_as_it_is(tmp_path):
    from conftest import mkdocs_build, set_plugin_options

    project = copy_project(tmp_path / "material-search")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("plugins:\n", "plugins:\n  - search:\n      lang: ar\n", 1), encoding="utf-8")
    set_plugin_options(project, "      search: false\n")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    assert (project / "site/search/search_index.json").is_file() and not (project / "site/pagefind").exists()
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' in home and "marsad-search" not in home


def test_the_config_block_of_materials_base_html_is_wrapped(material_env):
    assert material_env.loader is not None
    base, _, _ = material_env.loader.get_source(material_env, "base.html")
    wrapped, missed = partials.wrap_blocks(base)
    assert missed == []
    for name in partials.CACHED_BLOCKS:
        assert f'marsad_partials.key("block:{name}", page)' in wrapped


def test_the_partial_cache_is_hit_on_a_build(project_config, caplog):
    """Every wrapped partial and block is rendered once per folder and then served from the
    cache (the counts are logged at debug level), and no wrapper warned."""
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.marsad")
    project_config.plugins.on_startup(command="build", dirty=False)
    build(project_config)
    cache = project_config.plugins["marsad"].partial_cache
    assert cache is not None
    for name in (*partials.CACHED_PARTIALS, *(f"block:{b}" for b in partials.CACHED_BLOCKS)):
        if name == "partials/search.html":
            assert cache.renders[name] == 0  # Material's box: shown only with `search: false`
            continue
        assert cache.hits[name] > cache.renders[name] > 0, (name, cache.summary())
    assert any(r.getMessage().startswith("marsad: partial cache: ") and "hits" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("mkdocs.plugins.marsad")]


def test_a_missing_partial_is_a_warning_naming_it(material_env, monkeypatch, caplog):
    monkeypatch.setattr(partials, "CACHED_PARTIALS", (*partials.CACHED_PARTIALS, "partials/no-such-partial.html"))
    env = Theme(name="material", language="ar", custom_dir=str(plugin_module.THEME)).get_env()  # with the plugin's templates
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.marsad"):
        partials.install(env, set())
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(messages) == 1 and "partials/no-such-partial.html" in messages[0]
    # The others are still wrapped, and the missing one is simply rendered by the theme.
    assert env.loader is not None
    assert "marsad_partials" in env.loader.get_source(env, "partials/nav.html")[0]


def test_a_config_block_not_found_is_a_warning_naming_it(caplog):
    """A theme whose base.html has no config block as expected (and none of the partials)."""
    env = Environment(loader=DictLoader({"base.html": "<html>{% block content %}{% endblock %}</html>"}))
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.marsad"):
        partials.install(env, set())
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("'config'" in m and "base.html" in m for m in messages), messages
    for name in partials.CACHED_PARTIALS:
        assert any(name in m for m in messages), name
    # base.html is left as it was
    assert env.from_string("{% extends 'base.html' %}").render() == "<html></html>"


def _rendered(page: Page, config, files: Files, monkeypatch) -> dict:
    """The attributes page.render assigns (traced: a value it sets to what it was counts)."""
    assigned: dict = {}
    original = Page.__setattr__

    def record(self, name, value):
        if self is page:
            assigned[name] = value
        original(self, name, value)

    with monkeypatch.context() as m:
        m.setattr(Page, "__setattr__", record)
        page.render(config, files)
    return assigned


@pytest.mark.parametrize("level", [logging.INFO, logging.DEBUG], ids=["info", "debug"])  # links_to_anchors: above DEBUG only
def test_rendered_page_sets_what_page_render_sets(project_config, level, monkeypatch):
    """RenderedPage.render, given the HTML, assigns every attribute MkDocs' own Page.render
    assigns from the Markdown of the same page, to the same values."""
    monkeypatch.setattr(logging.getLogger("mkdocs"), "level", level)
    plugin = project_config.plugins["marsad"]
    project_config.plugins.on_startup(command="build", dirty=False)
    project_config = project_config.plugins.on_config(project_config)
    files = Files([])

    def page(cls, src_uri):
        file = File.generated(project_config, src_uri, content="")
        files.append(file)
        return cls(None, file, project_config)

    by_mkdocs = page(Page, "articles/x.md")
    by_mkdocs.markdown = "# عنوان الصفحة\n\n<p>نص <b>عريض</b></p>\n"
    ours = page(RenderedPage, "articles/y.md")
    ours.slugify = plugin.slugify
    ours.rendered = "# عنوان الصفحة\n\n<p>نص <b>عريض</b></p>"
    theirs, mine = _rendered(by_mkdocs, project_config, files, monkeypatch), _rendered(ours, project_config, files, monkeypatch)
    assert set(theirs) >= {"content", "toc", "_title_from_render", "present_anchor_ids"}
    assert set(theirs) <= set(mine), set(theirs) - set(mine)
    assert mine["content"] == theirs["content"]
    assert mine["_title_from_render"] == theirs["_title_from_render"] == "عنوان الصفحة"
    assert mine["present_anchor_ids"] == theirs["present_anchor_ids"]
    assert [(i.title, i.id, i.level) for i in mine["toc"]] == [(i.title, i.id, i.level) for i in theirs["toc"]]
    if "links_to_anchors" in theirs:
        assert mine["links_to_anchors"] == theirs["links_to_anchors"]


def test_the_geocoder_option_has_a_schema():
    """A wrong geocoder setting is a config error naming it; an unknown key a warning."""
    from generator.mkdocs.config import MarsadConfig

    def validate(geocoder):
        cfg = MarsadConfig()
        cfg.load_dict({"geocoder": geocoder})
        return cfg.validate()

    failed, warnings = validate({"provider": "nowhere"})
    assert [k for k, _ in failed] == ["geocoder"] and "provider" in str(failed[0][1])
    failed, warnings = validate({"url": "ftp://example.org", "enabled": True})
    assert failed and "url" in str(failed[0][1])
    failed, warnings = validate({"timeout": -1})
    assert failed and "timeout" in str(failed[0][1])
    failed, warnings = validate({"enabled": True, "colour": "red"})
    assert not failed and any("colour" in str(w) for _, w in warnings)
    assert validate({}) == ([], [])


def test_a_wrong_user_gazetteer_stops_the_build_with_one_line(tmp_path):
    """A user gazetteer entry without its ref: the build fails naming the file and the
    entry, without a traceback."""
    from conftest import copy_project, mkdocs_build, set_plugin_options

    project = copy_project(tmp_path / "p")
    (project / "mine.yaml").write_text("aliases:\n  - names: [بلدتنا]\n", encoding="utf-8")
    set_plugin_options(project, "      gazetteer: [mine.yaml]\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "mine.yaml" in result.stderr and "aliases[" in result.stderr and "ref" in result.stderr
    assert "Traceback" not in result.stderr
