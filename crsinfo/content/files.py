"""The content files: where each kind of item lives, and YAML read and written the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..i18n import SPANISH
from ..publishing.snapshot import Block

SITE_FILE = "site.yaml"
REFERENCES_FILE = "references.yaml"
SYMPTOMS_FILE = "symptoms.yaml"
RISK_GROUPS_FILE = "risk_groups.yaml"
PREVENTION_FILE = "prevention.yaml"
ARTICLES_DIR = "articles"
GLOSSARY_FILE = "glossary.yaml"
SYNONYMS_FILE = "synonyms.yaml"
# The table of treatments (crsinfo.models.Product). Optional, so content written before it loads.
PRODUCTS_FILE = "products.yaml"
# Optional: clinics are the site's own records, exported for backups; the shipped content has none.
CLINICS_FILE = "clinics.yaml"
# Written by export_content only: the record of publications.
RELEASES_FILE = "releases.yaml"
RELEASES_DIR = "releases"
# Written by export_content when the draft holds changes no reviewer has published: load_content
# then loads the files into the draft and publishes nothing.
UNREVIEWED_FILE = "unreviewed.yaml"
SPANISH_DIR = SPANISH


class ContentError(Exception):
    """A content file is invalid. ``problems`` lists ``file: problem`` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # a value written twice (e.g. a date) is written out each time
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_block(dumper: yaml.SafeDumper, value: Block):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value) + "\n", style="|")


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Block, _represent_block)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000, indent=2)


def read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path}: file is missing")
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text")
    except yaml.YAMLError as exc:
        problems.append(f"{path}: not valid YAML: {exc}".replace("\n", " "))
    except ValueError as exc:  # e.g. a date such as 2026-13-45
        problems.append(f"{path}: a value is not valid: {exc}")
    return None
