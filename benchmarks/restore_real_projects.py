"""Rebuild the real-project corpus (default /work/realcorpus) from benchmarks/real_projects.json.

The corpus is third-party code: it is never committed. The manifest lists, per project,
the repository, the commit and the relative paths of the .py/.ipynb files kept.  This
script extracts exactly those files from local bare git mirrors under /work/.mirror
(``/work/.mirror/<owner>+<name>/repo`` or ``.../repo/.git``).  The mirrors were brought
onto the development machine by the `fetch` tool of the agent environment used to build
the corpus; this script does not download anything, and a project whose mirror is absent
is reported and skipped.  CI never runs this script (nor benchmarks/real_projects.py).

    python benchmarks/restore_real_projects.py [--corpus DIR] [--mirrors DIR] [--manifest FILE]

``--add owner/name ...`` records a project: the mirror's HEAD commit and every .py and
.ipynb file of at most 1 MB at that commit, then extracts them (used while gathering).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

HERE = Path(__file__).resolve().parent
DEFAULT_MANIFEST = HERE / "real_projects.json"
DEFAULT_CORPUS = Path("/work/realcorpus")
DEFAULT_MIRRORS = Path("/work/.mirror")
MAX_BYTES = 1_000_000
SUFFIXES = (".py", ".ipynb")


def project_dir_name(repo: str) -> str:
    return repo.replace("/", "+")


def find_git_dir(mirrors: Path, repo: str) -> Optional[Path]:
    base = mirrors / project_dir_name(repo) / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    return None


def git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True
    ).stdout


def list_files(git_dir: Path, commit: str) -> List[str]:
    """Relative paths of the .py/.ipynb blobs of at most MAX_BYTES at ``commit``."""
    out = git(git_dir, "ls-tree", "-r", "-l", "-z", commit)
    paths = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, _sha, size = meta.split()
        # a snapshot may list a large blob it does not hold: its size reads "BAD"
        if kind != b"blob" or mode == b"120000" or not size.isdigit() or int(size) > MAX_BYTES:
            continue
        try:
            path = raw_path.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if path.endswith(SUFFIXES):
            paths.append(path)
    return sorted(paths)


def extract(git_dir: Path, commit: str, paths: List[str], dest: Path) -> int:
    """Write ``paths`` at ``commit`` under ``dest``; returns the number written."""
    if not paths:
        return 0
    request = "".join(f"{commit}:{p}\n" for p in paths).encode("utf-8")
    proc = subprocess.run(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
        input=request, capture_output=True, check=True,
    )
    data, pos, written = proc.stdout, 0, 0
    for path in paths:
        header_end = data.index(b"\n", pos)
        header = data[pos:header_end].split()
        pos = header_end + 1
        if header[-1] == b"missing":
            continue
        size = int(header[2])
        blob = data[pos:pos + size]
        pos += size + 1
        target = dest / path
        if dest.resolve() not in target.resolve().parents:
            continue  # a path that escapes the project folder
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)
        written += 1
    return written


def load_manifest(path: Path) -> List[Dict]:
    return json.loads(path.read_text()) if path.exists() else []


def save_manifest(path: Path, entries: List[Dict]) -> None:
    entries = sorted(entries, key=lambda e: e["repo"].lower())
    path.write_text(json.dumps(entries, indent=1) + "\n")


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    ap.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST)
    ap.add_argument("--add", nargs="+", metavar="OWNER/NAME",
                    help="record these projects (mirror HEAD) in the manifest and extract them")
    args = ap.parse_args(argv)

    entries = load_manifest(args.manifest)
    missing = 0
    if args.add:
        by_repo = {e["repo"]: e for e in entries}
        for repo in args.add:
            git_dir = find_git_dir(args.mirrors, repo)
            if git_dir is None:
                print(f"{repo}: no mirror under {args.mirrors}", file=sys.stderr)
                missing += 1
                continue
            commit = git(git_dir, "rev-parse", "HEAD").decode().strip()
            paths = list_files(git_dir, commit)
            by_repo[repo] = {"repo": repo, "commit": commit, "paths": paths}
            n = extract(git_dir, commit, paths, args.corpus / project_dir_name(repo))
            print(f"{repo}: {commit[:10]} {n} files")
        save_manifest(args.manifest, list(by_repo.values()))
        return 1 if missing else 0

    for entry in entries:
        repo = entry["repo"]
        git_dir = find_git_dir(args.mirrors, repo)
        if git_dir is None:
            print(f"{repo}: no mirror under {args.mirrors}; skipped", file=sys.stderr)
            missing += 1
            continue
        n = extract(git_dir, entry["commit"], entry["paths"], args.corpus / project_dir_name(repo))
        print(f"{repo}: {n}/{len(entry['paths'])} files")
    print(f"{len(entries) - missing} of {len(entries)} projects restored into {args.corpus}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
