// The official MCP TypeScript SDK client over Streamable HTTP with a bearer token:
// list tools, call a read, call a write (a proposal), wait on it with get_change, read it as a resource.
// Usage: node http-client.mjs URL   (the token comes from MCPGATE_TOKEN, never the command line)
// Prints one JSON object on stdout for the test to check; exits 1 on any error.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const url = new URL(process.argv[2]);
const token = process.env.MCPGATE_TOKEN;
const transport = new StreamableHTTPClientTransport(url, {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
const client = new Client({ name: "mcpgate-interop", version: "1.0.0" });

try {
  await client.connect(transport);
  const tools = await client.listTools();
  const scale = tools.tools.find((t) => t.name === "scale_deployment");
  const read = await client.callTool({ name: "get_deployment", arguments: { namespace: "demo", name: "web" } });
  const write = await client.callTool({
    name: "scale_deployment",
    arguments: { namespace: "demo", name: "web", replicas: 3, reason: "interop over HTTP" },
  });
  const changeId = write.structuredContent?.changeId;
  const change = await client.callTool({ name: "get_change", arguments: { change_id: changeId, wait_seconds: 1 } });
  const resource = await client.readResource({ uri: `mcpgate://changes/${changeId}` });
  const document = JSON.parse(resource.contents[0]?.text ?? "null");
  console.log(JSON.stringify({
    protocolVersion: transport.protocolVersion ?? null,
    sessionId: transport.sessionId ?? null,
    server: client.getServerVersion(),
    tools: tools.tools.map((t) => t.name),
    scaleAnnotations: scale?.annotations ?? null,
    readIsError: read.isError ?? false,
    readReplicas: read.structuredContent?.replicas ?? read.structuredContent?.spec?.replicas ?? null,
    read: read.structuredContent ?? null,
    writeIsError: write.isError ?? false,
    changeId,
    changeStatus: change.structuredContent?.status ?? null,
    resourceUri: resource.contents[0]?.uri ?? null,
    resourceMimeType: resource.contents[0]?.mimeType ?? null,
    resourceChangeId: document?.changeId ?? null,
    resourceStatus: document?.status ?? null,
  }));
  await client.close();
} catch (error) {
  console.error(`interop client failed: ${error?.message ?? error}`);
  process.exit(1);
}
