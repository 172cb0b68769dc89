#!/usr/bin/env python3
"""Write the access table of the declared policy
(crm_customer_archive/security/access_policy.py) into README.md, between the
access-policy markers. Run it after every change of the policy; a test checks
that the README shows the table of the code."""

import importlib.util
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
START, END = "<!-- access-policy:start -->", "<!-- access-policy:end -->"


def load_policy():
    path = REPO / "crm_customer_archive" / "security" / "access_policy.py"
    spec = importlib.util.spec_from_file_location("access_policy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = f"{START}\n{load_policy().roles_table_markdown()}\n{END}"
    new_text, count = re.subn(re.escape(START) + r".*?" + re.escape(END), block, text, flags=re.DOTALL)
    if count != 1:
        raise SystemExit(f"README.md must hold the markers {START} and {END} once")
    readme.write_text(new_text, encoding="utf-8")


if __name__ == "__main__":
    main()
