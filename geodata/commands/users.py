"""``unrest-atlas users``: local accounts for team mode (the dashboard's ``--auth FILE``).

    unrest-atlas users add ana --role analyst --auth team-auth.json        # asks twice
    printf '%s\\n' "$PASSWORD" | unrest-atlas users add bo --role viewer --password-stdin --auth team-auth.json
    unrest-atlas users add ana@example.org --role analyst --no-password --auth team-auth.json   # OIDC
    unrest-atlas users list --auth team-auth.json
    unrest-atlas users remove bo --auth team-auth.json

Passwords are stored as Argon2id hashes in FILE (mode 0600); see :mod:`geodata.team.auth`.
Exit codes: 0 done, 2 a bad name, role or password, an existing or unknown account.
"""

from __future__ import annotations

import argparse
import getpass
import sys

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction, name: str) -> None:  # type: ignore[type-arg]
    """Add the ``users`` sub-command (``add``, ``list``, ``remove``)."""
    from geodata.team.auth import ROLES

    p = subparsers.add_parser(name, help="manage team-mode accounts (roles viewer, analyst, admin)",
                              description="Add, list and remove the accounts of team mode.")  # fmt: skip
    sub = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an account (or --replace its role and password)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin's first line")
    add.add_argument("--no-password", action="store_true",
                     help="an account for an OpenID Connect identity (NAME: its e-mail address); "
                     "it cannot sign in with a password")
    add.add_argument("--replace", action="store_true", help="change an existing account")
    lst = sub.add_parser("list", help="list the accounts and their roles")
    rm = sub.add_parser("remove", help="remove an account")
    rm.add_argument("name")
    for q in (add, lst, rm):
        q.add_argument("--auth", required=True, metavar="FILE", help="the accounts file")
    p.set_defaults(func=run)


def _password(from_stdin: bool) -> str:
    from geodata.team.auth import AuthError

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise AuthError("the two passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    """Run one accounts action; returns the exit code."""
    from geodata.team.auth import Accounts

    accounts = Accounts(args.auth)
    if args.users_command == "add":
        password = None if args.no_password else _password(args.password_stdin)
        user = accounts.add(args.name, args.role, password, replace=args.replace)
        print(f"account {user.name} ({user.role}) saved in {args.auth}")
    elif args.users_command == "remove":
        accounts.remove(args.name)
        print(f"account {args.name} removed from {args.auth}")
    else:
        for name, role in accounts.names().items():
            print(f"{name}\t{role}")
    return 0
