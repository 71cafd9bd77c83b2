// Start-up A/B: McpGate builds (or one build with different environments) and the Go peer, started
// interleaved over stdio by the TypeScript SDK's client against one `mcpgate sandbox`. For each:
// spawn to the first tools/list answer, then the first tool call (a list of deployments) right after.
// Not part of the test run; see bench/README.md ("Start-up: tools/list before the cluster is identified").
//
//   node bench/process/startup.mjs --variants "before=/tmp/a/mcpgate;after=/tmp/b/mcpgate[,ENV:VALUE...]" [--starts 12] [--call-after-ms 0] [--latency-ms 0]
//
// ENV:VALUE sets a variable for that variant only; the value may be empty (SSL_CERT_DIR:) or hold ':'.
// --latency-ms puts the sandbox that far away, each way, behind a delaying TCP proxy (common.mjs), for
// every server alike: a remote cluster instead of one on the same machine.
//
// --call-after-ms waits that long between the tools/list answer and the call, as a client whose model
// thinks before its first call would (0: the call is sent at once).
// The first round of starts is a warm-up and is left out. Ratios are to the Go server's median in the same run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { arg, now, sleep, median, fmt, startSandbox, startLatencyProxy, makeGateFolder } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const starts = Number(arg('starts', '12'));
const callAfterMs = Number(arg('call-after-ms', '0'));
const latencyMs = Number(arg('latency-ms', '0'));
const variants = arg('variants', '').split(';').filter(v => v.length > 0).map(v => {
  const [name, rest] = v.split('=');
  const [binary, ...environment] = rest.split(',');
  return { name, binary: resolve(binary), environment: Object.fromEntries(environment.map(variable)) };
});
function variable(text) {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new Error(`--variants: '${text}' is not ENV:VALUE`);
  return [text.slice(0, colon), text.slice(colon + 1)];
}
if (variants.length === 0) throw new Error('--variants "name=/path/to/mcpgate[,ENV:VALUE];..." is required');

const work = mkdtempSync(join(tmpdir(), 'mcpgate-startup-bench-'));
const started = await startSandbox(variants[0].binary, work);
const { sandbox } = started;
let kubeconfig = started.kubeconfig, proxy = null;
if (latencyMs > 0) {
  const text = readFileSync(kubeconfig, 'utf8');
  const port = /server:\s*https:\/\/127\.0\.0\.1:(\d+)/.exec(text)?.[1];
  if (!port) throw new Error('the sandbox kubeconfig names no https://127.0.0.1:PORT server');
  proxy = await startLatencyProxy(Number(port), latencyMs);
  kubeconfig = join(work, 'sandbox-far.kubeconfig');
  writeFileSync(kubeconfig, text.replace(`https://127.0.0.1:${port}`, `https://127.0.0.1:${proxy.port}`));
}
const goBinary = join(here, 'node_modules/kubernetes-mcp-server-linux-amd64/bin/kubernetes-mcp-server-linux-amd64');
const servers = [];
for (const v of variants) {
  // Each build gets its own data directory: two executing gates never share one.
  const { policies, dataDir } = await makeGateFolder(v.binary, work, 'gate-' + v.name);
  servers.push({
    name: v.name,
    command: v.binary,
    args: ['serve', '--kubeconfig', kubeconfig, '--data-dir', dataDir, '--policies', policies, '--agent', 'bench-agent', '--log-level', 'Warning'],
    env: { ...process.env, ...v.environment },
    call: { name: 'list_deployments', arguments: { namespace: 'prod' } },
  });
}
servers.push({
  name: 'kubernetes-mcp-server',
  command: goBinary,
  args: ['--kubeconfig', kubeconfig, '--read-only'],
  env: process.env,
  call: { name: 'resources_list', arguments: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'prod' } },
});

const listed = {}, called = {};
for (let round = 0; round <= starts; round++) {
  for (const s of servers) {
    const spawned = now();
    const client = new Client({ name: 'mcpgate-startup-bench', version: '1' });
    await client.connect(new StdioClientTransport({ command: s.command, args: s.args, env: s.env, stderr: 'ignore' }));
    await client.listTools();
    const toList = now() - spawned;
    if (callAfterMs > 0) await sleep(callAfterMs);
    const calling = now();
    const result = await client.callTool(s.call);
    const toCall = now() - calling;
    if (result.isError) throw new Error(`${s.name}: ${JSON.stringify(result.content)}`);
    await client.close();
    if (round > 0) {
      (listed[s.name] ??= []).push(toList);
      (called[s.name] ??= []).push(toCall);
    }
  }
}

const go = median(listed['kubernetes-mcp-server']);
const goCall = median(called['kubernetes-mcp-server']);
if (latencyMs > 0) console.log(`The cluster ${latencyMs} ms away each way (a delaying proxy).`);
console.log(`| | spawn to tools/list (median of ${starts}) | first call, ${callAfterMs} ms after it | spawn to the first call's answer |`);
console.log('|---|---:|---:|---:|');
for (const s of servers) {
  const l = median(listed[s.name]), c = median(called[s.name]);
  console.log(`| ${s.name} | ${fmt(l)} ms (${(l / go).toFixed(2)}) | ${fmt(c)} ms (${(c / goCall).toFixed(2)}) | ${fmt(median(listed[s.name].map((x, i) => x + callAfterMs + called[s.name][i])))} ms |`);
}
proxy?.close();
sandbox.kill();
