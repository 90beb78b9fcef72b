#!/usr/bin/env bash
# This portal beside Wagtail 8 and the Django / nginx ceilings in ONE run of the peer harness
# (../shared/peers, its README): the same PostgreSQL cluster, data volume (20 agencies x 500
# articles), gunicorn worker count and wrk settings. From the project root:
#
#   ../shared/peers/setup.sh      # once: wrk, nginx, the Wagtail venv, the cluster on :55432, Wagtail data
#   bench/peers.sh                # ~8 min; the table and the ratios at the end
#
# Adapted from ../shared/peers/ours.sh for today's names (config.settings, config.wsgi) and with the
# shipped nginx configuration (deploy/nginx/portal.conf, micro-cache on) in front of the cached portal.
# Targets: ours_article_uncached, ours_list_p1_uncached, ours_list_p10_uncached (PORTAL_PAGE_CACHE=0),
# ours_article_cached (page cache on Redis), ours_bare_view (/bench-constant/, bench/urls.py),
# ours_article_nginx (200 articles rotated) and ours_hot_nginx (one article) behind nginx; the harness
# adds wagtail_*, django_static_view (the trivial Django view) and nginx_static(_close).
# Without Wagtail, bench/table.py run measures the same targets of this portal alone.
#
# Env: PEERS_DIR (default ../shared/peers beside the checkout), OURS_DB (database name in the peer
# cluster, default "ours"), OURS_REDIS_URL (default redis://127.0.0.1:6379/9), PEER_RESULTS
# (default /tmp/peer-results; the peers folder is meant to stay read-only), and bench.sh's PEER_* knobs.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS=${PEERS_DIR:-}
if [ -z "$PEERS" ]; then
  for d in "$ROOT/../shared/peers" "$ROOT/../../shared/peers"; do
    if [ -x "$d/bench.sh" ]; then PEERS=$(cd "$d" && pwd); break; fi
  done
fi
[ -n "$PEERS" ] || { echo "peers.sh: no ../shared/peers here; set PEERS_DIR" >&2; exit 2; }
export PEER_RESULTS=${PEER_RESULTS:-/tmp/peer-results}
export PEER_REPORT=${PEER_REPORT:-$PEER_RESULTS/RESULTS.md}
RES=$PEER_RESULTS
mkdir -p "$RES"
PGPORT=${PEER_PGPORT:-55432}
DB=postgres://postgres@127.0.0.1:$PGPORT/${OURS_DB:-ours}
REDIS=${OURS_REDIS_URL:-redis://127.0.0.1:6379/9}
PY=$ROOT/.venv/bin/python
P_UNC=58101; P_CACHED=58102; P_FRONT=58103
for tool in wrk nginx curl; do command -v $tool >/dev/null || { echo "peers.sh: $tool missing: run $PEERS/setup.sh" >&2; exit 2; }; done

"$PEERS/pg.sh" start
# Seed with the project's own bulk seeders (idempotent: prepare() reuses an existing database).
INFO=$(cd "$ROOT" && $PY -c "
import json; from bench.content import prepare
print(json.dumps(prepare('$DB', None, 20, 500, False)))" | tail -1)
echo "ours: $INFO"

# 200 article paths (10 per agency, fixed sample), each agency's list page 1 and page 10, queries.
OUTD=$RES/ours-paths
(cd "$ROOT" && $PY bench/table.py paths "$DB" "$OUTD" && $PY bench/table.py queries "$DB" "$OUTD")

start() {  # port cache_on
  (cd "$ROOT" && env DATABASE_URL="$DB" DEBUG=0 PORTAL_ROOT_URLCONF=bench.urls AXES_ENABLED=0 LOG_LEVEL=ERROR \
     PORTAL_PAGE_CACHE="$2" REDIS_URL="$REDIS" PORTAL_BASE_URL=http://127.0.0.1 ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SETTINGS_MODULE=config.settings \
     .venv/bin/gunicorn config.wsgi:application -w 2 -k sync -b "127.0.0.1:$1" --pid "/tmp/ours-$1.pid" \
       --access-logfile /dev/null --error-logfile "$RES/ours-$1.log" --daemon)
}
NGINX_CONF=
cleanup() {
  [ -n "$NGINX_CONF" ] && nginx -c "$NGINX_CONF" -s quit 2>/dev/null || true
  for p in $P_UNC $P_CACHED; do [ -f "/tmp/ours-$p.pid" ] && kill "$(cat "/tmp/ours-$p.pid")" 2>/dev/null || true; done
}
trap cleanup EXIT
$PY -c "import redis; redis.Redis.from_url('$REDIS').flushdb()"
start $P_UNC 0; start $P_CACHED 1
rm -rf "$RES/ours-nginx"
NGINX_CONF=$(cd "$ROOT" && $PY bench/table.py nginx "$RES/ours-nginx" $P_CACHED $P_FRONT)
nginx -c "$NGINX_CONF"
FIRST=$(head -1 "$OUTD/detail.txt"); LFIRST=$(head -1 "$OUTD/list_p1.txt")
for p in $P_UNC $P_CACHED $P_FRONT; do
  for _ in $(seq 1 90); do curl -sf -o /dev/null "http://127.0.0.1:$p$FIRST" && break; sleep 1; done
done
# every article once into the app's page cache
while read -r path; do curl -s -o /dev/null "http://127.0.0.1:$P_CACHED$path"; done < "$OUTD/detail.txt"

cat > "$OUTD/targets.txt" <<T
ours_article_uncached|http://127.0.0.1:$P_UNC$FIRST|$OUTD/detail.txt|2
ours_list_p1_uncached|http://127.0.0.1:$P_UNC$LFIRST|$OUTD/list_p1.txt|2
ours_list_p10_uncached|http://127.0.0.1:$P_UNC$LFIRST?page=10|$OUTD/list_p10.txt|2
ours_article_cached|http://127.0.0.1:$P_CACHED$FIRST|$OUTD/detail.txt|2
ours_bare_view|http://127.0.0.1:$P_UNC/bench-constant/||2
ours_article_nginx|http://127.0.0.1:$P_FRONT$FIRST|$OUTD/detail.txt|2
ours_hot_nginx|http://127.0.0.1:$P_FRONT$FIRST||2
T
PEER_WORKER_SETS=${PEER_WORKER_SETS:-2} PEER_CONN0=${PEER_CONN0:-0} PEER_EXTRA_TARGETS=$OUTD/targets.txt "$PEERS/bench.sh"
RUN=$(readlink -f "$RES/latest")
cp "$OUTD/queries.json" "$RUN/ours-queries.json"
echo
(cd "$ROOT" && $PY bench/table.py report "$RUN")
