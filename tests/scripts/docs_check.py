#!/usr/bin/env python3
"""Runs the shell blocks of docs/*.md and the README's quick start, so that a
page cannot describe another build.

In a fresh work directory (build/, data/ and scripts/ linked from the clone):
- docs/README.md's "Before any recipe" block runs first (the quick start);
  then every page in the order of docs/README.md's table runs its blocks for
  real, in one shell per page ($M and $T set as that block sets them);
- blocks under "At paper scale" (and any block a page marks with
  `<!-- docs-test: check -->`) are checked instead: every `build/mcplm ...`
  must pass `mcplm --check-args` and every `scripts/paper/X.sh` its
  `--dry-run`; `<!-- docs-test: skip -->` marks a sketch that is not a
  command line (it must say `...`);
- an image a page shows, `![...](images/X.svg)<!-- docs-test: image FILE -->`,
  must be made by its recipe (FILE, under the work directory) with the same
  labels (every <text> holding a letter) as docs/images/X.svg; --regenerate
  copies FILE over it instead;
- a sample (an indented block of a page or the README) preceded by
  `<!-- docs-test: sample FILE -->` must match
  FILE line by line (lines "..." skipped, log timestamps ignored, JSON
  compared as JSON), numbers within 0.03 or 5% (the toy runs' numbers move a
  little between CPUs; a changed build moves them more).

    docs_check.py --source SRC --build BUILD --work DIR [--regenerate]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

FENCE = re.compile(r"^```(\w*)\s*$")
MARK = re.compile(r"<!--\s*docs-test:\s*(\w+)\s*(.*?)\s*-->")
PAPER_SECTIONS = ("## At paper scale", "## Running the paper-scale scripts")
NUMBER = re.compile(r"^-?\d+(\.\d+)?(e-?\d+)?$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ")

failures = []


def fail(where, what):
    failures.append(f"{where}: {what}")
    print(f"FAIL {where}: {what}", flush=True)


class Block:
    def __init__(self, page, line, section, mark, text):
        self.page, self.line, self.section, self.mark, self.text = page, line, section, mark, text

    @property
    def where(self):
        return f"{self.page}:{self.line}"


def blocks_of(path, rel):
    """Fenced sh blocks with their line, section and the marker just above."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out, section, i = [], "", 0
    while i < len(lines):
        if lines[i].startswith("## "):
            section = lines[i].strip()
        fence = FENCE.match(lines[i])
        if fence and fence.group(1) == "sh":
            start = i
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            above = lines[start - 1] if start > 0 else ""
            mark = MARK.search(above)
            kind = mark.group(1) if mark else ("check" if section in PAPER_SECTIONS else "run")
            out.append(Block(rel, start + 1, section, kind, "\n".join(lines[start + 1:j]) + "\n"))
            i = j
        i += 1
    return out


def page_order(source):
    """The pages of docs/README.md's table, in its order."""
    text = open(os.path.join(source, "docs", "README.md"), encoding="utf-8").read()
    return list(dict.fromkeys(re.findall(r"^\| \[[^\]]+\]\(([\w-]+\.md)\)", text, re.M)))


def check_prelude(mcplm, source):
    """Shell functions that check instead of running (paper-scale blocks)."""
    lines = [f'build/mcplm() {{ "{mcplm}" --check-args "$@" || exit 1; }}']
    for name in sorted(os.listdir(os.path.join(source, "scripts", "paper"))):
        if name.endswith(".sh") and name != "common.sh":
            script = os.path.join(source, "scripts", "paper", name)
            lines.append(f'scripts/paper/{name}() {{ "{script}" --dry-run "$@" >/dev/null || exit 1; }}')
    return "\n".join(lines) + "\n"


