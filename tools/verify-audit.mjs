#!/usr/bin/env node
// Independent verifier of an McpGate audit export (`mcpgate audit export`), written against the
// formats in docs/ledger.md and docs/proofs.md, with Node.js's standard library only. It shares
// no code with McpGate. It checks, with nothing but the export:
//   - every exported entry's hash (SHA-256 over the RFC 8785 canonical JSON of the entry), that
//     its payload is already canonical, and the chain (entries outside the export's time range
//     are present as their hashes only);
//   - every signed checkpoint: a C2SP signed note whose origin names the gate key and whose
//     Ed25519 signature verifies with it, and whose root is the RFC 6962 Merkle root of the first
//     N entry hashes (so the export is the whole ledger those checkpoints vouch for);
//   - every change's proof: a DSSE envelope signed with the gate's Ed25519 key, whose digest the
//     change's `proven` entry names;
//   - every approval and cancel: a DSSE envelope signed with the approver's key (the key the
//     `approved` entry recorded, else the export header's), naming this change and this proof;
//   - every comment: a DSSE envelope of the comment predicate type signed with the approver's key,
//     naming this change, this proof and the approver, with the words the `commented` entry holds.
// Usage: node tools/verify-audit.mjs EXPORT.jsonl     Exit 0: verified; 1: a check failed; 2: usage.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path) {
  console.error('usage: node tools/verify-audit.mjs EXPORT.jsonl');
  process.exit(2);
}

const fail = (message) => {
  console.log(`audit FAILED: ${message}`);
  process.exit(1);
};
process.on('uncaughtException', (error) => fail(error.message));

// RFC 8785: object members sorted by UTF-16 code units, no whitespace, ECMAScript number and string forms.
const canonical = (value) => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
};

const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');
const publicKey = (text) => {
  if (typeof text !== 'string' || !text.startsWith('ed25519:')) throw new Error(`not an ed25519: key: ${text}`);
  const raw = Buffer.from(text.slice('ed25519:'.length), 'base64');
  if (raw.length !== 32) throw new Error(`key of ${raw.length} bytes: ${text}`);
  return createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' });
};

