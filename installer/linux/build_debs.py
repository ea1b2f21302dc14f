#!/usr/bin/env python3
"""Build the Debian packages ``repit-agent`` and ``repit-aggregator`` with dpkg-deb.

    python3 installer/linux/build_debs.py [--dist dist] [--build build/deb]

writes ``<dist>/repit-agent_<version>_<arch>.deb`` and
``<dist>/repit-aggregator_<version>_<arch>.deb`` (``make deb``). It runs on
Debian, as any user (``dpkg-deb --root-owner-group`` makes root own the
files), and needs ``dpkg-deb``, ``dpkg-shlibdeps`` (dpkg-dev), Debian's own
``python3`` with its ``venv`` module, the compilers and headers ``make
system-deps`` installs (PyGObject and dbus-python are built from source), and
the network or pip's cache for the wheels.

Each package carries a private virtual environment (``/opt/repit/agent``,
``/opt/repit/aggregator``) over Debian's own interpreter, with the project's
wheel and its side's dependencies (the ``agent`` or ``aggregator`` extra of
pyproject.toml) installed from one wheelhouse built here. Two environments
rather than a shared one because dpkg forbids two packages owning the same
files, and the server should not depend on GTK, cairo, D-Bus and the tray.
The project's wheel holds every layer; each environment keeps the contract and
its own side only (the agent without ``aggregator/``, the server without
``agent/``, neither with the simulator), as the layering test allows.

A virtual environment records its own path (script shebangs, activate
scripts, bytecode), so each one is created in the staging tree and those paths
are rewritten to the installed ones before packing.
"""

from __future__ import annotations

import argparse
import configparser
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
MAINTAINER = "Répit contributors <repit@example.invalid>"
# Debian's interpreter, not whichever python3 is first on the PATH (pyenv,
# a virtual environment): the packages depend on the Debian package providing it.
DEBIAN_PYTHON = Path("/usr/bin/python3")


@dataclass(frozen=True)
class Package:
    name: str
    prefix: str  # where its private environment is installed
    extra: str  # the optional dependencies of pyproject.toml it installs
    python_packages: tuple[str, ...]  # the project's packages it ships
    scripts: tuple[str, ...]  # the project's commands it ships
    depends: tuple[str, ...]  # besides the interpreter and the shared libraries found
    recommends: tuple[str, ...]
    section: str
    summary: str
    description: str


AGENT = Package(
    name="repit-agent",
    prefix="/opt/repit/agent",
    extra="agent",
    python_packages=("agent", "contract"),
    scripts=("repit-agent",),
    # The tray icon goes through PyGObject: GTK 3 and the AppIndicator
    # (StatusNotifierItem) typelibs are loaded at run time, so dpkg-shlibdeps
    # cannot see them. The tool window ("Mon avis sur les outils") is tkinter,
    # which Debian's interpreter finds in python3-tk. debconf asks for the
    # leader's URL and the two enrollment codes.
    depends=(
        "gir1.2-gtk-3.0",
        "gir1.2-ayatanaappindicator3-0.1",
        "python3-tk",
        "debconf (>= 0.5) | debconf-2.0",
    ),
    # Reminders are desktop notifications over D-Bus: any notification
    # daemon (dunst, xfce4-notifyd, GNOME Shell, ...) provides this name.
    recommends=("notification-daemon",),
    section="utils",
    summary="Répit: gentle reminders that protect breaks and the right to disconnect",
    description=(
        "An opt-in desktop agent: reminders for breaks, the end of the day,\n"
        "evenings, weekends and short nights. It keeps the person's own figures\n"
        "on their computer and shares small team sums only if they choose to.\n"
        "It starts with the desktop session (/etc/xdg/autostart) and is set up\n"
        "machine-wide in /etc/repit/agent.toml."
    ),
)

AGGREGATOR = Package(
    name="repit-aggregator",
    prefix="/opt/repit/aggregator",
    extra="aggregator",
    python_packages=("aggregator", "contract"),
    scripts=("repit-aggregator",),
    # The PDF reports (WeasyPrint) open Pango with cffi at run time, and need
    # a font; adduser creates the service's user in postinst.
    depends=("adduser", "libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"),
    recommends=(),
    section="net",
    summary="Répit: the aggregator of team sums for the Prévention service",
    description=(
        "Receives the small integer vectors that Répit agents share by choice,\n"
        "keeps team sums only, and shows the Prévention service the statistics\n"
        "of groups large enough that no one can be singled out.\n"
        "Runs as the systemd service repit-aggregator on 127.0.0.1:8470, behind\n"
        "a TLS reverse proxy (sample nginx configuration included)."
    ),
)


