#!/usr/bin/env bash
# Creates what the secured stack needs, idempotently: the SCRAM users, the topics with explicit partitions,
# replication and retention, and least-privilege ACLs (DESIGN §3):
#   collector: write jaeger-spans only;
#   ingester:  read jaeger-spans, use group jaeger-ingester, write jaeger-spans-dlq;
#   dlq-redrive: read jaeger-spans-dlq, use group jaeger-dlq-redrive, write jaeger-spans (the ingester host's
#              redrive-dead-letters command, run by hand once a dead-letter cause is fixed; docs/operations.md).
# Principals are the same for SCRAM and mTLS (CN=collector -> User:collector), so the ACLs cover both listeners.
set -euo pipefail

: "${BOOTSTRAP:=kafka:9091}"
: "${ADMIN_CONFIG:=/etc/kafka-jaeger/config/admin.properties}"
: "${SECRETS_DIR:=/etc/kafka-jaeger/certs/secrets}"
: "${SPAN_TOPIC:=jaeger-spans}"
: "${DLQ_TOPIC:=jaeger-spans-dlq}"
: "${CONSUMER_GROUP:=jaeger-ingester}"
: "${REDRIVE_GROUP:=jaeger-dlq-redrive}"
: "${SPAN_PARTITIONS:=6}"
: "${REPLICATION_FACTOR:=1}"
: "${SPAN_RETENTION_MS:=172800000}"   # 2 days: the ingester's catch-up window after an outage.
: "${DLQ_RETENTION_MS:=1209600000}"   # 14 days: time for someone to look at rejected records.

bin=/opt/kafka/bin
admin=(--bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG")

echo "Waiting for Kafka at $BOOTSTRAP"
for attempt in $(seq 1 60); do
  if "$bin/kafka-broker-api-versions.sh" "${admin[@]}" > /dev/null 2>&1; then
    break
  fi
  if [ "$attempt" -eq 60 ]; then
    echo "Kafka at $BOOTSTRAP did not answer the admin client within 120 s" >&2
    exit 1
  fi
  sleep 2
done

for user in collector ingester dlq-redrive; do
  password_file="$SECRETS_DIR/$user.password"
  if [ ! -s "$password_file" ]; then
    echo "$password_file is missing or empty; run infra/certs/generate.sh" >&2
    exit 1
  fi
  # The password goes on the command line of a short-lived process inside this container only; it is never echoed.
  "$bin/kafka-configs.sh" "${admin[@]}" --alter --entity-type users --entity-name "$user" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$(tr -d '\r\n' < "$password_file")]" > /dev/null
  echo "SCRAM-SHA-512 user $user set"
done

create_topic() {
  local topic=$1 partitions=$2 retention_ms=$3
  "$bin/kafka-topics.sh" "${admin[@]}" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor "$REPLICATION_FACTOR" \
    --config "retention.ms=$retention_ms" --config "min.insync.replicas=1"
  echo "topic $topic: $partitions partitions, replication $REPLICATION_FACTOR, retention ${retention_ms} ms"
}

create_topic "$SPAN_TOPIC" "$SPAN_PARTITIONS" "$SPAN_RETENTION_MS"
create_topic "$DLQ_TOPIC" 1 "$DLQ_RETENTION_MS"

acl() {
  "$bin/kafka-acls.sh" "${admin[@]}" --add --force "$@" > /dev/null
}

# The idempotent producer (acks=all, enable.idempotence) needs IdempotentWrite on the cluster.
acl --allow-principal User:collector --operation Write --operation Describe --topic "$SPAN_TOPIC"
acl --allow-principal User:collector --operation IdempotentWrite --cluster

acl --allow-principal User:ingester --operation Read --operation Describe --topic "$SPAN_TOPIC"
acl --allow-principal User:ingester --operation Read --group "$CONSUMER_GROUP"
acl --allow-principal User:ingester --operation Write --operation Describe --topic "$DLQ_TOPIC"
acl --allow-principal User:ingester --operation IdempotentWrite --cluster

acl --allow-principal User:dlq-redrive --operation Read --operation Describe --topic "$DLQ_TOPIC"
acl --allow-principal User:dlq-redrive --operation Read --group "$REDRIVE_GROUP"
acl --allow-principal User:dlq-redrive --operation Write --operation Describe --topic "$SPAN_TOPIC"
acl --allow-principal User:dlq-redrive --operation IdempotentWrite --cluster

"$bin/kafka-acls.sh" "${admin[@]}" --list
echo "Kafka users, topics and ACLs are in place"
