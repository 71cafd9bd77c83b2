// What the whole-process benchmarks share: arguments, statistics, one `mcpgate sandbox`, McpGate's data
// directory with a policy and one approver, and a process's RSS. See bench/README.md.
import { spawn, execFile } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { promisify } from 'node:util';

export const execFileAsync = promisify(execFile);

export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

export const now = () => performance.now();
export const sleep = ms => new Promise(r => setTimeout(r, ms));

export const quantile = (xs, q) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
};
export const median = xs => quantile(xs, 0.5);
export const fmt = ms => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

/** Resident memory of a process, in MB, from /proc. */
export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** Starts `mcpgate sandbox` writing its kubeconfig into `work`; resolves when the kubeconfig is written. */
export async function startSandbox(mcpgate, work) {
  const kubeconfig = join(work, 'sandbox.kubeconfig');
  const sandbox = spawn(mcpgate, ['sandbox', '--kubeconfig-out', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  sandbox.stderr.on('data', () => {});
  await new Promise((resolveStart, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('sandbox did not start within 60 s: ' + out)), 60_000);
    sandbox.stdout.on('data', d => {
      out += d;
      if (out.includes('kubeconfig written')) {
        clearTimeout(timer);
        resolveStart();
      }
    });
    sandbox.on('exit', code => reject(new Error(`sandbox exited with ${code}: ${out}`)));
  });
  sandbox.stdout.on('data', () => {});
  return { sandbox, kubeconfig };
}

/**
 * A TCP proxy on 127.0.0.1 in front of `targetPort` that holds every chunk `delayMs` before passing it
 * on, each way: a cluster `2 * delayMs` of round trip away. TLS passes through untouched. The TCP
 * connect itself is not delayed, so a new connection costs one round trip less than a real one.
 * Resolves to the proxy's port; close() stops it.
 */
export async function startLatencyProxy(targetPort, delayMs) {
  const sockets = new Set();
  const server = createServer(client => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    // Timers of one duration fire in the order they were set, so chunks keep their order.
    const forward = (from, to) => {
      from.on('data', chunk => setTimeout(() => to.destroyed || to.write(chunk), delayMs));
      from.on('end', () => setTimeout(() => to.destroyed || to.end(), delayMs));
      from.on('error', () => to.destroy());
    };
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  return {
    port: server.address().port,
    close: () => { for (const socket of sockets) socket.destroy(); server.close(); },
  };
}

/**
 * A gate folder under `work`: the shipped policies (from beside the executable) plus one approver,
 * `bench-operator` in group sre, whose key is made with `keys generate`.
 */
export async function makeGateFolder(mcpgate, work, name = 'gate') {
  const gateDir = join(work, name);
  mkdirSync(gateDir);
  const policies = join(gateDir, 'policies');
  cpSync(join(dirname(mcpgate), 'policies'), policies, { recursive: true });
  const keyFile = join(gateDir, 'bench-operator.pem');
  const keys = await execFileAsync(mcpgate, ['keys', 'generate', '--identity', 'bench-operator', '--out', keyFile, '--groups', 'sre']);
  const approverLine = keys.stdout.split('\n').find(l => l.trim().startsWith('- { identity: bench-operator'));
  if (!approverLine) throw new Error('keys generate printed no policy line: ' + keys.stdout);
  writeFileSync(join(policies, 'bench-approvers.yaml'), 'approvers:\n' + approverLine + '\n');
  return { gateDir, policies, keyFile, dataDir: join(gateDir, 'data') };
}
