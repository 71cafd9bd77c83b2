// Whole-process benchmark: McpGate and the two peer Kubernetes MCP servers, each driven over stdio by
// the same TypeScript SDK client against one `mcpgate sandbox`. Not part of the test run; see
// bench/README.md ("Whole process") for how to run it and what it measures.
//
//   node bench/process/bench.mjs --mcpgate /path/to/mcpgate [--mcpgate-before /other/mcpgate] [--rounds 100] [--starts 5] [--writes 10] [--out FILE]
//
// --mcpgate-before adds a second McpGate build (say, the main branch's publish) as a fourth server, for a
// before/after comparison in the same run; the writes are measured on --mcpgate only.
//
// Every figure is also given as a ratio to the fastest server in the same run.
import { mkdtempSync, mkdirSync, cpSync, appendFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { arg, execFileAsync, now, sleep, quantile, median, fmt, rssOf, startSandbox, makeGateFolder } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const mcpgate = resolve(arg('mcpgate', 'mcpgate'));
const mcpgateBefore = arg('mcpgate-before', null);
const rounds = Number(arg('rounds', '100'));
const starts = Number(arg('starts', '5'));
const writes = Number(arg('writes', '10'));
const approvals = Number(arg('approvals', '5'));
const paceMs = Number(arg('pace-ms', '250'));
const label = arg('label', '');
const outFile = arg('out', null);
const goBinary = join(here, 'node_modules/kubernetes-mcp-server-linux-amd64/bin/kubernetes-mcp-server-linux-amd64');
const nodeServer = join(here, 'node_modules/mcp-server-kubernetes/dist/index.js');
const log = (...a) => console.error('[bench]', ...a);

// ---------------------------------------------------------------------------------------------
// One sandbox API server for everyone.
const work = mkdtempSync(join(tmpdir(), 'mcpgate-process-bench-'));
log('work folder', work);
const { sandbox, kubeconfig } = await startSandbox(mcpgate, work);
log('sandbox up');

// McpGate's data directory, policy with one approver, and its key.
const { policies, keyFile, dataDir } = await makeGateFolder(mcpgate, work);

// The baseline build, if any, gets its own data directory: two executing gates never share one.
const beforeDir = join(work, 'gate-before');
mkdirSync(beforeDir);
cpSync(policies, join(beforeDir, 'policies'), { recursive: true });

// ---------------------------------------------------------------------------------------------
// The three servers, with each one's tools for a list and a get of deployments.
const servers = [
  {
    name: 'McpGate',
    command: mcpgate,
    args: ['serve', '--kubeconfig', kubeconfig, '--data-dir', dataDir, '--policies', policies, '--agent', 'bench-agent', '--log-level', 'Warning'],
    env: {},
    dataDir,
    policies,
    list: { name: 'list_deployments', arguments: { namespace: 'prod' } },
    get: { name: 'get_deployment', arguments: { namespace: 'prod', name: 'web' } },
  },
  ...(mcpgateBefore ? [{
    name: 'McpGate before',
    command: resolve(mcpgateBefore),
    args: ['serve', '--kubeconfig', kubeconfig, '--data-dir', join(beforeDir, 'data'), '--policies', join(beforeDir, 'policies'), '--agent', 'bench-agent', '--log-level', 'Warning'],
    env: {},
    dataDir: join(beforeDir, 'data'),
    policies: join(beforeDir, 'policies'),
    list: { name: 'list_deployments', arguments: { namespace: 'prod' } },
    get: { name: 'get_deployment', arguments: { namespace: 'prod', name: 'web' } },
  }] : []),
  {
    name: 'kubernetes-mcp-server',
    command: goBinary,
    args: ['--kubeconfig', kubeconfig, '--read-only', '--disable-multi-cluster'],
    env: {},
    list: { name: 'resources_list', arguments: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'prod' } },
    get: { name: 'resources_get', arguments: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'prod', name: 'web' } },
  },
  {
    name: 'mcp-server-kubernetes',
    command: process.execPath,
    args: [nodeServer],
    env: { KUBECONFIG: kubeconfig, ALLOW_ONLY_NON_DESTRUCTIVE_TOOLS: 'true' },
    list: { name: 'kubectl_get', arguments: { resourceType: 'deployments', namespace: 'prod', output: 'json' } },
    get: { name: 'kubectl_get', arguments: { resourceType: 'deployments', namespace: 'prod', name: 'web', output: 'json' } },
  },
];

