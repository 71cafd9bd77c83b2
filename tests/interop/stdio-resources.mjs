// The official MCP TypeScript SDK client over stdio, reading the gate's MCP resources:
// templates, the list, a proposed change and its proof, a refused URI, and a subscription.
// Usage: node stdio-resources.mjs '{"command": "...", "args": ["serve", ...]}'
// Prints one JSON object on stdout for the test to check; exits 1 on any error.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const launch = JSON.parse(process.argv[2]);
const transport = new StdioClientTransport({ command: launch.command, args: launch.args, stderr: "inherit" });
const client = new Client({ name: "mcpgate-interop-stdio", version: "1.0.0" });

const text = (result) => result.contents[0].text;

try {
  await client.connect(transport);
  const templates = await client.listResourceTemplates();
  const write = await client.callTool({
    name: "scale_deployment",
    arguments: { namespace: "demo", name: "web", replicas: 3, reason: "interop over stdio" },
  });
  const changeId = write.structuredContent?.changeId;
  const listed = await client.listResources();
  const change = JSON.parse(text(await client.readResource({ uri: `mcpgate://changes/${changeId}` })));
  const proof = JSON.parse(text(await client.readResource({ uri: `mcpgate://changes/${changeId}/proof` })));
  let refused = null;
  try {
    await client.readResource({ uri: "mcpgate://policies/../tokens" });
  } catch (error) {
    refused = { code: error.code ?? null, message: error.message ?? String(error) };
  }
  await client.subscribeResource({ uri: `mcpgate://changes/${changeId}` });
  await client.unsubscribeResource({ uri: `mcpgate://changes/${changeId}` });
  console.log(JSON.stringify({
    capabilities: client.getServerCapabilities()?.resources ?? null,
    templates: templates.resourceTemplates.map((t) => t.uriTemplate),
    listed: listed.resources.map((r) => r.uri),
    changeId,
    changeStatus: change.status,
    proofVerified: proof.signatureVerified,
    statementType: proof.statement?._type ?? null,
    refused,
  }));
  await client.close();
} catch (error) {
  console.error(`interop client failed: ${error?.message ?? error}`);
  process.exit(1);
}
