"""Typer commands of the analyser (`analyze`, `rules`, `explain`); filled in by issue 5."""


def register(app) -> None:  # pragma: no cover - placeholder until the analyser lands
    return None
