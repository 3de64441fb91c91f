#!/bin/sh
# Write the deployment's secret files into deploy/secrets/ (compose.yaml mounts them as Docker
# secrets): the Django SECRET_KEY, the database password, and the DATABASE_URL that holds it.
# An existing file is kept: a new SECRET_KEY would sign everyone out, a new database password
# would no longer match the database.
set -eu

dir="$(dirname "$0")/secrets"
mkdir -p "$dir"
chmod 700 "$dir"

random_hex() {
    # $1 random bytes as hex: letters and digits only, safe inside a URL.
    head -c "$1" /dev/urandom | od -An -v -tx1 | tr -d ' \n'
}

write() {
    # The files are readable inside the containers by the app's and PostgreSQL's users; the
    # directory (700) keeps other users of the host out.
    if [ -e "$dir/$1" ]; then
        echo "kept     $dir/$1"
        return
    fi
    printf '%s' "$2" > "$dir/$1"
    chmod 444 "$dir/$1"
    echo "written  $dir/$1"
}

write secret_key "$(random_hex 40)"
if [ -e "$dir/db_password" ]; then
    password="$(cat "$dir/db_password")"
else
    password="$(random_hex 24)"
fi
write db_password "$password"
write database_url "postgres://samverkan:$password@db:5432/samverkan"
