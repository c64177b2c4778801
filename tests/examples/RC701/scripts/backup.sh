#!/usr/bin/env bash
set -euo pipefail
pg_dump --format=custom --file "backup-$(date +%s).dump" "$DATABASE_URL"
