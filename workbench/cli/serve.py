"""``workbench serve``: every app in ``apps/`` behind one landing page, with ``panel serve``.

The database is created on first run and, when it is new, filled with the
sample data, so that a fresh clone starts on something to look at.
"""

from __future__ import annotations

import argparse
import errno
import os
import secrets
import socket
import sys
from pathlib import Path

from workbench.config import data_dir
from workbench.errors import ConfigError
from workbench.i18n import N_, translator
from workbench.session.accounts import load_accounts
from workbench.store import Store
from workbench.store.seed import ensure_reference_data, load_sample

__all__ = [
    "apps_dir",
    "auth_module",
    "cookie_secret",
    "panel_command",
    "port_is_free",
    "register",
    "run",
    "upload_message_bytes",
]

DEFAULT_PORT = 5006


def register(subparsers: argparse._SubParsersAction, _) -> None:
    """Add the ``serve`` sub-command."""
    parser = subparsers.add_parser("serve", help=_("start the workbench's web apps"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=_("port (default 5006)"))
    parser.add_argument(
        "--address",
        default="127.0.0.1",
        help=_("address to listen on (default 127.0.0.1; 0.0.0.0 for phones on the network)"),
    )
    parser.add_argument(
        "--allow-websocket-origin",
        action="append",
        default=[],
        metavar="HOST[:PORT]",
        help=_("host name members use to reach the server (repeatable)"),
    )
    parser.add_argument("--num-procs", type=int, default=1, help=_("number of server processes"))
    parser.add_argument(
        "--empty",
        action="store_true",
        help=_("do not load the sample data into a new database"),
    )
    parser.set_defaults(handler=run)


def apps_dir() -> Path:
    """The repository's ``apps/`` folder."""
    return Path(__file__).resolve().parents[2] / "apps"


def port_is_free(address: str, port: int) -> bool:
    """Whether a server could listen on ``address:port`` now."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address or "0.0.0.0", port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def panel_command(args: argparse.Namespace) -> list[str]:
    """The ``panel serve`` command line that runs the apps."""
    folder = apps_dir()
    apps = sorted(str(path) for path in folder.glob("*.py") if not path.name.startswith("_"))
    if not apps:
        raise ConfigError(N_("No apps found in {path}."), path=str(folder))
    origins = list(args.allow_websocket_origin) or [
        f"localhost:{args.port}",
        f"127.0.0.1:{args.port}",
    ]
    command = [
        sys.executable,
        "-m",
        "panel",
        "serve",
        *apps,
        "--index",
        "landing",
        "--port",
        str(args.port),
        "--address",
        args.address,
        "--num-procs",
        str(args.num_procs),
    ]
    for origin in origins:
        command += ["--allow-websocket-origin", origin]
    # an uploaded file reaches the server in one websocket message, in base64 (4/3 of its
    # size): room for the largest file intake accepts (Bokeh's default is 20 MB)
    command += ["--websocket-max-message-size", str(upload_message_bytes())]
    # facilitator apps need a signed-in account; the rest stay open (workbench.ui.session_login)
    command += ["--auth-module", str(auth_module())]
    # websockets without Nagle's delay: a phone's acknowledgement leaves at once
    command += ["--setup", str(Path(__file__).resolve().parents[1] / "ui" / "serve_setup.py")]
    return command


def upload_message_bytes() -> int:
    """The largest websocket message the server takes: a file at intake's size limit."""
    from workbench.intake.readers import DEFAULT_LIMITS

    return DEFAULT_LIMITS.max_bytes * 4 // 3 + 2**20


def auth_module() -> Path:
    """The auth module that lets open pages through and asks facilitators to sign in."""
    return Path(__file__).resolve().parents[1] / "ui" / "session_login.py"


def cookie_secret(folder: Path) -> str:
    """``WORKBENCH_COOKIE_SECRET``, else a random secret kept (mode 0600) in the data folder.

    All server processes (``--num-procs``) get it through the environment, so a
    sign-in cookie made by one is valid in the others.
    """
    configured = os.environ.get("WORKBENCH_COOKIE_SECRET")
    if configured:
        return configured
    path = folder / "cookie_secret"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def run(args: argparse.Namespace) -> int:
    """Prepare the database, check the port, then become the Panel server."""
    _ = translator(args.lang)
    if not 0 < args.port < 65536:
        raise ConfigError(N_("The port must be between 1 and 65535, not {port}."), port=args.port)
    if not port_is_free(args.address, args.port):
        raise ConfigError(
            N_("Port {port} is already in use on {address}: choose another with --port."),
            port=args.port,
            address=args.address,
        )
    with Store() as store:
        is_new = store.versions[0] is None
        ensure_reference_data(store)
        if is_new and not args.empty:
            load_sample(store)
            print(_("Created {url} with the sample data.", url=store.url.database or ""))
        os.environ["WORKBENCH_DB"] = store.url.render_as_string(hide_password=False)
    os.environ["PANEL_COOKIE_SECRET"] = cookie_secret(data_dir())
    command = panel_command(args)
    host = "localhost" if args.address in ("127.0.0.1", "0.0.0.0", "") else args.address
    print(_("Mesa Workbench at http://{host}:{port}/", host=host, port=args.port), flush=True)
    if not any(a.get("role") == "facilitator" for a in load_accounts().values()):
        print(
            _(
                "No facilitator account yet: facilitator pages ask for one. Create it with "
                "`workbench users add NAME --role facilitator`."
            ),
            flush=True,
        )
    os.execv(command[0], command)
    return 0  # pragma: no cover - execv does not return
