"""The Debian packages (``make deb``): build both, install them with dpkg on this
machine, run what they install, then remove and purge them and check that
nothing of theirs is left.

This test changes the machine it runs on (packages, the ``repit`` user), so it
needs root on Debian, as CI has; it fails rather than skips elsewhere, so that
CI can never pass without it. It refuses to run where the packages or a
``repit`` user already exist, not to purge a real installation.

The tests share one build and one installation and run in file order; the
last one removes and purges.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from agent.machine_config import MachineConfig, load_machine_config
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(900)

PROJECT = Path(__file__).resolve().parents[2]
BUILDER = PROJECT / "installer/linux/build_debs.py"
PACKAGES = ("repit-agent", "repit-aggregator")
UNIT = Path("/lib/systemd/system/repit-aggregator.service")
USER = "repit"

# What the packages put outside the dpkg file lists (postinst, the service's
# enablement) or must leave nowhere after a purge.
LEFT_NOTHING = (
    "/opt/repit",
    "/etc/repit",
    "/etc/repit/enrollment.toml",
    "/var/lib/repit",
    "/usr/bin/repit-agent",
    "/usr/bin/repit-aggregator",
    "/etc/xdg/autostart/repit-agent.desktop",
    "/usr/share/applications/repit-agent.desktop",
    "/usr/share/icons/hicolor/256x256/apps/repit-agent.png",
    str(UNIT),
    "/lib/systemd/system/repit-helper.service",
    "/etc/systemd/system/repit-aggregator.service",
    "/etc/systemd/system/multi-user.target.wants/repit-aggregator.service",
    "/var/lib/systemd/deb-systemd-helper-enabled/repit-aggregator.service.dsh-also",
    "/var/lib/systemd/deb-systemd-helper-masked/repit-aggregator.service",
    "/usr/share/doc/repit-agent",
    "/usr/share/doc/repit-aggregator",
)


@dataclass(frozen=True)
class Installed:
    debs: dict[str, Path]
    files: dict[str, list[str]]  # `dpkg -L` of each package, right after installing


def run(*command: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], check=check, text=True, capture_output=True
    )


def dpkg_state(package: str) -> str:
    """ "installed", "config-files" (removed, not purged), or "not-installed"."""
    result = run("dpkg-query", "-W", "-f=${db:Status-Status}", package, check=False)
    return result.stdout.strip() or "not-installed"


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def require_debian_root() -> None:
    if os.geteuid() != 0:
        pytest.fail("the package test installs .deb files: run it as root (CI does)")
    tools = {"dpkg": "dpkg", "dpkg-deb": "dpkg", "dpkg-shlibdeps": "dpkg-dev"}
    tools["/usr/bin/python3"] = "python3-venv"
    for tool, package in tools.items():
        if shutil.which(tool) is None:
            pytest.fail(f"the package test needs Debian's {tool}: apt-get install {package}")
    for package in PACKAGES:
        if dpkg_state(package) != "not-installed":
            pytest.fail(
                f"{package} is already on this machine ({dpkg_state(package)}); this test "
                f"installs then purges it: `dpkg --purge {package}` first"
            )
    if user_exists(USER):
        pytest.fail(f"a user {USER!r} already exists; purging the package would delete it")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    require_debian_root()
    work = tmp_path_factory.mktemp("debs")
    dist, build = work / "dist", work / "build"
    subprocess.run(
        # zstd: the same packages, built in seconds rather than the two minutes of
        # xz; dpkg -i below reads it as Debian 12's dpkg reads any .deb.
        [sys.executable, BUILDER, "--dist", dist, "--build", build, "--compression", "zstd"],
        check=True,
        timeout=600,
    )
    shutil.rmtree(build)  # two environments and the wheels: only the .deb are needed now
    version = run("dpkg-deb", "--field", next(dist.glob("repit-agent_*.deb")), "Version")
    arch = run("dpkg", "--print-architecture").stdout.strip()
    debs = {name: dist / f"{name}_{version.stdout.strip()}_{arch}.deb" for name in PACKAGES}
    try:
        installing = run("dpkg", "-i", *debs.values(), check=False)
        if installing.returncode != 0:
            # A dependency missing on this machine: let apt fetch it, as an
            # administrator would with `apt-get install ./repit-*.deb`.
            environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            subprocess.run(["apt-get", "install", "-f", "-y", "-q"], check=True, env=environment)
        for name in PACKAGES:
            assert dpkg_state(name) == "installed", installing.stdout + installing.stderr
        files = {name: run("dpkg", "-L", name).stdout.splitlines() for name in PACKAGES}
        yield Installed(debs, files)
    finally:
        # Whatever failed above, leave the machine as it was.
        for name in PACKAGES:
            if dpkg_state(name) != "not-installed":
                run("dpkg", "--purge", name, check=False)


def test_packages_are_named_and_described(installed: Installed) -> None:
    version = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["version"]
    for name, deb in installed.debs.items():
        assert deb.is_file(), deb
        fields = run("dpkg-deb", "--field", deb, "Package", "Version", "Depends").stdout
        assert f"Package: {name}" in fields
        # Debian spells pre-releases with a tilde: 1.0rc1 is 1.0~rc1.
        packaged = re.findall(r"(?m)^Version: (.*)$", fields)
        assert packaged and packaged[0].replace("~", "") == version.replace(".dev", "dev")
        # The private environment runs on Debian's interpreter.
        assert re.search(r"Depends: python3\.\d+", fields), fields
    agent_depends = run("dpkg-deb", "--field", installed.debs["repit-agent"], "Depends").stdout
    assert "gir1.2-ayatanaappindicator3-0.1" in agent_depends
    assert "gir1.2-gtk-3.0" in agent_depends


def test_installed_files_match_their_checksums(installed: Installed) -> None:
    for name in PACKAGES:
        verify = run("dpkg", "--verify", name, check=False)
        assert verify.returncode == 0 and not verify.stdout, verify.stdout + verify.stderr


def test_agent_runs_from_the_path(installed: Installed, tmp_path: Path) -> None:
    assert os.path.realpath("/usr/bin/repit-agent").startswith("/opt/repit/")
    environment = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "REPIT_DATA_DIR": str(tmp_path)}
    usage = subprocess.run(
        ["repit-agent", "--help"], env=environment, text=True, capture_output=True, timeout=60
    )
    assert usage.returncode == 0, usage.stderr
    assert "Utilisation\u00a0: repit-agent" in usage.stdout and "status" in usage.stdout

    status = subprocess.run(
        ["repit-agent", "status", "--language", "en", "--json"],
        env=environment,
        text=True,
        capture_output=True,
        timeout=60,
    )
    assert status.returncode == 0, status.stderr
    figures = json.loads(status.stdout)
    assert figures["mode"] is None, "nothing is recorded before the person chooses"
    assert figures["data_dir"] == str(tmp_path)


def test_agent_desktop_entries_and_machine_configuration(
    installed: Installed, tmp_path: Path
) -> None:
    autostart = Path("/etc/xdg/autostart/repit-agent.desktop")
    for entry in (autostart, Path("/usr/share/applications/repit-agent.desktop")):
        text = entry.read_text(encoding="utf-8")
        assert text.startswith("[Desktop Entry]\n"), entry
        assert "\nExec=repit-agent run\n" in text and "\nType=Application\n" in text, entry

    config = Path("/etc/repit/agent.toml")
    assert "/etc/repit/agent.toml" in installed.files["repit-agent"]
    conffiles = Path("/var/lib/dpkg/info/repit-agent.conffiles").read_text().split()
    assert str(config) in conffiles
    # As shipped, it sets nothing; uncommented, it sets every key the agent
    # reads (agent/machine_config.py), so each one is documented in the file.
    assert load_machine_config(config) == MachineConfig()
    example = tmp_path / "agent.toml"
    example.write_text(re.sub(r"(?m)^# (\w+ = )", r"\1", config.read_text(encoding="utf-8")))
    unset = [name for name, value in vars(load_machine_config(example)).items() if not value]
    assert not unset, f"not in /etc/repit/agent.toml: {unset}"


def unit_setting(unit: str, key: str) -> str:
    values = re.findall(rf"(?m)^{key}=(.*)$", unit)
    assert len(values) == 1, f"expected one {key}= in the unit, found {values}"
    return str(values[0]).strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_aggregator_serves_from_its_unit_command_line(installed: Installed) -> None:
    unit = UNIT.read_text(encoding="utf-8")
    for hardening in (
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "ReadWritePaths=/var/lib/repit",
    ):
        assert f"\n{hardening}\n" in unit, hardening
    command = shlex.split(unit_setting(unit, "ExecStart"))
    assert command[1:] == [
        "serve", "--role", "leader", "--db", "/var/lib/repit/aggregator.db",
        "--policies", "/etc/repit/policies", "--helper-token-file", "/etc/repit/helper-token",
    ]  # fmt: skip
    assert unit_setting(unit, "EnvironmentFile") == "/etc/repit/aggregator.env"
    assert "REPIT_HELPER_URL=" in Path("/etc/repit/aggregator.env").read_text(encoding="utf-8")
    port = free_port()
    user = pwd.getpwnam(unit_setting(unit, "User"))
    # The leader–helper token, as the operator installs it: the service's user only.
    token = Path("/etc/repit/helper-token")
    token.write_text("a-token-the-helper-operator-gave-0123456789\n", encoding="utf-8")
    os.chown(token, user.pw_uid, user.pw_gid)
    token.chmod(0o600)
    assert user.pw_dir == "/var/lib/repit" and user.pw_uid < 1000, "a system user"
    assert Path("/var/lib/repit").stat().st_uid == user.pw_uid

    # As systemd would start it: the unit's user and group, from /, with a
    # bare environment; the port is the last option, so it wins.
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        user=user.pw_uid,
        group=grp.getgrnam(unit_setting(unit, "Group")).gr_gid,
        extra_groups=[],
        cwd="/",
        # What EnvironmentFile= gives it: a helper that is not up (aggregation waits).
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "REPIT_HELPER_URL": "http://127.0.0.1:9"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:

        def healthz() -> int | None:
            assert server.poll() is None, f"the server stopped: {server.communicate()[0]}"
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=5
                ) as answer:
                    return int(answer.status)
            except (urllib.error.URLError, ConnectionError):
                return None

        status = wait_for(
            healthz, f"the installed aggregator to answer on port {port}", timeout=120
        )
        assert status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    database = Path("/var/lib/repit/aggregator.db")
    assert database.is_file() and database.stat().st_uid == user.pw_uid, output
    token.unlink()  # written by the test, not by the package: purge must find nothing


def test_the_helper_unit_is_shipped_and_not_enabled(installed: Installed) -> None:
    helper = Path("/lib/systemd/system/repit-helper.service")
    command = shlex.split(unit_setting(helper.read_text(encoding="utf-8"), "ExecStart"))
    assert command[1:4] == ["serve", "--role", "helper"]
    assert "/etc/repit/helper-key.json" in command and "/etc/repit/leader-token" in command
    assert not Path("/etc/systemd/system/multi-user.target.wants/repit-helper.service").exists()


def test_aggregator_unit_verifies(installed: Installed) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is absent (Debian package systemd): the unit is not verified")
    verify = run("systemd-analyze", "verify", UNIT, check=False)
    about_ours = [line for line in verify.stderr.splitlines() if UNIT.name in line]
    assert verify.returncode == 0 and not about_ours, verify.stderr


ANSWERS = Path("/etc/repit/enrollment.toml")


def preseed(url: str, leader: str, helper: str) -> None:
    selections = "".join(
        f"repit-agent repit-agent/{question} string {answer}\n"
        for question, answer in (("leader-url", url), ("leader-code", leader),
                                 ("helper-code", helper))
    )  # fmt: skip
    subprocess.run(["debconf-set-selections"], input=selections, text=True, check=True)


def reconfigure() -> None:
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(
        ["dpkg-reconfigure", "repit-agent"], check=True, env=environment, capture_output=True
    )


def test_agent_debconf_answers_give_the_leader_and_both_codes(installed: Installed) -> None:
    # SPLIT.md: a code from each server. Preseeded (as a mass deployment
    # does) or answered in dpkg-reconfigure, they reach the agent's machine
    # configuration through a file of their own, never by editing the conffile.
    conffile = Path("/etc/repit/agent.toml").read_bytes()
    preseed("https://repit.example.org", "K7QM-3XHP", "P4LD-8XWC")
    reconfigure()
    assert ANSWERS.stat().st_mode & 0o777 == 0o644
    config = load_machine_config(Path("/etc/repit/agent.toml"))
    assert (config.aggregator_url, config.enrollment_code, config.helper_code) == (
        "https://repit.example.org",
        "K7QM-3XHP",
        "P4LD-8XWC",
    )
    assert Path("/etc/repit/agent.toml").read_bytes() == conffile
    # An answer that would break the file is refused, the previous file kept.
    preseed('https://x.org/"quoted"', "A", "B")
    reconfigure()
    assert load_machine_config(Path("/etc/repit/agent.toml")) == config
    # No answers, no file: the conffile's keys (none, as shipped) apply.
    preseed("", "", "")
    reconfigure()
    assert not ANSWERS.exists()
    assert load_machine_config(Path("/etc/repit/agent.toml")) == MachineConfig()
    preseed("https://repit.example.org", "K7QM-3XHP", "P4LD-8XWC")  # for purge to forget


def test_remove_keeps_state_and_purge_leaves_nothing(installed: Installed) -> None:
    # Running the commands above wrote nothing under /opt/repit that dpkg does
    # not know (the bytecode is shipped): removal alone leaves it empty.
    packaged = {path for files in installed.files.values() for path in files}
    written = {str(path) for path in Path("/opt/repit").rglob("*")} - packaged
    assert not written, sorted(written)[:10]

    removing = run("dpkg", "--remove", *PACKAGES, check=False)
    assert removing.returncode == 0, removing.stdout + removing.stderr
    # Debian policy: removal keeps configuration and state.
    assert Path("/var/lib/repit/aggregator.db").is_file()
    assert Path("/etc/repit/agent.toml").is_file()
    assert Path("/etc/repit/policies/default.toml").is_file()
    assert user_exists(USER)
    assert not Path("/opt/repit").exists()

    purging = run("dpkg", "--purge", *PACKAGES, check=False)
    assert purging.returncode == 0, purging.stdout + purging.stderr
    for name in PACKAGES:
        assert dpkg_state(name) == "not-installed"
    left = [path for path in LEFT_NOTHING if os.path.lexists(path)]
    # Every file the packages installed, whatever it is; directories they
    # share with other packages (/usr/bin...) stay, of course.
    left += [path for path in packaged if os.path.lexists(path) and not os.path.isdir(path)]
    assert not left, sorted(left)[:20]
    assert not user_exists(USER) and not group_exists(USER)
    # Purging forgets the debconf answers too: nothing of the codes stays.
    shown = run("debconf-show", "repit-agent", check=False)
    assert "K7QM" not in shown.stdout, shown.stdout
