#!/usr/bin/env node
// Independent verifier of an McpGate audit export (`mcpgate audit export`), written against the
// formats in docs/ledger.md and docs/proofs.md, with Node.js's standard library only. It shares
// no code with McpGate. It checks, with nothing but the export:
//   - every entry's hash (SHA-256 over the RFC 8785 canonical JSON of the entry) and the chain;
//   - that every payload is already canonical;
//   - every change's proof: a DSSE envelope signed with the gate's Ed25519 key, whose digest the
//     change's `proven` entry names;
//   - every approval and cancel: a DSSE envelope signed with the approver's key (the key the
//     `approved` entry recorded, else the export header's), naming this change and this proof.
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
const gateKey = publicKey(header.gatePublicKey);
const policyKeys = new Map((header.approvers ?? []).map((a) => [a.identity, publicKey(a.publicKey)]));

const entries = lines.filter((l) => l.type === 'entry').sort((a, b) => a.seq - b.seq);
const changes = new Map(lines.filter((l) => l.type === 'change').map((c) => [c.changeId, c]));

// 1. The chain.
let previous = null;
for (const entry of entries) {
  if (previous === null) {
    if (entry.seq === 1 && entry.prevHash !== sha256(Buffer.alloc(0))) fail('entry 1: prevHash is not the hash of the empty string');
  } else {
    if (entry.seq !== previous.seq + 1) fail(`entry ${previous.seq + 1} missing (gap after ${previous.seq})`);
    if (entry.prevHash !== previous.entryHash) fail(`entry ${entry.seq}: prevHash does not match entry ${previous.seq}`);
  }
  let payload;
  try { payload = JSON.parse(entry.payload); } catch { fail(`entry ${entry.seq}: payload is not JSON`); }
  if (canonical(payload) !== entry.payload) fail(`entry ${entry.seq}: payload is not in canonical form`);
  const hash = sha256(Buffer.from(canonical({
    changeId: entry.changeId, eventType: entry.eventType, payload, prevHash: entry.prevHash, sequence: entry.seq, time: entry.time,
  }), 'utf8'));
  if (hash !== entry.entryHash) fail(`entry ${entry.seq}: entryHash does not match its content`);
  entry.parsed = payload;
  previous = entry;
}

// 2. Proofs, approvals and cancels, change by change.
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
  if (approved) {
    for (const identity of approved.parsed.approvers ?? []) {
      const backed = own.some((e) => e.eventType === 'approval_submitted' && e.seq < approved.seq && e.parsed.identity === identity && e.parsed.decision === 'approve');
      if (!backed) fail(`entry ${approved.seq}: approved by ${identity}, but no signed approval by ${identity} precedes it`);
    }
  }
}

console.log(`audit OK: ${entries.length} entries, chain intact; ${byChange.size} changes; ${signatures} signatures verified`);