def run(*command: str | Path, capture: bool = False) -> str:
    result = subprocess.run(
        [str(part) for part in command], check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def project_version() -> str:
    with open(PROJECT / "pyproject.toml", "rb") as file:
        version: str = tomllib.load(file)["project"]["version"]
    return version


def debian_version(version: str) -> str:
    """PEP 440 pre-releases sort before the release in Debian only with a tilde (1.0~rc1)."""
    return re.sub(r"\.?(a|b|rc|dev)(\d+)$", r"~\1\2", version)


def build_wheelhouse(python: Path, work: Path) -> Path:
    """The project's wheel and every dependency's, built for Debian's interpreter."""
    wheels = work / "wheels"
    builder = work / "wheel-builder"
    shutil.rmtree(wheels, ignore_errors=True)
    shutil.rmtree(builder, ignore_errors=True)
    run(python, "-m", "venv", builder)
    command: list[str | Path] = [builder / "bin/pip", "wheel", "--quiet", "--wheel-dir", wheels]
    # The versions the test suite runs against, when the development
    # environment exists: the packages then ship what was tested.
    dev_python = PROJECT / ".venv/bin/python"
    if dev_python.exists():
        constraints = work / "constraints.txt"
        frozen = run(dev_python, "-m", "pip", "freeze", "--exclude-editable", capture=True)
        constraints.write_text(frozen, encoding="utf-8")
        command += ["--constraint", constraints]
    # Both sides' dependencies: each package then installs its own extra.
    run(*command, f"{PROJECT}[{AGENT.extra},{AGGREGATOR.extra}]")
    return wheels


def install_environment(
    python: Path, tree: Path, package: Package, wheels: Path, version: str
) -> None:
    prefix = package.prefix
    staged = tree / prefix.lstrip("/")
    run(python, "-m", "venv", staged)
    # --no-compile: the bytecode is compiled below, once the paths are final.
    run(
        staged / "bin/python", "-m", "pip", "install", "--quiet", "--no-index",
        "--find-links", wheels, "--no-compile", f"repit[{package.extra}]=={version}",
    )  # fmt: skip
    keep_own_side(staged, package)
    # Nothing is ever pip-installed into a packaged environment: dpkg owns it.
    run(staged / "bin/python", "-m", "pip", "uninstall", "--quiet", "--yes", "pip", "setuptools")
    for path in [*(staged / "bin").iterdir(), staged / "pyvenv.cfg"]:
        if path.is_file() and not path.is_symlink():
            text = path.read_bytes()
            if str(staged).encode() in text:
                path.write_bytes(text.replace(str(staged).encode(), prefix.encode()))
    # Precompiled with the installed paths in tracebacks, and shipped, so that
    # Python never writes bytecode under /opt at run time: dpkg then removes
    # every file it installed. The timestamps stay valid: dpkg keeps mtimes.
    run(
        staged / "bin/python", "-m", "compileall", "-q", "-j0",
        "-s", tree, "-p", "/", staged / "lib",
    )  # fmt: skip


def keep_own_side(staged: Path, package: Package) -> None:
    """Remove the project's packages and commands of the other side (and the
    simulator) from an environment, and from the wheel's RECORD and entry points,
    so that what is installed is what ``pip show`` and ``importlib.metadata`` say."""
    (site,) = staged.glob("lib/python3.*/site-packages")
    (info,) = site.glob("repit-*.dist-info")
    top_level = {line.split("/")[0] for line in (info / "RECORD").read_text().splitlines()}
    ours = {name for name in top_level if (site / name / "__init__.py").is_file()}
    dropped = ours - set(package.python_packages) - {info.name}
    for name in dropped:
        shutil.rmtree(site / name)
    entry_points = configparser.ConfigParser(interpolation=None)
    entry_points.optionxform = str  # type: ignore[assignment, method-assign]  # keep names' case
    entry_points.read(info / "entry_points.txt", encoding="utf-8")
    for script in entry_points.options("console_scripts"):
        if script not in package.scripts:
            entry_points.remove_option("console_scripts", script)
            (staged / "bin" / script).unlink()
    with open(info / "entry_points.txt", "w", encoding="utf-8") as file:
        entry_points.write(file)
    # RECORD then lists what is left: every path relative to site-packages.
    record = info / "RECORD"
    kept = [
        line
        for line in record.read_text(encoding="utf-8").splitlines()
        if (site / line.rsplit(",", 2)[0]).exists()
    ]
    record.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")


def normalize_modes(tree: Path) -> None:
    """0755 for folders and executables, 0644 for the rest, whatever the checkout's umask:
    dpkg-deb refuses maintainer scripts with group- or other-writable modes."""
    for path in [tree, *tree.rglob("*")]:
        if not path.is_symlink():
            executable = path.is_dir() or path.stat().st_mode & 0o111
            path.chmod(0o755 if executable else 0o644)


def add_agent_files(tree: Path) -> None:
    (tree / "usr/bin").mkdir(parents=True)
    os.symlink(f"{AGENT.prefix}/bin/repit-agent", tree / "usr/bin/repit-agent")
    # The menu and autostart entries' icon: the tray's own drawing, so there
    # is no image file to keep in sync with it.
    icon = tree / "usr/share/icons/hicolor/256x256/apps/repit-agent.png"
    icon.parent.mkdir(parents=True)
    draw = (
        "import sys\n"
        "from agent.participation import IconState\n"
        "from agent.tray.icons import draw_icon\n"
        "draw_icon(IconState.RECORDING, 256).save(sys.argv[1])\n"
    )
    run(tree / AGENT.prefix.lstrip("/") / "bin/python", "-B", "-c", draw, icon)


AGGREGATOR_ENV = """\
# The leader's configuration (repit-aggregator.service; SPLIT.md).
# The helper's address, given by the helper's operator with the leader–helper
# token (put it in /etc/repit/helper-token, owner repit, mode 0600):
REPIT_HELPER_URL=
"""


def add_aggregator_files(tree: Path) -> None:
    # The bundled policies become the server's editable configuration.
    policies = tree / "etc/repit/policies"
    policies.mkdir(parents=True)
    for policy in sorted((PROJECT / "policies").glob("*.toml")):
        shutil.copy2(policy, policies / policy.name)
    (tree / "etc/repit/aggregator.env").write_text(AGGREGATOR_ENV, encoding="utf-8")


def copyright_text() -> str:
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: repit\n\n"
        "Files: *\n"
        "Copyright: Répit contributors\n"
        "License: EUPL-1.2\n"
        " The European Union Public Licence, version 1.2:\n"
        " https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12\n"
        " .\n"
        " The Python packages in the private environment under /opt/repit keep\n"
        " their own licences, listed in their *.dist-info folders.\n"
    )


