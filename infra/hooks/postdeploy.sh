#!/bin/sh
# azd postdeploy hook (azure.yaml): subscribes the Function App's StartFromInbox blob trigger to the storage account's
# Event Grid system topic, by deploying infra/app/inbox-subscription.bicep.
#
# Why after deploy: the subscription's webhook URL carries the Functions host's `blobs_extension` system key, which
# the host creates only once the code (with its Event Grid-sourced blob trigger) is deployed and has started. The
# template reads the key itself (listKeys inside the deployment); this script never sees it, prints it or stores it.
#
# Needs the Azure CLI signed in (`az login`) to the subscription azd uses. azd exports the environment's values
# (AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, ...) to hooks. Safe to run again.
set -eu

: "${AZURE_SUBSCRIPTION_ID:?not set: run this through azd (azd deploy / azd hooks run postdeploy)}"
: "${AZURE_RESOURCE_GROUP:?not set: run azd provision first}"
: "${AZURE_FUNCTION_APP_NAME:?not set: run azd provision first}"
: "${AZURE_INBOX_SYSTEM_TOPIC_NAME:?not set: run azd provision first}"

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is needed to create the inbox's Event Grid subscription: see docs/deploy.md" >&2
  exit 1
fi
if ! az account show --subscription "$AZURE_SUBSCRIPTION_ID" --output none 2>/dev/null; then
  echo "postdeploy: the Azure CLI is not signed in to subscription $AZURE_SUBSCRIPTION_ID: run 'az login', then 'azd hooks run postdeploy'" >&2
  exit 1
fi

template="$(cd "$(dirname "$0")/.." && pwd)/app/inbox-subscription.bicep"

# Wake the app (Flex Consumption scales to zero) and wait until its host has created the blobs_extension key.
# Only whether the key exists is asked for, never its value.
if [ -n "${AZURE_FUNCTION_APP_URL:-}" ] && command -v curl >/dev/null 2>&1; then
  curl --silent --output /dev/null --max-time 60 "$AZURE_FUNCTION_APP_URL" || true
fi
key_exists() {
  # "true" or "false" (az prints booleans in either case), or nothing while the host cannot answer.
  # shellcheck disable=SC2016 # the backticks are JMESPath's literal, not a shell expansion
  az functionapp keys list --subscription "$AZURE_SUBSCRIPTION_ID" \
    --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --query 'systemKeys.blobs_extension != `null`' --output tsv 2>/dev/null | tr '[:upper:]' '[:lower:]'
}
attempt=1
until [ "$(key_exists)" = "true" ]; do
  if [ "$attempt" -ge 30 ]; then
    echo "postdeploy: $AZURE_FUNCTION_APP_NAME has no blobs_extension key after 5 minutes: is StartFromInbox deployed and the host running? See docs/deploy.md" >&2
    exit 1
  fi
  echo "postdeploy: waiting for the Functions host's blobs_extension key ($attempt/30)"
  attempt=$((attempt + 1))
  sleep 10
done

echo "postdeploy: subscribing StartFromInbox to $AZURE_INBOX_SYSTEM_TOPIC_NAME (BlobCreated, ferry-inbox/*.csv)"
az deployment group create --subscription "$AZURE_SUBSCRIPTION_ID" \
  --resource-group "$AZURE_RESOURCE_GROUP" --name ferry-inbox-subscription \
  --template-file "$template" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" systemTopicName="$AZURE_INBOX_SYSTEM_TOPIC_NAME" \
  --output none
echo "postdeploy: done: CSV files uploaded to the inbox now start jobs"
