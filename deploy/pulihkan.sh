#!/bin/sh
# Restore a backup made by cadangan.sh into an EMPTY database and media folder.
#   deploy/pulihkan.sh /var/backups/sakip/20261207-101500   (DATABASE_URL and MEDIA_ROOT from the environment)
# Stop sakip-web and sakip-pekerja first; afterwards run `manage.py migrate` (a newer release) and start them.
set -eu
folder="${1:?folder cadangan}"
: "${DATABASE_URL:?DATABASE_URL belum diisi}"
media="${MEDIA_ROOT:-/srv/sakip/media}"
( cd "$folder" && sha256sum --check --quiet SHA256SUMS )
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$folder/sakip.dump"
mkdir -p "$media"
tar --extract --gzip --file="$folder/media.tar.gz" --directory="$media"
echo "dipulihkan dari $folder"
