#!/usr/bin/env python3
"""Fails when a user-visible string lacks a translation.

Usage: check_translations.py LUPDATE TS_FILE SOURCE...

lupdate runs over the sources into a copy of TS_FILE, so a string added to the code but not
yet to the .ts file shows up as unfinished, exactly as a translator would see it.
"""
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def main() -> int:
    lupdate, ts_file, sources = sys.argv[1], sys.argv[2], sys.argv[3:]
    with tempfile.TemporaryDirectory() as tmp:
        copy = f"{tmp}/check.ts"
        shutil.copyfile(ts_file, copy)
        subprocess.run([lupdate, "-silent", "-no-obsolete", "-locations", "none", *sources, "-ts", copy],
                       check=True)
        root = ET.parse(copy).getroot()
    problems = []
    total = 0
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            total += 1
            source = message.findtext("source")
            translation = message.find("translation")
            forms = translation.findall("numerusform") if translation is not None else []
            texts = [f.text for f in forms] if message.get("numerus") == "yes" else \
                [translation.text if translation is not None else None]
            unfinished = translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete")
            if unfinished or not all(t and t.strip() for t in texts):
                problems.append(f"{name}: {source!r}")
    if problems:
        print(f"{len(problems)} of {total} strings lack a translation in {ts_file}:")
        print("\n".join("  " + p for p in problems))
        print("Run `cmake --build BUILD --target update_translations` and translate them.")
        return 1
    print(f"{total} strings, all translated in {ts_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
