#!/usr/bin/env bash
# Creates the least-privilege Elasticsearch roles and users of the compose stack (docs/elasticsearch.md), as the
# elastic super user, over HTTPS with the stack's CA. Idempotent: PUT replaces a role or user with the same content.
#   jaeger_writer: the ingester. Creates daily jaeger-* indices and indexes documents into them; installs the
#                  index templates (manage_index_templates) and reads the version (monitor). No read, no delete.
#   jaeger_reader: the query service. read and view_index_metadata on jaeger-* only; it cannot write or delete.
set -euo pipefail

es=${ES_URL:-https://elasticsearch:9200}
certs=${CERTS:-/etc/jaeger/certs}
admin=(--fail-with-body -sS --cacert "$certs/ca.crt" -u "elastic:$(cat "$certs/secrets/elastic.password")" -H 'Content-Type: application/json')

curl "${admin[@]}" -X PUT "$es/_security/role/jaeger_writer" -d '{
  "cluster": ["monitor", "manage_index_templates"],
  "indices": [{
    "names": ["jaeger-*", "*-jaeger-*"],
    "privileges": ["create_index", "index", "view_index_metadata"]
  }]
}'
echo
curl "${admin[@]}" -X PUT "$es/_security/role/jaeger_reader" -d '{
  "indices": [{ "names": ["jaeger-*", "*-jaeger-*"], "privileges": ["read", "view_index_metadata"] }]
}'
echo

user() {
  local name=$1 role=$2 password_file=$3
  curl "${admin[@]}" -X PUT "$es/_security/user/$name" \
    -d "{\"password\": \"$(cat "$password_file")\", \"roles\": [\"$role\"]}"
  echo
}
user jaeger-ingester jaeger_writer "$certs/secrets/es-writer.password"
user jaeger-query jaeger_reader "$certs/secrets/es-reader.password"
echo "Elasticsearch roles jaeger_writer and jaeger_reader, and users jaeger-ingester and jaeger-query, are in place."
