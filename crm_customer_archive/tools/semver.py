"""Precedence of semantic versions (https://semver.org, section 11)."""


def semver_key(version):
    """A sort key of a valid semantic version: 2.3.1 < 2.3.2-rc.1 < 2.3.2 <
    2.10.0; build metadata (after "+") is ignored. Pre-release identifiers:
    numeric ones compare as numbers and before alphanumeric ones; a version
    without pre-release comes after every pre-release of it."""
    core, _sep, prerelease = version.split("+", 1)[0].partition("-")
    numbers = tuple(int(part) for part in core.split("."))
    if not prerelease:
        return (numbers, 1, ())
    identifiers = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in prerelease.split("."))
    return (numbers, 0, identifiers)
