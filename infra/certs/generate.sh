#!/usr/bin/env bash
# Generates a throwaway CA, the broker's and Elasticsearch's server certificates, one client certificate per
# principal, and random passwords, for the secured compose stack. Everything lands in infra/certs/generated/,
# which git ignores: no key or password is ever committed. Re-run with --force to replace them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="$here/generated"
days=825

if [ -e "$out/ca.crt" ] && [ "${1:-}" != "--force" ]; then
  echo "$out already holds certificates; run with --force to replace them."
  exit 0
fi

rm -rf "$out"
mkdir -p "$out/secrets"
cd "$out"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout ca.key -out ca.crt -days "$days" -subj "/CN=Jaeger Streaming dev CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2> /dev/null

# leaf NAME EXTENDED_KEY_USAGE [SUBJECT_ALT_NAMES]: the subject is CN=NAME only, which the broker maps to User:NAME.
leaf() {
  local name=$1 eku=$2 san=${3:-}
  local ext
  ext=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyAgreement"
    echo "extendedKeyUsage=$eku"
    if [ -n "$san" ]; then echo "subjectAltName=$san"; fi
  } > "$ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$name.key" -out "$name.csr" -subj "/CN=$name" 2> /dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" \
    -days "$days" -extfile "$ext" -out "$name.crt" 2> /dev/null
  rm -f "$name.csr" "$ext"
  # Kafka's PEM key store wants the private key and its certificate in one file.
  cat "$name.key" "$name.crt" > "$name.pem"
  echo "$name: CN=$name, $eku${san:+, $san}"
}

# The broker is also a client of its own controller and inter-broker listeners, hence clientAuth too.
leaf kafka "serverAuth,clientAuth" "DNS:kafka,DNS:localhost,IP:127.0.0.1"
mv kafka.pem broker.pem; mv kafka.crt broker.crt; mv kafka.key broker.key
leaf elasticsearch "serverAuth" "DNS:elasticsearch,DNS:localhost,IP:127.0.0.1"
leaf admin "clientAuth"
leaf collector "clientAuth"
leaf ingester "clientAuth"
leaf dlq-redrive "clientAuth"

# Hex only, so the passwords survive kafka-configs' [key=value,...] syntax and environment files unquoted.
# es-writer and es-reader are the ingester's and the query service's Elasticsearch users (infra/elasticsearch/init.sh).
for user in collector ingester dlq-redrive elastic es-writer es-reader; do
  openssl rand -hex 24 | tr -d '\n' > "secrets/$user.password"
done

# The containers run as other users than the one running this script (Kafka as appuser, .NET as app,
# Elasticsearch as elasticsearch), so the mounted files must be world-readable. Only the CA key, which no
# container needs, stays private. This directory is for a local stack only.
chmod 0755 . secrets
chmod 0644 ./*.crt ./*.key ./*.pem secrets/*
chmod 0600 ca.key
rm -f ca.srl
echo "Wrote certificates and passwords to $out"