def run_shell(script, work, where, env):
    start = time.monotonic()
    done = subprocess.run(["bash", "-c", "set -euo pipefail\n" + script], cwd=work, env=env,
                          capture_output=True, text=True)
    print(f"   {where}: {time.monotonic() - start:.0f} s", flush=True)
    if done.returncode != 0:
        fail(where, f"exit {done.returncode}\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done.returncode == 0


def labels(svg_path):
    """The texts of an SVG that hold a letter (titles, axes, legends)."""
    root = ET.parse(svg_path).getroot()
    texts = ["".join(e.itertext()).strip() for e in root.iter() if e.tag.endswith("text")]
    return sorted(t for t in texts if re.search(r"[A-Za-z]", t))


def check_images(page_path, rel, work, regenerate):
    text = open(page_path, encoding="utf-8").read()
    for m in re.finditer(r"!\[[^\]]*\]\((images/[\w.-]+\.svg)\)(<!--[^>]*-->)?", text):
        line = text[:m.start()].count("\n") + 1
        where = f"{rel}:{line}"
        mark = MARK.search(m.group(2) or "")
        if not mark or mark.group(1) != "image":
            fail(where, f"{m.group(1)} names no recipe output (<!-- docs-test: image FILE -->)")
            continue
        made = os.path.join(work, mark.group(2))
        shown = os.path.join(os.path.dirname(page_path), m.group(1))
        if not os.path.isfile(made):
            fail(where, f"the recipe did not make {mark.group(2)}")
        elif regenerate:
            shutil.copyfile(made, shown)
            print(f"regenerated {shown} from {mark.group(2)}")
        elif labels(made) != labels(shown):
            fail(where, f"{m.group(1)} is not what the recipe makes ({mark.group(2)}): labels "
                        f"{labels(shown)} vs {labels(made)}")


def close(a, b):
    if a == b:
        return True
    if NUMBER.match(a) and NUMBER.match(b):
        x, y = float(a), float(b)
        return abs(x - y) <= max(0.03, 0.05 * abs(y))
    return False


def line_matches(sample, actual):
    s, a = re.split(r"([ ,:|\[\]]+)", sample.strip()), re.split(r"([ ,:|\[\]]+)", actual.strip())
    return len(s) == len(a) and all(close(x, y) for x, y in zip(s, a))


def json_matches(sample, actual):
    if isinstance(sample, dict):
        return isinstance(actual, dict) and all(k in actual and json_matches(v, actual[k])
                                                for k, v in sample.items())
    if isinstance(sample, list):
        return isinstance(actual, list) and len(sample) == len(actual) and all(
            json_matches(x, y) for x, y in zip(sample, actual))
    if isinstance(sample, (int, float)) and isinstance(actual, (int, float)):
        return close(repr(float(sample)), repr(float(actual)))
    return sample == actual


def check_samples(page_path, rel, work):
    lines = open(page_path, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        mark = MARK.search(line)
        if not mark or mark.group(1) != "sample":
            continue
        where = f"{rel}:{i + 1}"
        path = os.path.join(work, mark.group(2))
        if not os.path.isfile(path):
            fail(where, f"the recipe did not make {mark.group(2)}")
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("    "):
            j += 1
        sample, start = [], j
        while j < len(lines) and (lines[j].startswith("    ") or not lines[j].strip()):
            sample.append(lines[j][4:])
            j += 1
        while sample and not sample[-1].strip():
            sample.pop()
        actual = open(path, encoding="utf-8").read()
        if sample and sample[0].startswith("{") and "..." not in "".join(sample):
            try:
                if not json_matches(json.loads("\n".join(sample)), json.loads(actual)):
                    fail(where, f"the sample is not {mark.group(2)}:\n{actual[:2000]}")
            except json.JSONDecodeError as e:
                fail(where, f"not JSON: {e}")
            continue
        actual_lines = [TIMESTAMP.sub("", l) for l in actual.split("\n")]
        for k, s in enumerate(sample):
            s = TIMESTAMP.sub("", s)
            if s.strip() in ("...", "") or "..." in s:
                continue
            if not any(line_matches(s, a) for a in actual_lines):
                fail(f"{rel}:{start + k + 1}", f"no line of {mark.group(2)} matches '{s.strip()}'")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--source", required=True)
    p.add_argument("--build", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--regenerate", action="store_true",
                   help="copy the recipes' images over docs/images instead of comparing")
    a = p.parse_args()
    source, work = os.path.abspath(a.source), os.path.abspath(a.work)
    mcplm = os.path.join(os.path.abspath(a.build), "mcplm")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.symlink(os.path.abspath(a.build), os.path.join(work, "build"))
    for name in ("data", "scripts", "bench"):
        os.symlink(os.path.join(source, name), os.path.join(work, name))
    env = dict(os.environ, OMP_NUM_THREADS="1")

    first = blocks_of(os.path.join(source, "docs", "README.md"), "docs/README.md")
    before = [b for b in first if b.section == "## Before any recipe"]
    if len(before) != 1:
        fail("docs/README.md", "needs one block under '## Before any recipe'")
        return finish()
    if not run_shell(before[0].text, work, before[0].where, env):
        return finish()
    prelude = "".join(l + "\n" for l in before[0].text.split("\n") if re.match(r"^[A-Z]+=", l))
    checks = check_prelude(mcplm, source)
    for b in first:
        if b.mark == "check":
            run_shell(checks + prelude + b.text, work, b.where, env)

    pages = page_order(source)
    listed = set(pages) | {"README.md", "ARCHITECTURE.md"}
    for name in sorted(os.listdir(os.path.join(source, "docs"))):
        if name.endswith(".md") and name not in listed:
            fail(f"docs/{name}", "not in docs/README.md's table, so its recipe never runs")
    for name in pages:
        path, rel = os.path.join(source, "docs", name), f"docs/{name}"
        print(f"== {rel}", flush=True)
        runs = []
        for b in blocks_of(path, rel):
            if b.mark == "check":
                run_shell(checks + prelude + b.text, work, b.where, env)
            elif b.mark == "skip":
                if "..." not in b.text:
                    fail(b.where, "marked skip but not a sketch (no '...'): run or check it")
            elif b.mark == "run":
                runs.append(b)
            else:
                fail(b.where, f"unknown docs-test mark '{b.mark}'")
        script = prelude + "".join(f"# {b.where}\n{b.text}" for b in runs)
        if runs and run_shell(script, work, f"{rel} (blocks at lines "
                              f"{', '.join(str(b.line) for b in runs)})", env):
            check_images(path, rel, work, a.regenerate)
            check_samples(path, rel, work)
    check_samples(os.path.join(source, "README.md"), "README.md", work)
    return finish()


def finish():
    if failures:
        print(f"\n{len(failures)} problem(s) in the docs")
        return 1
    print("docs: every recipe ran, every image and sample matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
