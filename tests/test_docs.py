"""The README pairs every CLI command with its library call, and names the two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

import pactgraph
from pactgraph.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: object, prefix: str = "") -> list[str]:
    out = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):  # a group of subcommands (typer may bring its own click)
            out.extend(_commands(cmd, f"{prefix}{name} "))
        else:
            out.append(f"{prefix}{name}")
    return out


def test_readme_names_every_command():
    commands = _commands(typer.main.get_command(app))
    assert len(commands) >= 9
    for command in commands:
        head = command.split()[0]
        assert f"pactgraph {head}" in README, f"README does not document `pactgraph {command}`"


def test_every_command_is_paired_with_a_public_library_call():
    rows = [line for line in README.splitlines() if line.startswith("| `pactgraph ")]
    public = {name for name in pactgraph.__all__ if name[0].islower()}
    for command in _commands(typer.main.get_command(app)):
        row = next((r for r in rows if r.startswith(f"| `pactgraph {command}")
                    or r.startswith(f"| `pactgraph {command.split()[0]} ")), None)
        assert row is not None, f"no row of the command table for `pactgraph {command}`"
        calls = set(re.findall(r"pactgraph\.(\w+)\(", re.split(r"(?<!\\)\|", row)[2]))
        assert calls and calls <= public, f"`pactgraph {command}`: its row names no public call ({calls})"
        assert callable(getattr(pactgraph, sorted(calls)[0]))


def test_readme_names_every_public_function():
    for name in pactgraph.__all__:
        if name[0].islower():
            assert f"pactgraph.{name}" in README or name in {"read_documents", "extract_many"} and \
                f"{name}(" in README, f"README does not name pactgraph.{name}"


def test_readme_gives_the_two_setup_commands():
    assert "make demo" in README and "make test" in README
