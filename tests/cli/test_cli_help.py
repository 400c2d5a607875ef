"""Every option of every subcommand says what it does, and its default when it has one."""

from __future__ import annotations

import argparse

import pytest

from kgraph.cli import parser


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    for action in parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("kgraph has no subcommands")


def _options(sub: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in sub._actions if not isinstance(a, argparse._HelpAction) and a.help != argparse.SUPPRESS]


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_option_has_help(name):
    missing = [a.dest for a in _options(_subcommands()[name]) if not (a.help or "").strip()]
    assert missing == [], f"kgraph {name}: no help for {missing}"


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_default_is_stated(name):
    silent = []
    for action in _options(_subcommands()[name]):
        flag = isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction, argparse._VersionAction))
        optional = bool(action.option_strings) and not action.required and not flag
        # a default of 0 counts (0 == False: compared by identity), and an optional value left unset has one too
        has_default = optional or action.nargs in ("?", "*") or (not flag and action.default is not None)
        if has_default and action.required is False and "default" not in (action.help or ""):
            silent.append(action.dest)
    assert silent == [], f"kgraph {name}: the help of {silent} does not state the default"


def test_help_names_the_defaults_users_ask_about():
    subs = _subcommands()
    host, port = (next(a for a in subs["serve"]._actions if a.dest == name) for name in ("host", "port"))
    assert "default: 127.0.0.1" in host.help and "default: 5000" in port.help
    assert "SPARQL results" in subs["query"].format_help()
    assert "--json" in subs["stats"].format_help() and "JSON" in subs["stats"].format_help()
