"""The deployment files as shipped: systemd units, nginx site, compose file."""

import subprocess
from pathlib import Path

from conftest import BIN, ROOT, have
from nginxconf import render


def test_systemd_units_verify(tmp_path):
    """systemd-analyze verify on every unit, with /srv/portal pointed at this checkout (it checks the
    programs exist); any warning fails, not only errors."""
    units = sorted((ROOT / "deploy" / "systemd").iterdir())
    assert {u.name for u in units} >= {
        "portal.service", "portal-command@.service", "portal-backup.service", "portal-backup.timer",
        "portal-ktxh-sync.timer", "portal-sync-dispatches.timer", "portal-compliance-snapshot.timer",
        "portal-compliance-remind.timer", "portal-desk-digest.timer",
    }
    for unit in units:
        text = unit.read_text().replace("/srv/portal", str(ROOT))
        (tmp_path / unit.name).write_text(text)
    # A template is verified through instances: the commands the timers start.
    template = (tmp_path / "portal-command@.service").read_text()
    commands = set()
    for timer in tmp_path.glob("*.timer"):
        for line in timer.read_text().splitlines():
            if line.startswith("Unit=portal-command@"):
                commands.add(line.removeprefix("Unit=portal-command@").removesuffix(".service"))
    assert commands == {"ktxh_sync", "sync_dispatches", "compliance_snapshot", "compliance_remind", "desk_digest"}
    for command in commands:
        assert (next(ROOT.glob(f"*/management/commands/{command}.py"))).is_file()
        (tmp_path / f"portal-command@{command}.service").write_text(template)
    (tmp_path / "portal-command@.service").unlink()
    files = sorted(str(p) for p in tmp_path.iterdir())
    result = subprocess.run([have("systemd-analyze"), "verify", "--man=no", *files],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and not result.stderr.strip() and not result.stdout.strip(), result.stderr


def test_nginx_configuration_is_valid(tmp_path):
    conf = render(tmp_path, 8080, 8443, [8000], tmp_path / "media", tmp_path / "static")
    result = subprocess.run([have("nginx"), "-t", "-c", str(conf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_compose_file_matches_the_compose_specification(tmp_path):
    compose = ROOT / "deploy" / "compose.yaml"
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(compose)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # The checker does catch a mistake: a misspelt service key is refused.
    broken = tmp_path / "compose.yaml"
    broken.write_text(compose.read_text().replace("    restart: unless-stopped\n", "    restrat: unless-stopped\n", 1))
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(broken)],
                            capture_output=True, text=True)
    assert result.returncode != 0


def test_compose_and_nginx_agree_on_files():
    """Every file compose.yaml mounts from deploy/ exists, and the image's command uses the shipped config."""
    compose = (ROOT / "deploy" / "compose.yaml").read_text()
    for line in compose.splitlines():
        line = line.strip()
        if line.startswith("- ./"):
            source = line[2:].split(":")[0]
            if source != "./certs" and source != "./portal.env":
                assert (ROOT / "deploy" / source).exists(), source
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "deploy/gunicorn.conf.py" in dockerfile
    assert Path(ROOT / ".dockerignore").read_text().count(".venv")
