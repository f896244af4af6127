#!/usr/bin/env bash
# Runs the single KRaft node: formats its log directory on first start, then starts it from server.properties.
set -euo pipefail

: "${ADVERTISED_LISTENERS:?set ADVERTISED_LISTENERS, for example BROKER://kafka:9091,SCRAM://kafka:9094,MTLS://kafka:9095}"
: "${CLUSTER_ID:?set CLUSTER_ID to 22 base64url characters, for example from kafka-storage.sh random-uuid}"

config_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
config=$(mktemp /tmp/server.XXXXXX.properties)
cp "$config_dir/server.properties" "$config"
printf 'advertised.listeners=%s\n' "$ADVERTISED_LISTENERS" >> "$config"

/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "$CLUSTER_ID" --config "$config"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
