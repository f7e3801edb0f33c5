"""The MkDocs glue: everything that knows MkDocs or Material, in one place.

plugin.py     the plugin's hooks (the `marsad` entry point): articles in, pages and data files out
config.py     the options of the `marsad:` block of mkdocs.yml (the config schema)
page.py       article page meta, and RenderedPage (pages that skip the Markdown pass)
partials.py   Material's page-independent partials and base.html's config block, rendered
              once per folder (each wrapper that cannot apply is logged as a warning)
search.py     the site search: Pagefind's index of the article pages, the header's search box
buildlock.py  one build of a project at a time

The contract tests in tests/test_mkdocs_contract.py check what this relies on in the installed
MkDocs and Material: the partials exist, the config block is wrapped, the partial cache is
hit, RenderedPage sets what Page.render sets, and the header's search block can take our box.

(Imports here are absolute, so `mkdocs` is always MkDocs itself, never this package.)
"""
