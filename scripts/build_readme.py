#!/usr/bin/env python3
"""Build the addon's README.rst and static/description/index.html from its
readme/ fragments (DESCRIPTION, CONFIGURE, USAGE, CONTRIBUTORS), in OCA's
layout, with the manifest's name, status, licence and maintainers.

OCA's own generator (oca-gen-addon-readme) is not on PyPI; this is the small
part of it the addon needs.  The fragments are Markdown of a simple kind
(paragraphs, "-" lists, **bold**, *emphasis*, `code`): only inline code
differs in reStructuredText.

    python3 scripts/build_readme.py          # write both files
    python3 scripts/build_readme.py --check  # fail if they are out of date
"""

import argparse
import ast
import re
import sys
from pathlib import Path

from docutils.core import publish_string

ADDON_DIR = Path(__file__).resolve().parent.parent / "crm_customer_archive"
SECTIONS = [("CONFIGURE", "Configuration"), ("USAGE", "Usage")]
STATUS_BADGE = "https://img.shields.io/badge/maturity-{}-{}.png"
STATUS_COLOURS = {"Alpha": "red", "Beta": "yellow", "Production/Stable": "green", "Mature": "brightgreen"}


def markdown_to_rst(text):
    """`code` is ``code`` in reStructuredText; the rest is written alike."""
    return re.sub(r"(?<!`)`([^`\n]+)`(?!`)", r"``\1``", text.strip())


def title(text, char, overline=False):
    line = char * len(text)
    return f"{line}\n{text}\n{line}\n" if overline else f"{text}\n{line}\n"


def fragment(name):
    path = ADDON_DIR / "readme" / f"{name}.md"
    return markdown_to_rst(path.read_text(encoding="utf-8")) if path.exists() else ""


def build_rst(manifest):
    status = manifest["development_status"]
    # shields.io: "-" separates the badge's parts, "--" is a dash.
    badge = STATUS_BADGE.format(status.replace("/", "--").replace(" ", "%20"), STATUS_COLOURS[status])
    licence = manifest["license"].replace("-", "--").replace(" ", "%20")
    parts = [
        title(manifest["name"], "=", overline=True),
        f".. |maturity| image:: {badge}\n    :alt: {status}\n"
        f".. |license| image:: https://img.shields.io/badge/licence-{licence}-blue.png\n"
        f"    :alt: License: {manifest['license']}\n\n|maturity| |license|\n",
        fragment("DESCRIPTION") + "\n",
        "**Table of contents**\n\n.. contents::\n   :local:\n",
    ]
    for name, heading in SECTIONS:
        text = fragment(name)
        if text:
            parts.append(title(heading, "=") + "\n" + text + "\n")
    authors = "\n".join(f"- {author.strip()}" for author in manifest["author"].split(","))
    maintainers = "\n".join(f"- {login}" for login in manifest.get("maintainers", []))
    parts.append(
        title("Credits", "=")
        + "\n"
        + title("Authors", "-")
        + f"\n{authors}\n\n"
        + title("Contributors", "-")
        + f"\n{fragment('CONTRIBUTORS')}\n\n"
        + title("Maintainers", "-")
        + f"\n{maintainers}\n\nThis module is part of {manifest['website']}.\n"
    )
    return "\n".join(parts)


def build_html(rst):
    html = publish_string(
        rst,
        writer_name="html5",
        settings_overrides={"embed_stylesheet": False, "stylesheet_path": "", "report_level": 2, "halt_level": 2},
    )
    return html.decode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail when README.rst or index.html is out of date")
    args = parser.parse_args()
    manifest = ast.literal_eval((ADDON_DIR / "__manifest__.py").read_text(encoding="utf-8"))
    rst = build_rst(manifest)
    outputs = {ADDON_DIR / "README.rst": rst, ADDON_DIR / "static" / "description" / "index.html": build_html(rst)}
    stale = [path for path, text in outputs.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ADDON_DIR.parent)} is out of date: run scripts/build_readme.py", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(outputs[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ADDON_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
