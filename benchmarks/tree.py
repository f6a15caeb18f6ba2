"""Build the benchmark tree: the .py files of five pinned wheels, and N-times copies of it.

    python benchmarks/tree.py [--dest /tmp/mf-tree] [--copies 1,4,16] [--mixed]

Downloads (pip download --no-deps, from the package index) keras 3.15.1, tf-keras 2.21.0,
keras-hub 0.32.0, tensorflow-probability 0.25.0 and deepchem 2.8.0, and unpacks every
.py file into DEST/1x/<wheel>/...; DEST/<N>x holds N copies of that tree (copy_0 ...).
Prints the number of files and bytes of each tree. Rerunning reuses what is there.

``--mixed`` also builds DEST/mixed: the 1x tree and the .py files of nine more pinned
wheels (``MIXED_WHEELS``), 12,993 distinct files.  The copies of ``--copies`` repeat
one tree, and the analyser keeps one summary for files of the same content; a tree of
distinct real files is what a large code base costs it (the parent's memory:
``benchmarks/project_pass_memory.py``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

WHEELS = {
    "keras": "3.15.1",
    "tf-keras": "2.21.0",
    "keras-hub": "0.32.0",
    "tensorflow-probability": "0.25.0",
    "deepchem": "2.8.0",
}

#: ``--mixed``: pure-Python or mostly-Python wheels of other large projects (binary
#: wheels for CPython 3.11 on manylinux x86_64 where the project has no pure one)
MIXED_WHEELS = {
    "transformers": "4.46.3",
    "sympy": "1.13.3",
    "django": "5.1.4",
    "pandas": "2.2.3",
    "scikit-learn": "1.5.2",
    "matplotlib": "3.9.3",
    "networkx": "3.4.2",
    "astropy": "7.0.0",
    "scipy": "1.14.1",
}


def download(cache: Path, wheels: dict = WHEELS, binary: bool = False) -> list[Path]:
    cache.mkdir(parents=True, exist_ok=True)
    wanted = [f"{name}=={version}" for name, version in wheels.items()]
    have = sorted(cache.glob("*.whl"))
    if len(have) < len(wheels):
        platform = (
            ["--python-version", "3.11", "--platform", "manylinux2014_x86_64", "--only-binary=:all:"]
            if binary else []
        )
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", *platform, "-d", str(cache), *wanted],
            check=True,
        )
        have = sorted(cache.glob("*.whl"))
    return have


def unpack(wheels: list[Path], tree: Path) -> None:
    if tree.exists():
        return
    for wheel in wheels:
        target = tree / wheel.name.split("-")[0]
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                if member.endswith(".py"):
                    archive.extract(member, target)


def replicate(base: Path, dest: Path, copies: int) -> Path:
    tree = dest / f"{copies}x"
    if copies == 1 or tree.exists():
        return base if copies == 1 else tree
    for i in range(copies):
        shutil.copytree(base, tree / f"copy_{i}")
    return tree


def measure(tree: Path) -> tuple[int, int]:
    files = list(tree.rglob("*.py"))
    return len(files), sum(f.stat().st_size for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=Path("/tmp/mf-tree"))
    parser.add_argument("--copies", default="1,4,16")
    parser.add_argument("--mixed", action="store_true", help="also build DEST/mixed (distinct files)")
    args = parser.parse_args()
    wheels = download(args.dest / "wheels")
    base = args.dest / "1x"
    unpack(wheels, base)
    print("| tree | files | MB |\n|---|---|---|")
    for copies in (int(c) for c in args.copies.split(",")):
        tree = replicate(base, args.dest, copies)
        n, size = measure(tree)
        print(f"| {tree} | {n} | {size / 1e6:.1f} |")
    if args.mixed:
        mixed = args.dest / "mixed"
        if not mixed.exists():
            unpack(download(args.dest / "mixed-wheels", MIXED_WHEELS, binary=True), mixed)
            shutil.copytree(base, mixed / "keras-five")
        n, size = measure(mixed)
        print(f"| {mixed} | {n} | {size / 1e6:.1f} |")


if __name__ == "__main__":
    main()