async function open(server) {
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DOTNET_ROOT: process.env.DOTNET_ROOT ?? '', ...server.env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'mcpgate-process-bench', version: '1.0.0' });
  const t0 = now();
  await client.connect(transport);
  const tools = await client.listTools();
  const startup = now() - t0;
  return { client, transport, tools, startup };
}

async function call(client, tool) {
  const t0 = now();
  const result = await client.callTool(tool, undefined, { timeout: 60_000 });
  const ms = now() - t0;
  if (result.isError) throw new Error(`${tool.name} failed: ${JSON.stringify(result.content).slice(0, 400)}`);
  return { ms, result };
}

const rotate = (xs, k) => xs.map((_, i) => xs[(i + k) % xs.length]);
const results = Object.fromEntries(servers.map(s => [s.name, { startup: [], first: [], list: [], get: [] }]));

// ---------------------------------------------------------------------------------------------
// 1. Start-up and first call: spawn -> initialize -> tools/list answered, then one list call. Interleaved.
for (let rep = 0; rep < starts; rep++) {
  for (const server of rotate(servers, rep)) {
    const s = await open(server);
    const names = s.tools.tools.map(t => t.name);
    for (const t of [server.list.name, server.get.name]) {
      if (!names.includes(t)) throw new Error(`${server.name} has no tool ${t}: ${names.join(', ')}`);
    }
    const first = await call(s.client, server.list);
    results[server.name].startup.push(s.startup);
    results[server.name].first.push(first.ms);
    await s.client.close();
    await sleep(200);
  }
  log(`start-up round ${rep + 1}/${starts}`);
}

// 2. Reads, paced and interleaved: each round calls list then get on every server, in rotating order;
// a server sees at most one call per pace interval (the Go peer's client-go allows 5 requests a second).
const sessions = [];
for (const server of servers) {
  sessions.push({ server, ...(await open(server)) });
}
for (const s of sessions) {
  for (let i = 0; i < 5; i++) {
    await call(s.client, s.server.list);
    await call(s.client, s.server.get);
  }
}
for (let round = 0; round < rounds; round++) {
  const roundStart = now();
  for (const op of ['list', 'get']) {
    const opStart = now();
    for (const s of rotate(sessions, round)) {
      const { ms } = await call(s.client, s.server[op]);
      results[s.server.name][op].push(ms);
    }
    const spent = now() - opStart;
    if (spent < paceMs) await sleep(paceMs - spent);
  }
  if ((round + 1) % 25 === 0) log(`read round ${round + 1}/${rounds} (${((now() - roundStart) / 1000).toFixed(2)} s)`);
}

// 3. McpGate's writes: scale_deployment proposals to pending_approval; then approvals with the CLI.
// The approvals run on every McpGate build in the run, interleaved, each on its own data directory.
const gateSessions = sessions.filter(s => s.server.dataDir);
const gate = gateSessions[0];
const proposals = [];
let replicas = 2;
const propose = async session => {
  replicas = replicas >= 9 ? 3 : replicas + 1;
  const { ms, result } = await call(session.client, {
    name: 'scale_deployment',
    arguments: { namespace: 'demo', name: 'web', replicas, reason: 'process benchmark' },
  });
  const body = JSON.stringify(result.structuredContent ?? result.content);
  if (!body.includes('pending_approval')) throw new Error('proposal did not reach pending_approval: ' + body.slice(0, 400));
  const id = /chg-[a-z0-9]+/.exec(body)[0];
  return { ms, id };
};
for (let i = 0; i < writes; i++) {
  proposals.push((await propose(gate)).ms);
  await sleep(paceMs);
}

