#!/usr/bin/env python3
"""Updates translations/*.ts from the sources (lupdate) and fills in new translations.

  /usr/bin/python3 scripts/tr_fill.py [translations.json]

translations.json maps a source string to {"de": "...", "zh_CN": "..."}. Prints every message still
without a translation (the test suite fails on those).
"""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LUPDATE = "/usr/lib/qt6/bin/lupdate"


def main():
    table = json.load(open(sys.argv[1])) if len(sys.argv) > 1 else {}
    missing = 0
    for lang in ("de", "zh_CN"):
        ts = os.path.join(ROOT, "translations", "quantlens_%s.ts" % lang)
        subprocess.run([LUPDATE, "-silent", "-no-obsolete", "-locations", "none", "widgets", "app/gui", "-ts", ts], cwd=ROOT, check=True)
        tree = ET.parse(ts)
        for msg in tree.iter("message"):
            src = msg.find("source").text
            tr = msg.find("translation")
            if tr.get("type") == "unfinished" or not (tr.text or "").strip() and not list(tr):
                if src in table and lang in table[src]:
                    t = table[src][lang]
                    if msg.get("numerus") == "yes":
                        for child in list(tr):
                            tr.remove(child)
                        for form in (t if isinstance(t, list) else [t]):
                            ET.SubElement(tr, "numerusform").text = form
                    else:
                        tr.text = t
                    tr.attrib.pop("type", None)
                else:
                    missing += 1
                    print("%s: untranslated: %r" % (lang, src))
        tree.write(ts, encoding="utf-8", xml_declaration=True)
        # lupdate's own layout, so diffs stay small
        subprocess.run([LUPDATE, "-silent", "-no-obsolete", "-locations", "none", "widgets", "app/gui", "-ts", ts], cwd=ROOT, check=True)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
