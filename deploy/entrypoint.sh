#!/bin/sh
# The container's entry point: the first argument is the role, the rest goes to the
# command.
#   web      migrate, then serve on 0.0.0.0:8000 (one container, or the first of several)
#   serve    serve only (further web containers, once `migrate` has run)
#   worker   `werkplaats worker` (needs BROKER_URL)
#   migrate  migrations only, then exit
# Anything else is run as it is (`sh`, `werkplaats create-user …`).
set -eu

role="${1:-web}"
if [ "$#" -gt 0 ]; then shift; fi

case "$role" in
  web)
    werkplaats migrate
    exec werkplaats serve --host 0.0.0.0 --port 8000 "$@"
    ;;
  serve)
    exec werkplaats serve --host 0.0.0.0 --port 8000 "$@"
    ;;
  worker)
    exec werkplaats worker "$@"
    ;;
  migrate)
    exec werkplaats migrate "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