const approvalRuns = Object.fromEntries(gateSessions.map(s => [s.server.name, { latency: [], verifiedSeen: [], cli: [] }]));
for (let i = 0; i < approvals; i++) {
  for (const session of rotate(gateSessions, i)) {
    const { dataDir: data, policies: policy } = session.server;
    const run = approvalRuns[session.server.name];
    const { id } = await propose(session);
    const t0 = Date.now();
    await execFileAsync(session.server.command, ['approvals', 'approve', id, '--key', keyFile, '--data-dir', data, '--policies', policy, '--comment', 'bench']);
    const exited = Date.now();
    run.cli.push(exited - t0);
    const waited = await call(session.client, { name: 'get_change', arguments: { change_id: id, wait_seconds: 60 } });
    const seen = Date.now();
    const body = JSON.stringify(waited.result.structuredContent ?? waited.result.content);
    if (!body.includes('verified')) throw new Error(`change ${id} did not verify: ${body.slice(0, 400)}`);
    // The ledger's own times (the gate's and the CLI's clocks, one machine): the approval written, execution started.
    const { stdout } = await execFileAsync('sqlite3', [join(data, 'ledger.db'), `SELECT event_type, time FROM ledger WHERE change_id = '${id}' AND event_type IN ('approval_submitted', 'executing') ORDER BY seq;`]);
    const times = Object.fromEntries(stdout.trim().split('\n').map(l => l.split('|')).map(([e, t]) => [e, Date.parse(t)]));
    if (!times.approval_submitted || !times.executing) throw new Error(`no approval_submitted or executing entry for ${id}: ${stdout}`);
    run.latency.push(times.executing - times.approval_submitted);
    run.verifiedSeen.push(seen - exited);
    await sleep(paceMs);
  }
}

// 4. RSS after the run, while every session is still open.
const rss = {};
for (const s of sessions) rss[s.server.name] = rssOf(s.transport.pid);

for (const s of sessions) await s.client.close();
sandbox.kill('SIGTERM');

// ---------------------------------------------------------------------------------------------
const rows = [
  ['spawn to first tools/list (median of ' + starts + ')', n => median(results[n].startup), ' ms'],
  ['first tool call after start (median of ' + starts + ')', n => median(results[n].first), ' ms'],
  ['list deployments p50', n => median(results[n].list), ' ms'],
  ['list deployments p99', n => quantile(results[n].list, 0.99), ' ms'],
  ['get deployment p50', n => median(results[n].get), ' ms'],
  ['get deployment p99', n => quantile(results[n].get, 0.99), ' ms'],
  ['RSS after the run', n => rss[n], ' MB'],
];
const names = servers.map(s => s.name);
const lines = [];
lines.push(`| ${label || 'figure'} | ${names.join(' | ')} |`);
lines.push(`|---|${names.map(() => '---:').join('|')}|`);
for (const [title, value, unit] of rows) {
  const values = names.map(value);
  const best = Math.min(...values);
  lines.push(`| ${title} | ${values.map(v => `${fmt(v)}${unit} (${(v / best).toFixed(2)})`).join(' | ')} |`);
}
const gateRow = (title, value) => lines.push(`| ${title} | ${names.map(n => value(n) ?? '').join(' | ')} |`);
gateRow(`scale_deployment proposal p50 / p99 (to pending_approval, ${writes})`, n => (n === gate.server.name ? `${fmt(median(proposals))} / ${fmt(quantile(proposals, 0.99))} ms` : null));
gateRow(`approval written to executing p50 / max (ledger times, ${approvals})`, n => approvalRuns[n] && `${fmt(median(approvalRuns[n].latency))} / ${fmt(Math.max(...approvalRuns[n].latency))} ms`);
gateRow('CLI exit to verified seen by get_change p50 (includes the rollout)', n => approvalRuns[n] && `${fmt(median(approvalRuns[n].verifiedSeen))} ms`);
gateRow('`approvals approve` CLI, spawn to exit p50', n => approvalRuns[n] && `${fmt(median(approvalRuns[n].cli))} ms`);
const [l1, l5, l15] = loadavg();
const header = `${new Date().toISOString()} ${label} rounds=${rounds} starts=${starts} pace=${paceMs}ms; ${cpus().length} x ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average ${l1.toFixed(2)} ${l5.toFixed(2)} ${l15.toFixed(2)} at the end`;
const report = [header, '', ...lines, ''].join('\n');
console.log(report);
if (outFile) appendFileSync(outFile, report + '\n');
log('raw', JSON.stringify({ startup: Object.fromEntries(names.map(n => [n, results[n].startup.map(x => Math.round(x))])), first: Object.fromEntries(names.map(n => [n, results[n].first.map(x => Math.round(x))])), approvals: approvalRuns }));
process.exit(0);
