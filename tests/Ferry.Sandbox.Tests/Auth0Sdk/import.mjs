// Drives the sandbox's Auth0 tenant with Auth0's official Node SDK (npm auth0 7.1.0), unchanged: the client credentials
// grant, a bulk import job, its status until it ends, its errors, and a user looked up by email. Prints one JSON object.
// Usage: node import.mjs <domain host:port> <client id> <client secret> <users file> <email to look up>
// The sandbox's self-signed certificate is trusted through NODE_EXTRA_CA_CERTS.
import { openAsBlob } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { ManagementClient } from "auth0";

const [domain, clientId, clientSecret, usersFile, lookupEmail] = process.argv.slice(2);
const client = new ManagementClient({ domain, clientId, clientSecret });

const connections = await client.connections.list({ name: "Username-Password-Authentication" });
const connection = connections.data[0];

const created = await client.jobs.usersImports.create({
  users: await openAsBlob(usersFile, { type: "application/json" }),
  connection_id: connection.id,
  upsert: false,
  external_id: "ferry-sdk-test",
  send_completion_email: false,
});

const statuses = [created.status];
let job = created;
for (let i = 0; i < 300 && (job.status === "pending" || job.status === "processing"); i++) {
  await sleep(100);
  job = await client.jobs.get(created.id);
  if (statuses[statuses.length - 1] !== job.status) {
    statuses.push(job.status);
  }
}

const errors = await client.jobs.errors.get(created.id);
const users = await client.users.listUsersByEmail({ email: lookupEmail });

console.log(JSON.stringify({
  connectionId: connection.id,
  created: { id: created.id, status: created.status, external_id: created.external_id, send_completion_email: created.send_completion_email },
  statuses,
  job,
  errors: errors ?? null,
  users,
}));
