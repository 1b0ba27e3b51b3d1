"""Readers' pages: home, articles, glossary, search, style guide, sitemaps, menu and language links."""