// DSSE: the signature covers PAE("DSSEv1" SP len(type) SP type SP len(body) SP body).
const dsse = (envelopeText, key) => {
  const envelope = JSON.parse(envelopeText);
  const body = Buffer.from(envelope.payload, 'base64');
  const type = Buffer.from(envelope.payloadType, 'utf8');
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${body.length} `), body]);
  const signed = (envelope.signatures ?? []).some((s) => verify(null, pae, key, Buffer.from(s.sig, 'base64')));
  return { signed, body, statement: JSON.parse(body.toString('utf8')) };
};

const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).map((l, i) => {
  try { return JSON.parse(l); } catch (e) { return fail(`line ${i + 1} is not JSON (${e.message})`); }
});
const header = lines[0];
if (header?.type !== 'header' || header.format !== 'mcpgate-audit/v1') fail('the first line is not an mcpgate-audit/v1 header');
if (!Number.isInteger(header.treeSize) || header.treeSize < 0) fail(`the header's treeSize ${header.treeSize} is not a count of entries`);
const gateKey = publicKey(header.gatePublicKey);
const policyKeys = new Map((header.approvers ?? []).map((a) => [a.identity, publicKey(a.publicKey)]));

const entries = lines.filter((l) => l.type === 'entry').sort((a, b) => a.seq - b.seq);
const changes = new Map(lines.filter((l) => l.type === 'change').map((c) => [c.changeId, c]));

// 1. The chain. Every sequence number from 1 to the header's treeSize is an entry or a hash line.
const hashes = new Array(header.treeSize);
for (const line of lines.filter((l) => l.type === 'entry' || l.type === 'hash')) {
  if (!Number.isInteger(line.seq) || line.seq < 1 || line.seq > header.treeSize) fail(`a ${line.type} line has seq ${line.seq}, outside 1..${header.treeSize}`);
  if (hashes[line.seq - 1] !== undefined) fail(`entry ${line.seq} appears twice`);
  if (!/^sha256:[0-9a-f]{64}$/.test(line.entryHash)) fail(`entry ${line.seq}: entryHash ${line.entryHash} is not sha256: and 64 hex digits`);
  hashes[line.seq - 1] = line.entryHash;
}
for (let i = 0; i < header.treeSize; i++) if (hashes[i] === undefined) fail(`entry ${i + 1} missing from the export`);
const genesis = sha256(Buffer.alloc(0));
for (const entry of entries) {
  const expectedPrevious = entry.seq === 1 ? genesis : hashes[entry.seq - 2];
  if (entry.prevHash !== expectedPrevious) fail(`entry ${entry.seq}: prevHash ${entry.prevHash} is not the hash of entry ${entry.seq - 1} (${expectedPrevious})`);
  let payload;
  try { payload = JSON.parse(entry.payload); } catch { fail(`entry ${entry.seq}: payload is not JSON`); }
  if (canonical(payload) !== entry.payload) fail(`entry ${entry.seq}: payload is not in canonical form`);
  const hash = sha256(Buffer.from(canonical({
    changeId: entry.changeId, eventType: entry.eventType, payload, prevHash: entry.prevHash, sequence: entry.seq, time: entry.time,
  }), 'utf8'));
  if (hash !== entry.entryHash) fail(`entry ${entry.seq}: entryHash does not match its content`);
  entry.parsed = payload;
}

// 2. The Merkle tree (RFC 6962: leaf = SHA-256(0x00 || entry hash bytes), node = SHA-256(0x01 || left || right)).
const leaves = hashes.map((h) => createHash('sha256').update(Buffer.from([0])).update(Buffer.from(h.slice(7), 'hex')).digest());
// Complete subtrees (a power of two leaves) are kept: each later checkpoint costs O(log n) more.
const complete = new Map();
const root = (from, to) => {
  if (to - from === 0) return createHash('sha256').digest();
  if (to - from === 1) return leaves[from];
  const key = `${from}:${to}`;
  if (complete.has(key)) return complete.get(key);
  let k = 1;
  while (k * 2 < to - from) k *= 2;
  const node = createHash('sha256').update(Buffer.from([1])).update(root(from, from + k)).update(root(from + k, to)).digest();
  if ((to - from & (to - from - 1)) === 0) complete.set(key, node);
  return node;
};

// 3. Checkpoints: signed notes (origin, tree size, base64 root; a blank line; signature lines).
const gateRaw = Buffer.from(header.gatePublicKey.slice('ed25519:'.length), 'base64');
const origin = `mcpgate/${createHash('sha256').update(gateRaw).digest('hex').slice(0, 16)}`;
const keyId = createHash('sha256').update(Buffer.concat([Buffer.from(`${origin}\n`), Buffer.from([1]), gateRaw])).digest().subarray(0, 4);
let checkpoints = 0;
let previousSize = 0;
for (const line of lines.filter((l) => l.type === 'checkpoint').sort((a, b) => a.id - b.id)) {
  const where = `checkpoint #${line.id}`;
  const split = typeof line.note === 'string' ? line.note.indexOf('\n\n') : -1;
  if (split < 0) fail(`${where}: the note has no blank line before its signatures`);
  const text = line.note.slice(0, split + 1);
  const [noteOrigin, sizeText, rootText, ...extra] = text.slice(0, -1).split('\n');
  if (noteOrigin !== origin) fail(`${where}: origin ${noteOrigin} is not the gate key's, ${origin}`);
  if (extra.length > 0 || !/^[1-9][0-9]*$/.test(sizeText ?? '')) fail(`${where}: not a checkpoint (origin, tree size, root hash)`);
  const size = Number(sizeText);
  const signed = line.note.slice(split + 2).split('\n').filter((l) => l.startsWith(`\u2014 ${origin} `)).some((l) => {
    const blob = Buffer.from(l.slice(`\u2014 ${origin} `.length), 'base64');
    return blob.length === 68 && blob.subarray(0, 4).equals(keyId) && verify(null, Buffer.from(text, 'utf8'), gateKey, blob.subarray(4));
  });
  if (!signed) fail(`${where}: no signature line of ${origin} verifies with the gate key`);
  if (size < previousSize) fail(`${where}: covers ${size} entries, fewer than the checkpoint before it (${previousSize})`);
  if (size > header.treeSize) fail(`${where}: covers ${size} entries, but the export holds ${header.treeSize}: entries were removed`);
  if (root(0, size).toString('base64') !== rootText) fail(`${where}: the root of entries 1 to ${size} is not the signed root: an entry among them was changed`);
  previousSize = size;
  checkpoints++;
}

// 4. Proofs, approvals, cancels and comments, change by change.
let signatures = 0;
const byChange = new Map();
for (const entry of entries) byChange.set(entry.changeId, [...(byChange.get(entry.changeId) ?? []), entry]);
for (const [changeId, own] of byChange) {
  const proven = own.find((e) => e.eventType === 'proven');
  if (!proven) continue; // A change that never got a proof (abandoned, or outside the exported range).
  const change = changes.get(changeId);
  if (!change?.proofEnvelope) fail(`change ${changeId}: the export holds no proof for it`);
  const proof = dsse(change.proofEnvelope, gateKey);
  if (!proof.signed) fail(`change ${changeId}: its proof is not signed by the gate key`);
  signatures++;
  const digest = sha256(proof.body);
  if (digest !== proven.parsed.proofDigest) fail(`change ${changeId}: the proven entry (entry ${proven.seq}) names ${proven.parsed.proofDigest}, the proof is ${digest}`);

  const approved = own.find((e) => e.eventType === 'approved');
  const recorded = new Map((approved?.parsed.approverKeys ?? []).map((k) => [k.identity, publicKey(k.publicKey)]));
  const checkEnvelope = (entry, identity, decision) => {
    const key = recorded.get(identity) ?? policyKeys.get(identity);
    if (!key) fail(`entry ${entry.seq}: no key for ${identity} in the export`);
    const signedStatement = dsse(entry.parsed.envelope, key);
    if (!signedStatement.signed) fail(`entry ${entry.seq}: the ${decision} by ${identity} is not signed with ${identity}'s key`);
    const predicate = signedStatement.statement.predicate ?? {};
    const subject = signedStatement.statement.subject?.[0]?.digest?.sha256;
    if (predicate.changeId !== changeId || `sha256:${subject}` !== digest || predicate.decision !== decision || predicate.approver !== identity) {
      fail(`entry ${entry.seq}: the signed ${decision} names change ${predicate.changeId}, proof sha256:${subject}, decision ${predicate.decision} by ${predicate.approver}`);
    }
    signatures++;
  };
  for (const entry of own.filter((e) => e.eventType === 'approval_submitted')) checkEnvelope(entry, entry.parsed.identity, entry.parsed.decision);
  for (const entry of own.filter((e) => e.eventType === 'cancelled')) checkEnvelope(entry, entry.parsed.identity, 'cancel');
  for (const entry of own.filter((e) => e.eventType === 'commented')) {
    const identity = entry.parsed.identity;
    const key = recorded.get(identity) ?? policyKeys.get(identity);
    if (!key) fail(`entry ${entry.seq}: no key for ${identity} in the export`);
    const signedComment = dsse(entry.parsed.envelope, key);
    if (!signedComment.signed) fail(`entry ${entry.seq}: the comment by ${identity} is not signed with ${identity}'s key`);
    const { predicateType, predicate = {}, subject } = signedComment.statement;
    const commentDigest = subject?.[0]?.digest?.sha256;
    if (predicateType !== 'https://mcpgate.dev/attestations/comment/v1' || predicate.changeId !== changeId || `sha256:${commentDigest}` !== digest
      || predicate.approver !== identity || predicate.text !== entry.parsed.text) {
      fail(`entry ${entry.seq}: the signed comment (${predicateType}) names change ${predicate.changeId}, proof sha256:${commentDigest}, by ${predicate.approver}, or other words than the entry's`);
    }
    signatures++;
  }
  if (approved) {
    for (const identity of approved.parsed.approvers ?? []) {
      const backed = own.some((e) => e.eventType === 'approval_submitted' && e.seq < approved.seq && e.parsed.identity === identity && e.parsed.decision === 'approve');
      if (!backed) fail(`entry ${approved.seq}: approved by ${identity}, but no signed approval by ${identity} precedes it`);
    }
  }
}

const covered = previousSize === header.treeSize ? 'every entry' : `entries 1 to ${previousSize} of ${header.treeSize}`;
console.log(`audit OK: ${entries.length} entries exported of ${header.treeSize}, chain intact; ${checkpoints} checkpoints verify and cover ${covered}; ${byChange.size} changes; ${signatures} signatures verified`);