def changelog(package: Package, version: str) -> bytes:
    """The one-entry changelog Debian policy asks every package to carry; the
    project's history is in its repository."""
    entry = (
        f"{package.name} ({version}) unstable; urgency=medium\n\n"
        "  * Built from the Répit repository by installer/linux/build_debs.py.\n\n"
        f" -- {MAINTAINER}  {formatdate(localtime=False)}\n"
    )
    # mtime=0: no build time inside the archive, as `gzip -n` does.
    return gzip.compress(entry.encode(), compresslevel=9, mtime=0)


def shared_library_depends(tree: Path, work: Path) -> list[str]:
    """Debian packages providing the shared libraries the environment's extensions link."""
    libraries = sorted(
        path
        for path in tree.rglob("*.so*")
        if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF"
    )
    # Wheels bundle some libraries in "<name>.libs" folders: found there, not in Debian.
    bundled = sorted(
        {f"-l{path.parent}" for path in libraries if path.parent.name.endswith(".libs")}
    )
    # dpkg-shlibdeps insists on a debian/control to read, even with -O.
    scratch = work / "shlibdeps"
    (scratch / "debian").mkdir(parents=True, exist_ok=True)
    (scratch / "debian/control").write_text(
        "Source: repit\n\nPackage: repit\nArchitecture: any\n", encoding="utf-8"
    )
    output = subprocess.run(
        ["dpkg-shlibdeps", "-O", "--warnings=0", *bundled, *map(str, libraries)],
        cwd=scratch,
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    found = output.strip().removeprefix("shlibs:Depends=")
    return [item.strip() for item in found.split(",") if item.strip()]


def write_control(
    tree: Path, package: Package, version: str, arch: str, depends: list[str]
) -> None:
    debian = tree / "DEBIAN"
    installed_kib = sum(
        (path.lstat().st_size + 1023) // 1024
        for path in tree.rglob("*")
        if not path.is_relative_to(debian) and (path.is_file() or path.is_symlink())
    )
    fields = {
        "Package": package.name,
        "Version": version,
        "Architecture": arch,
        "Maintainer": MAINTAINER,
        "Installed-Size": str(installed_kib),
        "Depends": ", ".join(depends),
        "Recommends": ", ".join(package.recommends),
        "Section": package.section,
        "Priority": "optional",
        "Description": f"{package.summary}\n"
        + "\n".join(f" {line}" if line else " ." for line in package.description.splitlines()),
    }
    text = "".join(f"{key}: {value}\n" for key, value in fields.items() if value)
    (debian / "control").write_text(text, encoding="utf-8")
    # Every file under /etc is configuration the administrator may edit.
    conffiles = sorted(
        f"/{path.relative_to(tree)}" for path in (tree / "etc").rglob("*") if path.is_file()
    )
    (debian / "conffiles").write_text("".join(f"{name}\n" for name in conffiles), encoding="utf-8")
    # md5sums lets `dpkg --verify` and debsums check the installed files.
    sums = sorted(
        f"{hashlib.md5(path.read_bytes()).hexdigest()}  {path.relative_to(tree)}\n"
        for path in tree.rglob("*")
        if path.is_file() and not path.is_symlink() and not path.is_relative_to(debian)
    )
    (debian / "md5sums").write_text("".join(sums), encoding="utf-8")


COMPRESSIONS = ("xz", "zstd", "gzip")


def build_package(
    package: Package,
    python: Path,
    wheels: Path,
    work: Path,
    dist: Path,
    arch: str,
    compression: str = "xz",
) -> Path:
    tree = work / package.name
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(HERE / package.name, tree, symlinks=True)
    normalize_modes(tree)
    install_environment(python, tree, package, wheels, project_version())
    if package is AGENT:
        add_agent_files(tree)
    else:
        add_aggregator_files(tree)
    version = debian_version(project_version())
    doc = tree / "usr/share/doc" / package.name
    doc.mkdir(parents=True, exist_ok=True)
    (doc / "copyright").write_text(copyright_text(), encoding="utf-8")
    (doc / "changelog.gz").write_bytes(changelog(package, version))

    # The environment only runs on the interpreter it was made with: python3.11
    # on Debian 12, whichever /usr/bin/python3 is on the machine building it.
    depends = [python.name, *package.depends, *shared_library_depends(tree, work)]
    write_control(tree, package, version, arch, depends)

    output = dist / f"{package.name}_{version}_{arch}.deb"
    run("dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", tree, output)
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=PROJECT / "dist", help="where the .deb go")
    parser.add_argument("--build", type=Path, default=PROJECT / "build/deb", help="scratch folder")
    parser.add_argument(
        "--compression",
        choices=COMPRESSIONS,
        default="xz",
        help="dpkg-deb's compression: xz (the smallest, Debian's own) by default;"
        " zstd builds in a second instead of a minute (dpkg 1.21.18+, Debian 12)",
    )
    arguments = parser.parse_args()

    # Files and folders in the packages get the usual 0644/0755 whatever the
    # caller's umask.
    os.umask(0o022)
    python = Path(os.path.realpath(DEBIAN_PYTHON))  # /usr/bin/python3.11 on Debian 12
    arch = run("dpkg", "--print-architecture", capture=True).strip()
    work: Path = arguments.build.resolve()
    dist: Path = arguments.dist.resolve()
    work.mkdir(parents=True, exist_ok=True)
    dist.mkdir(parents=True, exist_ok=True)

    wheels = build_wheelhouse(python, work)
    for package in (AGENT, AGGREGATOR):
        print(build_package(package, python, wheels, work, dist, arch, arguments.compression))


if __name__ == "__main__":
    main()
