#!/usr/bin/env bash
# Take a compressed logical backup before migrations run.
set -euo pipefail
stamp=$(date -u +%Y%m%dT%H%M%SZ)
pg_dump --format=custom --file "backup-${stamp}.dump" "$DATABASE_URL"
echo "backup-${stamp}.dump"
