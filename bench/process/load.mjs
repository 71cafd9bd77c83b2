// Load benchmark: one `mcpgate serve --http` under many concurrent MCP clients (the official TypeScript SDK
// over Streamable HTTP), against one `mcpgate sandbox`. Not part of the test run; see bench/README.md ("Under load").
//
//   node bench/process/load.mjs --mcpgate /path/to/mcpgate [--readers 64] [--calls 100000] [--writers 16] [--write-rounds 2] [--out FILE]
//
// 1. Reads: --readers clients, each in its own session, call get_deployment in a closed loop until --calls calls
//    are done in all. Reported: throughput, p50 and p99 of the round trip, and the server's RSS after 1k, 10k and
//    100k calls. As the floor, the same number of concurrent keep-alive HTTPS GETs of the same deployment straight to
//    the API server, with the gate's own kubeconfig credentials.
// 2. Writes: --writers clients propose a scale_deployment at the same moment, --write-rounds times. Every proposal
//    must come back pending_approval with its own change id; the ledger must then hold exactly those changes, and
//    `mcpgate ledger verify` must pass.
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:https';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { arg, execFileAsync, now, quantile, median, fmt, rssOf, startSandbox, makeGateFolder } from './common.mjs';

const mcpgate = resolve(arg('mcpgate', 'mcpgate'));
const readers = Number(arg('readers', '64'));
const totalCalls = Number(arg('calls', '100000'));
const writers = Number(arg('writers', '16'));
const writeRounds = Number(arg('write-rounds', '2'));
const floorCalls = Number(arg('floor-calls', String(Math.min(totalCalls, 20000))));
const label = arg('label', '');
const outFile = arg('out', null);
const log = (...a) => console.error('[load]', ...a);
const deployments = ['web', 'api']; // demo's two deployments: one per write round, so no round repeats a pending proposal
if (writeRounds > deployments.length) throw new Error(`--write-rounds is at most ${deployments.length}`);
if (writers > 16) throw new Error('--writers is at most 16 (replicas 5 to 20, the shipped policy\'s maximum)');

const work = mkdtempSync(join(tmpdir(), 'mcpgate-load-bench-'));
log('work folder', work);
const { sandbox, kubeconfig } = await startSandbox(mcpgate, work);
const { policies, dataDir } = await makeGateFolder(mcpgate, work);

// One agent token; its line goes into tokens.yaml, the token itself only into this process's memory.
const created = await execFileAsync(mcpgate, ['tokens', 'create', '--identity', 'load-agent', '--policies', policies]);
const token = created.stdout.trim().split('\n')[0].trim();
const tokenLine = created.stderr.split('\n').find(l => l.trim().startsWith('- { identity: load-agent'));
if (!token.startsWith('mcpg_') || !tokenLine) throw new Error('tokens create printed no token or no line');
writeFileSync(join(policies, 'tokens.yaml'), 'tokens:\n' + tokenLine + '\n');

