#!/usr/bin/env python3
"""Set up and run Mesa Workbench on a machine that has only python3.

    python3 dev.py start     set everything up and start the workbench on the sample data
    python3 dev.py test      set everything up and run the whole test suite

Set-up is idempotent and quick when nothing changed: a virtual environment in
``.venv`` with the project installed from ``pyproject.toml``; for the tests,
Debian's ``chromium`` and ``postgresql`` packages when they are missing.
Arguments after the command go to ``workbench serve`` or to ``pytest``.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
PYTHON = BIN / "python"
SYSTEM_PACKAGES = {
    # what the tests need -> Debian package
    "/usr/bin/chromium": "chromium",
    "postgresql": "postgresql",
    "fonts": "fonts-dejavu-core",
}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(*command: str | Path, **kwargs) -> None:
    subprocess.run([str(c) for c in command], check=True, **kwargs)


def ensure_venv() -> None:
    if PYTHON.exists():
        return
    say(f"creating the virtual environment {VENV}")
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        apt_install(["python3-venv"])
        if not PYTHON.exists():
            sys.exit(f"Could not create a virtual environment: {exc}")


def ensure_project(extra: str | None) -> None:
    spec = f".[{extra}]" if extra else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extra or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"installing the project and its dependencies ({spec})")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", spec, cwd=ROOT)
    stamp.write_text(digest)


def _missing_system_packages() -> list[str]:
    missing = []
    if not Path("/usr/bin/chromium").exists():
        missing.append(SYSTEM_PACKAGES["/usr/bin/chromium"])
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        missing.append(SYSTEM_PACKAGES["postgresql"])
    if not glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        missing.append(SYSTEM_PACKAGES["fonts"])
    return missing


def apt_install(packages: list[str]) -> None:
    if not packages:
        return
    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            sys.exit(f"Please install these Debian packages as root: {' '.join(packages)}")
        prefix = ["sudo", "-n"]
    if not shutil.which("apt-get"):
        sys.exit(f"No apt-get here: install {' '.join(packages)} with your system's tools.")
    say(f"installing Debian packages: {' '.join(packages)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(*prefix, "apt-get", "update", "-qq", env=env)
    run(
        *prefix,
        "apt-get",
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        *packages,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def start(args: list[str]) -> None:
    ensure_venv()
    ensure_project(None)
    os.chdir(ROOT)
    command = [str(BIN / "workbench"), "serve", *args]
    say(" ".join(command[1:]))
    os.execv(command[0], command)


def test(args: list[str]) -> None:
    ensure_venv()
    ensure_project("test")
    apt_install(_missing_system_packages())
    os.chdir(ROOT)
    command = [str(PYTHON), "-m", "pytest", *args]
    say(" ".join(command[1:]))
    os.execv(command[0], command)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"start", "test"}:
        sys.exit(__doc__)
    {"start": start, "test": test}[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
