"""The rewrite's options, in a module of their own so the command line can build them
without importing libcst."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RewriteOptions:
    target: str = "keras3"  # or "tf-keras"
    wrap: bool = True
    unsafe_fixes: bool = False
