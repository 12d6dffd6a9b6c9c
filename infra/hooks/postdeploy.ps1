# azd postdeploy hook (azure.yaml), for Windows: the same steps as postdeploy.sh. Subscribes the Function App's
# StartFromInbox blob trigger to the storage account's Event Grid system topic by deploying
# infra/app/inbox-subscription.bicep.
#
# Why after deploy: the subscription's webhook URL carries the Functions host's `blobs_extension` system key, which
# the host creates only once the code (with its Event Grid-sourced blob trigger) is deployed and has started. The
# template reads the key itself (listKeys inside the deployment); this script never sees it, prints it or stores it.
#
# Needs the Azure CLI signed in (`az login`) to the subscription azd uses. Safe to run again.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

foreach ($name in 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_INBOX_SYSTEM_TOPIC_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        throw "postdeploy: $name is not set: run this through azd after azd provision"
    }
}
$subscription = $env:AZURE_SUBSCRIPTION_ID
$group = $env:AZURE_RESOURCE_GROUP
$app = $env:AZURE_FUNCTION_APP_NAME
$topic = $env:AZURE_INBOX_SYSTEM_TOPIC_NAME

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw 'postdeploy: the Azure CLI (az) is needed to create the inbox''s Event Grid subscription: see docs/deploy.md'
}
az account show --subscription $subscription --output none 2>$null
if ($LASTEXITCODE -ne 0) {
    throw "postdeploy: the Azure CLI is not signed in to subscription ${subscription}: run 'az login', then 'azd hooks run postdeploy'"
}

$template = Join-Path (Split-Path -Parent $PSScriptRoot) 'app/inbox-subscription.bicep'

# Wake the app (Flex Consumption scales to zero) and wait until its host has created the blobs_extension key.
# Only whether the key exists is asked for, never its value.
if ($env:AZURE_FUNCTION_APP_URL) {
    try { Invoke-WebRequest -Uri $env:AZURE_FUNCTION_APP_URL -TimeoutSec 60 -UseBasicParsing | Out-Null } catch { }
}
for ($attempt = 1; ; $attempt++) {
    $ready = az functionapp keys list --subscription $subscription --resource-group $group --name $app `
        --query 'systemKeys.blobs_extension != `null`' --output tsv 2>$null
    if ($LASTEXITCODE -eq 0 -and $ready -eq 'true') { break }
    if ($attempt -ge 30) {
        throw "postdeploy: $app has no blobs_extension key after 5 minutes: is StartFromInbox deployed and the host running? See docs/deploy.md"
    }
    Write-Host "postdeploy: waiting for the Functions host's blobs_extension key ($attempt/30)"
    Start-Sleep -Seconds 10
}

Write-Host "postdeploy: subscribing StartFromInbox to $topic (BlobCreated, ferry-inbox/*.csv)"
az deployment group create --subscription $subscription --resource-group $group --name ferry-inbox-subscription `
    --template-file $template --parameters "functionAppName=$app" "systemTopicName=$topic" --output none
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
Write-Host 'postdeploy: done: CSV files uploaded to the inbox now start jobs'
