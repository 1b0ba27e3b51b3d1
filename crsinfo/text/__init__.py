"""Text with no knowledge of the site: Markdown, temperatures, glossary links, reading ease."""