// The server, with limits raised so that the benchmark measures the gate, not its rate limiter.
const server = spawn(mcpgate, ['serve', '--http', '127.0.0.1:0', '--kubeconfig', kubeconfig, '--data-dir', dataDir, '--policies', policies,
  '--calls-per-minute', '1000000', '--writes-per-minute', '1000', '--max-sessions-per-identity', String(readers + writers + 8), '--log-level', 'Warning'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
const url = await new Promise((resolveUrl, reject) => {
  let err = '';
  const timer = setTimeout(() => reject(new Error('serve --http printed no URL within 60 s: ' + err)), 60_000);
  server.stderr.on('data', d => {
    err += d;
    const m = /serving MCP over HTTP at (\S+)/.exec(err);
    if (m) {
      clearTimeout(timer);
      resolveUrl(new URL(m[1]));
    }
  });
  server.on('exit', code => reject(new Error(`serve exited with ${code}: ${err}`)));
});
server.stderr.on('data', () => {});
log('serving at', url.href, 'pid', server.pid);

async function connect() {
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name: 'mcpgate-load-bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

// ---------------------------------------------------------------------------------------------
// 1. Reads.
const read = { name: 'get_deployment', arguments: { namespace: 'demo', name: 'web' } };
const clients = await Promise.all(Array.from({ length: readers }, connect));
for (const c of clients) await c.callTool(read); // warm-up: one call per session
const marks = [1000, 10000, 100000].filter(m => m <= totalCalls);
const rss = [['after start-up and warm-up', rssOf(server.pid)]];

// The floor: the same GET straight to the API server, as many at once, over keep-alive HTTPS.
const kc = readFileSync(kubeconfig, 'utf8');
const field = name => new RegExp(`${name}:\\s*(\\S+)`).exec(kc)?.[1];
const apiServer = new URL(field('server'));
const ca = Buffer.from(field('certificate-authority-data'), 'base64');
const bearer = field('token');
const agent = new Agent({ keepAlive: true, maxSockets: readers, ca });
const get = () => new Promise((ok, fail) => {
  const req = request({ host: apiServer.hostname, port: apiServer.port, path: '/apis/apps/v1/namespaces/demo/deployments/web', agent, headers: { Authorization: `Bearer ${bearer}` } }, res => {
    res.resume();
    res.on('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`GET answered ${res.statusCode}`))));
  });
  req.on('error', fail);
  req.end();
});
await Promise.all(Array.from({ length: readers }, get)); // warm-up: open the connections

// CPU seconds (user + system) of a process so far, from /proc/PID/stat.
const cpuOf = pid => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

// Ten blocks, each of a tenth of the MCP calls and then a tenth of the floor's GETs, so that whatever else
// loads the machine falls on both alike. Each side runs `readers` requests at once in a closed loop.
const blocks = 10;
const latencies = [];
const floor = [];
let done = 0, failures = 0, mcpSeconds = 0, floorSeconds = 0, serverCpu = 0, clientCpu = 0;
const run = async (count, once, record) => {
  let issued = 0;
  await Promise.all(Array.from({ length: readers }, async (_, k) => {
    while (issued < count) {
      issued++;
      const started = now();
      await once(k);
      record(now() - started);
    }
  }));
};
for (let block = 0; block < blocks; block++) {
  const calls = Math.floor(totalCalls / blocks) + (block < totalCalls % blocks ? 1 : 0);
  const gets = Math.floor(floorCalls / blocks) + (block < floorCalls % blocks ? 1 : 0);
  const cpu0 = cpuOf(server.pid), client0 = process.cpuUsage(), t0 = now();
  await run(calls, async k => {
    const result = await clients[k].callTool(read, undefined, { timeout: 60_000 });
    if (result.isError) failures++;
  }, ms => {
    latencies.push(ms);
    done++;
    if (marks.includes(done)) {
      rss.push([`after ${done.toLocaleString('en-US')} calls`, rssOf(server.pid)]);
      log(`${done} calls`);
    }
  });
  mcpSeconds += (now() - t0) / 1000;
  serverCpu += cpuOf(server.pid) - cpu0;
  const client1 = process.cpuUsage(client0);
  clientCpu += (client1.user + client1.system) / 1e6;
  const f0 = now();
  await run(gets, () => get(), ms => floor.push(ms));
  floorSeconds += (now() - f0) / 1000;
}
const sorted = latencies;
await Promise.all(clients.map(c => c.close()));
agent.destroy();

// ---------------------------------------------------------------------------------------------
// 2. Writes: every writer proposes at once; each proposal must be recorded once.
const writerClients = await Promise.all(Array.from({ length: writers }, connect));
const proposals = [];
const ids = new Set();
for (let round = 0; round < writeRounds; round++) {
  const name = deployments[round];
  const results = await Promise.all(writerClients.map(async (client, i) => {
    const started = now();
    const result = await client.callTool({ name: 'scale_deployment', arguments: { namespace: 'demo', name, replicas: 5 + i, reason: `load benchmark, writer ${i}` } }, undefined, { timeout: 120_000 });
    return { ms: now() - started, result };
  }));
  for (const { ms, result } of results) {
    const state = result.structuredContent?.status;
    const id = result.structuredContent?.changeId;
    if (result.isError || state !== 'pending_approval' || !id) throw new Error('a proposal was not recorded pending: ' + JSON.stringify(result).slice(0, 400));
    if (ids.has(id)) throw new Error(`two proposals got one change id ${id}`);
    ids.add(id);
    proposals.push(ms);
  }
  log(`write round ${round + 1}/${writeRounds}: ${results.length} proposals`);
}
await Promise.all(writerClients.map(c => c.close()));
const finalRss = rssOf(server.pid);
server.kill('SIGTERM');
await new Promise(r => server.on('exit', r));
sandbox.kill('SIGTERM');

const listed = JSON.parse((await execFileAsync(mcpgate, ['changes', 'list', '--data-dir', dataDir, '--json', '--limit', '1000'], { maxBuffer: 64 << 20 })).stdout);
const rows = Array.isArray(listed) ? listed : listed.changes;
const inLedger = new Set(rows.map(c => c.id ?? c.changeId));
const missing = [...ids].filter(id => !inLedger.has(id));
let verified = 'passed';
try {
  await execFileAsync(mcpgate, ['ledger', 'verify', '--data-dir', dataDir], { maxBuffer: 64 << 20 });
} catch (e) {
  verified = `FAILED: ${(e.stdout ?? '') + (e.stderr ?? '')}`.slice(0, 400);
}

// ---------------------------------------------------------------------------------------------
const [l1, l5, l15] = loadavg();
const lines = [
  `${new Date().toISOString()} ${label} readers=${readers} calls=${totalCalls} writers=${writers}x${writeRounds}; ${cpus().length} x ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average ${l1.toFixed(2)} ${l5.toFixed(2)} ${l15.toFixed(2)} at the end`,
  '',
  `| ${readers} concurrent clients | McpGate get_deployment over MCP | direct HTTPS GET (the floor) | ratio |`,
  '|---|---:|---:|---:|',
  `| calls | ${totalCalls.toLocaleString('en-US')} (${failures} errors) | ${floorCalls.toLocaleString('en-US')} | |`,
  `| throughput | ${(totalCalls / mcpSeconds).toFixed(0)} calls/s | ${(floorCalls / floorSeconds).toFixed(0)} GETs/s | ${((floorCalls / floorSeconds) / (totalCalls / mcpSeconds)).toFixed(2)}x fewer |`,
  `| CPU per call: McpGate server / this client (64 SDK clients in one Node process) | ${fmt(serverCpu * 1000 / totalCalls)} ms / ${fmt(clientCpu * 1000 / totalCalls)} ms | | |`,
  `| p50 | ${fmt(median(sorted))} ms | ${fmt(median(floor))} ms | ${(median(sorted) / median(floor)).toFixed(2)} |`,
  `| p99 | ${fmt(quantile(sorted, 0.99))} ms | ${fmt(quantile(floor, 0.99))} ms | ${(quantile(sorted, 0.99) / quantile(floor, 0.99)).toFixed(2)} |`,
  '',
  '| McpGate RSS | MB |',
  '|---|---:|',
  ...rss.map(([when, mb]) => `| ${when} | ${mb.toFixed(0)} |`),
  `| after the writes | ${finalRss.toFixed(0)} |`,
  '',
  `| ${writers} concurrent scale_deployment proposals, ${writeRounds} rounds | |`,
  '|---|---|',
  `| proposals answered pending_approval, distinct ids | ${ids.size} of ${writers * writeRounds} |`,
  `| of them in the ledger (changes list) | ${ids.size - missing.length}${missing.length ? ` (missing: ${missing.join(', ')})` : ''} |`,
  `| proposal round trip p50 / max | ${fmt(median(proposals))} / ${fmt(Math.max(...proposals))} ms |`,
  `| mcpgate ledger verify | ${verified} |`,
  '',
];
const report = lines.join('\n');
console.log(report);
if (outFile) appendFileSync(outFile, report + '\n');
process.exit(missing.length === 0 && verified === 'passed' && failures === 0 ? 0 : 1);
