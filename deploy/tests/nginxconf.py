"""deploy/nginx/portal.conf made runnable on loopback: every path and port replaced, nothing else."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NGINX = ROOT / "deploy" / "nginx"


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise AssertionError(f"deploy/nginx/portal.conf no longer contains {old!r}: update this test")
    return text.replace(old, new)


def render(tmp: Path, http_port: int, https_port: int, upstreams: list[int], media: Path, static: Path) -> Path:
    """Writes tmp/nginx.conf (with a self-signed certificate) and returns its path."""
    for folder in ("ssl", "cache", "logs", "temp", "acme"):
        (tmp / folder).mkdir(parents=True, exist_ok=True)
    if not (tmp / "ssl" / "fullchain.pem").exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=congthongtin.example.gov.vn",
                        "-keyout", str(tmp / "ssl" / "privkey.pem"), "-out", str(tmp / "ssl" / "fullchain.pem")],
                       check=True, capture_output=True)
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=0;\n" for p in upstreams)
    (tmp / "upstream.conf").write_text(f"upstream portal_app {{\n{servers}    keepalive 16;\n}}\n")
    site = (NGINX / "portal.conf").read_text()
    for old, new in [
        ("include /etc/nginx/portal-upstream.conf;", f"include {tmp}/upstream.conf;"),
        ("/etc/nginx/portal-proxy.conf", str(NGINX / "portal-proxy.conf")),
        ("/var/cache/nginx/portal", str(tmp / "cache")),
        ("/var/log/nginx/", f"{tmp}/logs/"),
        ("/etc/ssl/portal/", f"{tmp}/ssl/"),
        ("/var/www/letsencrypt", str(tmp / "acme")),
        ("/srv/portal/deploy/nginx/errors", str(NGINX / "errors")),
        ("/srv/portal/staticfiles/", f"{static}/"),
        ("/srv/portal/var/media/", f"{media}/"),
        ("    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n"),
        ("    listen [::]:80;\n", ""),
        ("    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{https_port} ssl http2;\n"),
        ("    listen [::]:443 ssl http2;\n", ""),
    ]:
        site = _replace(site, old, new)
    code = "\n".join(line for line in site.splitlines() if not line.lstrip().startswith("#"))
    if "/srv/portal" in code or "/etc/" in code:
        raise AssertionError("an installation path was left in the rendered site")
    (tmp / "portal.conf").write_text(site)
    temp = tmp / "temp"
    conf = tmp / "nginx.conf"
    conf.write_text(f"""
user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/logs/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    access_log off;
    include {tmp}/portal.conf;
}}
""")
    return conf
