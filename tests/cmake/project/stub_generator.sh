#!/bin/sh
# Stands for `migbundle`: logs its arguments next to itself, and for `generate`
# writes an empty bundle to --out and --source.
log="$(dirname "$0")/generator.log"
echo "$*" >> "$log"
[ "$1" = generate ] || exit 0
shift
while [ $# -gt 0 ]; do
  case "$1" in
    --out) header="$2"; shift ;;
    --source) source="$2"; shift ;;
    --namespace) namespace="$2"; shift ;;
  esac
  shift
done
printf '#pragma once\n#include <migbundle/bundle.hpp>\nnamespace %s {\nextern const migbundle::Bundle bundle;\n}\n' \
  "$namespace" > "$header"
printf '#include <migbundle/bundle.hpp>\nnamespace %s {\nextern const migbundle::Bundle bundle;\nconst migbundle::Bundle bundle{nullptr, 0};\n}\n' \
  "$namespace" > "$source"
