#!/bin/sh
# Backup of one SAKIP installation: the PostgreSQL database (pg_dump, custom format) and the media
# store (evidence, PDFs, reviewed documents, logos), into one dated folder.
#   deploy/cadangan.sh /var/backups/sakip      (DATABASE_URL and MEDIA_ROOT from the environment)
# The piece cache (MEDIA_ROOT/cache-cetak) is left out: it is rebuilt on demand.
set -eu
tujuan="${1:?folder tujuan}"
: "${DATABASE_URL:?DATABASE_URL belum diisi}"
media="${MEDIA_ROOT:-/srv/sakip/media}"
folder="$tujuan/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$folder"
pg_dump --format=custom --no-owner --file="$folder/sakip.dump" "$DATABASE_URL"
tar --create --gzip --file="$folder/media.tar.gz" --directory="$media" --exclude=./cache-cetak .
( cd "$folder" && sha256sum sakip.dump media.tar.gz > SHA256SUMS )
echo "$folder"
