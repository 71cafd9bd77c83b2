// The McpGate approval page. It reads the approval API of the listener that served it, and
// signs decisions in the browser with the approver's Ed25519 key (Web Crypto). The private
// key is imported as non-extractable, kept in this closure only, and never sent or stored.
// Every text that comes from the server is shown with textContent: an agent wrote some of it.
'use strict';

(() => {
  const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
  const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
  const APPROVAL_PREDICATE_TYPE = 'https://mcpgate.dev/attestations/approval/v1';
  const COMMENT_PREDICATE_TYPE = 'https://mcpgate.dev/attestations/comment/v1';
  // The states a change can still be cancelled in: before execution starts.
  const CANCELLABLE = ['pending_approval', 'approved', 'waiting'];
  const ED25519_OID = [0x06, 0x03, 0x2b, 0x65, 0x70];
  const PKCS8_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

  const $ = (id) => document.getElementById(id);

  // The approver's key: a non-extractable CryptoKey, and who it is once matched with the policy's approvers.
  let signingKey = null;
  let keyName = '';
  let holder = null;
  let holderChecked = false;
  let openChange = null;
  let refreshTimer = null;

  // ---- small DOM helpers: text only, never HTML ----

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function fact(list, name, value) {
    list.appendChild(el('dt', name));
    const dd = el('dd', value === undefined || value === null || value === '' ? '(none)' : value);
    dd.dataset.fact = name;
    list.appendChild(dd);
  }

  function showValue(value) {
    return value === undefined || value === null ? '(absent)' : JSON.stringify(value);
  }

  function safeClass(text) {
    return String(text).toLowerCase().replace(/[^a-z0-9-]/g, '');
  }

  // ---- the API ----

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ cache: 'no-store', credentials: 'omit' }, options || {}));
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const error = body && body.error ? body.error : { rule: 'http', message: 'the gate answered ' + response.status };
      const failure = new Error(error.message);
      failure.status = response.status;
      failure.rule = error.rule;
      throw failure;
    }
    return body;
  }

  async function refreshList() {
    const list = $('changes');
    const error = $('list-error');
    try {
      const body = await api('/api/v1/changes?state=pending');
      error.hidden = true;
      clear(list);
      $('list-empty').hidden = body.changes.length > 0;
      for (const change of body.changes) {
        const item = el('li');
        item.dataset.changeId = change.id;
        const button = el('button', change.summary || change.id, 'change-link');
        button.type = 'button';
        button.addEventListener('click', () => openChangeById(change.id));
        item.appendChild(button);
        item.appendChild(el('span', change.id, 'change-id'));
        if (change.quorum && change.quorum.text) {
          item.appendChild(el('span', change.quorum.text, 'quorum'));
        }
        if (change.damaged) {
          item.appendChild(el('span', 'damaged: ' + change.damaged, 'error'));
        }
        if (openChange && openChange.id === change.id) {
          item.classList.add('open');
        }
        list.appendChild(item);
      }
    } catch (e) {
      error.textContent = 'Could not list the changes: ' + describe(e);
      error.hidden = false;
    }
  }

  async function openChangeById(id) {
    try {
      const change = await api('/api/v1/changes/' + encodeURIComponent(id));
      const switched = !openChange || openChange.id !== change.id;
      openChange = change;
      renderChange(change, switched);
      for (const item of $('changes').children) {
        item.classList.toggle('open', item.dataset.changeId === id);
      }
    } catch (e) {
      $('list-error').textContent = 'Could not show ' + id + ': ' + describe(e);
      $('list-error').hidden = false;
    }
  }

  function renderChange(change, switched) {
    $('change').hidden = false;
    $('change').dataset.changeId = change.id;
    $('change').dataset.state = change.state || '';
    $('change-summary').textContent = change.summary || change.id;

    const facts = $('change-facts');
    clear(facts);
    fact(facts, 'Change', change.id);
    fact(facts, 'State', change.state);
    fact(facts, 'Tool', change.tool);
    if (change.target) {
      fact(facts, 'Target', (change.target.namespace ? change.target.namespace + '/' : '') + change.target.name
        + ' (' + (change.target.group ? change.target.group + '/' : '') + change.target.version + ' ' + change.target.resource + ')');
    }
    fact(facts, 'Requested by', change.requester);
    fact(facts, 'Reason', change.reason);
    fact(facts, 'Cluster', change.cluster);
    fact(facts, 'Proposed at', change.createdAt);
    fact(facts, 'Expires at', change.expiresAt);
    if (change.outcome) {
      fact(facts, 'Outcome', change.outcome);
    }
    if (change.damaged) {
      fact(facts, 'Damaged', change.damaged);
    }

    $('change-quorum').textContent = change.quorum ? change.quorum.text : 'No quorum can be counted for this change.';
    const approvals = $('change-approvals');
    clear(approvals);
    for (const a of change.approvals || []) {
      approvals.appendChild(el('li', a.identity + ' ' + (a.decision === 'reject' ? 'denied' : a.decision + 'd')
        + ' at ' + a.at + (a.comment ? ': "' + a.comment + '"' : '')));
    }

    // Comments are someone's words: set as text, attributed and quoted, never as markup.
    const comments = $('change-comments');
    clear(comments);
    for (const c of change.comments || []) {
      comments.appendChild(el('li', c.approver + ' commented at ' + c.at + ': "' + c.text + '"'));
    }
    if ((change.comments || []).length === 0) {
      comments.appendChild(el('li', 'No comments.', 'none'));
    }

    const diff = $('change-diff').tBodies[0];
    clear(diff);
    for (const line of change.diff || []) {
      const row = el('tr');
      row.appendChild(el('td', line.path, 'path'));
      row.appendChild(el('td', showValue(line.from), 'from'));
      row.appendChild(el('td', showValue(line.to), 'to'));
      diff.appendChild(row);
    }

    const checks = $('change-checks').tBodies[0];
    clear(checks);
    for (const check of change.checks || []) {
      const row = el('tr', null, 'check-' + safeClass(check.status));
      row.appendChild(el('td', check.name));
      row.appendChild(el('td', check.status, 'status'));
      row.appendChild(el('td', check.detail));
      checks.appendChild(row);
    }
    $('change-score').textContent = change.releaseScore === undefined || change.releaseScore === null ? '(not in the proof)' : String(change.releaseScore);

    const policy = $('change-policy');
    clear(policy);
    if (change.policy) {
      fact(policy, 'Rule', change.policy.rule);
      fact(policy, 'Reason', change.policy.reason);
      fact(policy, 'Approvals required', change.policy.requiredApprovals);
      fact(policy, 'Approver groups', (change.policy.approverGroups || []).join(', '));
    } else {
      fact(policy, 'Rule', '(no policy decision recorded)');
    }

    const proof = $('change-proof');
    clear(proof);
    proof.appendChild(el('code', change.proofDigest || '(no proof)'));
    proof.appendChild(el('span', change.proofVerified
      ? ' Signature verified by the gate with its key ' + change.gatePublicKey + '.'
      : ' The proof does NOT verify: ' + (change.proofFailure || 'unknown reason') + '. Do not approve this change.',
      change.proofVerified ? 'ok' : 'error'));

    if (switched) {
      $('decision-text').value = '';
      setResult('', '');
    }
    updateDecisionControls();
  }

  // ---- live updates ----

  // Refreshes the list, and the open change when the event names it (or names none).
  let refreshOpen = false;

  function scheduleRefresh(changeId) {
    if (!changeId || (openChange && openChange.id === changeId)) {
      refreshOpen = true;
    }
    if (refreshTimer !== null) {
      return;
    }
    // Several ledger entries often arrive together: refresh once for the batch.
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      const open = refreshOpen;
      refreshOpen = false;
      await refreshList();
      if (open && openChange) {
        await openChangeById(openChange.id);
      }
    }, 150);
  }

  function listen() {
    const events = new EventSource('/api/v1/events');
    events.addEventListener('open', () => {
      $('live').textContent = 'Live: the list follows the gate\'s ledger.';
      $('live').className = 'live on';
      // The stream does not resume where it left off: list again after each (re)connect.
      scheduleRefresh(null);
    });
    events.addEventListener('change', (event) => {
      let changeId = null;
      try {
        changeId = JSON.parse(event.data).changeId || null;
      } catch (e) {
        changeId = null;
      }
      scheduleRefresh(changeId);
    });
    events.addEventListener('error', () => {
      $('live').textContent = 'Not live: reconnecting to the gate...';
      $('live').className = 'live off';
    });
  }

  // ---- the key ----

  function base64ToBytes(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  function bytesToBase64(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary);
  }

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // One DER element at offset: its tag, and where its contents start and end.
  function der(bytes, offset) {
    if (offset + 2 > bytes.length) {
      throw new Error('malformed private key: truncated');
    }
    const tag = bytes[offset];
    let length = bytes[offset + 1];
    let start = offset + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count < 1 || count > 2) {
        throw new Error('malformed private key: bad length');
      }
      length = 0;
      for (let i = 0; i < count; i++) {
        length = (length << 8) | bytes[start + i];
      }
      start += count;
    }
    if (start + length > bytes.length) {
      throw new Error('malformed private key: truncated');
    }
    return { tag, start, end: start + length };
  }

  // The 32-byte seed of a PKCS#8 Ed25519 private key (RFC 8410, version 0 or 1).
  function seedFromPkcs8(bytes) {
    const info = der(bytes, 0);
    if (info.tag !== 0x30 || info.end !== bytes.length) {
      throw new Error('malformed private key: not one PKCS#8 SEQUENCE');
    }
    const version = der(bytes, info.start);
    if (version.tag !== 0x02 || version.end - version.start !== 1 || bytes[version.start] > 1) {
      throw new Error('malformed private key: PKCS#8 version must be 0 or 1');
    }
    const algorithm = der(bytes, version.end);
    const oid = Array.from(bytes.subarray(algorithm.start, algorithm.end));
    if (algorithm.tag !== 0x30 || oid.length !== ED25519_OID.length || oid.some((b, i) => b !== ED25519_OID[i])) {
      throw new Error('this is not an Ed25519 key (McpGate approver keys are Ed25519)');
    }
    const wrapped = der(bytes, algorithm.end);
    const inner = wrapped.tag === 0x04 ? der(bytes, wrapped.start) : null;
    if (!inner || inner.tag !== 0x04 || inner.end - inner.start !== 32 || inner.end !== wrapped.end) {
      throw new Error('malformed private key: an Ed25519 private key is a 32-byte OCTET STRING');
    }
    return bytes.slice(inner.start, inner.end);
  }

  async function importKeyFile(text) {
    if (/-----BEGIN PUBLIC KEY-----/.test(text) || /^\s*ed25519:/.test(text)) {
      throw new Error('this is a public key, which cannot sign; choose your own private key file');
    }
    if (/ENCRYPTED PRIVATE KEY|OPENSSH PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY/.test(text)) {
      throw new Error('this is not an unencrypted PKCS#8 Ed25519 key (the file mcpgate keys generate writes)');
    }
    const match = /-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----/.exec(text);
    if (!match) {
      throw new Error('no "-----BEGIN PRIVATE KEY-----" PEM block in this file');
    }
    let bytes;
    try {
      bytes = base64ToBytes(match[1].replace(/\s+/g, ''));
    } catch (e) {
      throw new Error('the PEM block is not base64');
    }
    const seed = seedFromPkcs8(bytes);
    // Web Crypto takes the plain RFC 8410 form; rebuild it around the seed.
    const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + 32);
    pkcs8.set(PKCS8_PREFIX, 0);
    pkcs8.set(seed, PKCS8_PREFIX.length);
    try {
      return await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
    } finally {
      bytes.fill(0);
      seed.fill(0);
      pkcs8.fill(0);
    }
  }

  // Which of the policy's approvers holds the key: sign a probe and verify it with each public key.
  async function findHolder(approvers) {
    const probe = new TextEncoder().encode('mcpgate approval page: which approver holds this key');
    const signature = await crypto.subtle.sign({ name: 'Ed25519' }, signingKey, probe);
    for (const approver of approvers || []) {
      const text = String(approver.publicKey || '');
      if (!text.startsWith('ed25519:')) {
        continue;
      }
      const raw = base64ToBytes(text.slice('ed25519:'.length));
      const publicKey = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
      if (await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, probe)) {
        return { identity: approver.identity, groups: approver.groups || [], keyId: hex(await crypto.subtle.digest('SHA-256', raw)) };
      }
    }
    return null;
  }

  async function ensureHolder() {
    if (signingKey && !holderChecked && openChange && openChange.approvers) {
      holder = await findHolder(openChange.approvers);
      holderChecked = true;
    }
    showKeyStatus();
    return holder;
  }

  function showKeyStatus() {
    const status = $('key-status');
    status.className = '';
    if (!signingKey) {
      status.textContent = 'No key loaded: you can read changes, but not decide.';
    } else if (!holderChecked) {
      status.textContent = 'Key loaded from ' + keyName + ' (kept in this page only). Open a change to see whose key it is.';
    } else if (holder) {
      status.textContent = 'Key loaded from ' + keyName + ': approver ' + holder.identity
        + (holder.groups.length ? ' (groups ' + holder.groups.join(', ') + ')' : '') + ', key id ' + holder.keyId.slice(0, 16) + '. It stays in this page.';
      status.className = 'ok';
    } else {
      status.textContent = 'Key loaded from ' + keyName + ', but it is not an approver in this gate\'s policy: its decisions would be refused (rule signature).';
      status.className = 'error';
    }
  }

  function updateDecisionControls() {
    const pending = openChange && openChange.state === 'pending_approval';
    $('approve').disabled = !pending;
    $('deny').disabled = !pending;
    $('cancel').disabled = !(openChange && CANCELLABLE.includes(openChange.state));
    ensureHolder().catch((e) => setResult('Could not use the key: ' + describe(e), 'error'));
  }

  // ---- signing: the statement and DSSE envelope mcpgate approvals approve signs ----

  // RFC 8785 canonical JSON for the statement's values (strings, null, arrays, objects).
  function canonical(value) {
    if (value === null) {
      return 'null';
    }
    if (typeof value === 'string') {
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) {
      return '[' + value.map(canonical).join(',') + ']';
    }
    if (typeof value === 'object') {
      return '{' + Object.keys(value).sort().map((k) => JSON.stringify(k) + ':' + canonical(value[k])).join(',') + '}';
    }
    throw new Error('unexpected value in the statement');
  }

  // The time as .NET's round-trip "O" format writes a UTC time, as the CLI signs it.
  function signedAtNow() {
    return new Date().toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');
  }

  function pae(payloadType, payload) {
    const encoder = new TextEncoder();
    const type = encoder.encode(payloadType);
    const header = encoder.encode('DSSEv1 ' + type.length + ' ');
    const middle = encoder.encode(' ' + payload.length + ' ');
    const result = new Uint8Array(header.length + type.length + middle.length + payload.length);
    let at = 0;
    for (const part of [header, type, middle, payload]) {
      result.set(part, at);
      at += part.length;
    }
    return result;
  }

  async function signDecision(change, decision, comment) {
    const digest = /^sha256:([0-9a-f]{64})$/.exec(change.proofDigest || '');
    if (!digest) {
      throw new Error('this change has no proof digest to sign');
    }
    const statement = {
      _type: STATEMENT_TYPE,
      subject: [{ name: 'mcpgate-proof:' + change.id, digest: { sha256: digest[1] } }],
      predicateType: APPROVAL_PREDICATE_TYPE,
      predicate: {
        changeId: change.id,
        decision: decision,
        approver: holder.identity,
        comment: comment,
        signedAt: signedAtNow(),
      },
    };
    const payload = new TextEncoder().encode(canonical(statement));
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, signingKey, pae(PAYLOAD_TYPE, payload)));
    return JSON.stringify({
      payload: bytesToBase64(payload),
      payloadType: PAYLOAD_TYPE,
      signatures: [{ keyid: holder.keyId, sig: bytesToBase64(signature) }],
    });
  }

  // The comment statement mcpgate approvals comment signs: its own predicate type, never a decision.
  async function signComment(change, text) {
    const digest = /^sha256:([0-9a-f]{64})$/.exec(change.proofDigest || '');
    if (!digest) {
      throw new Error('this change has no proof digest to sign');
    }
    const statement = {
      _type: STATEMENT_TYPE,
      subject: [{ name: 'mcpgate-proof:' + change.id, digest: { sha256: digest[1] } }],
      predicateType: COMMENT_PREDICATE_TYPE,
      predicate: {
        changeId: change.id,
        approver: holder.identity,
        text: text,
        createdAt: signedAtNow(),
      },
    };
    const payload = new TextEncoder().encode(canonical(statement));
    const signature = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, signingKey, pae(PAYLOAD_TYPE, payload)));
    return JSON.stringify({
      payload: bytesToBase64(payload),
      payloadType: PAYLOAD_TYPE,
      signatures: [{ keyid: holder.keyId, sig: bytesToBase64(signature) }],
    });
  }

  function setCommentResult(text, kind) {
    const result = $('comment-result');
    result.textContent = text;
    result.className = kind;
  }

  async function comment() {
    const change = openChange;
    const text = $('comment-text').value.trim();
    if (!change) {
      return;
    }
    if (text.length === 0) {
      setCommentResult('Write the comment first.', 'error');
      $('comment-text').focus();
      return;
    }
    if (!signingKey) {
      setCommentResult('Load your key file first: the comment is signed with it, here in the browser.', 'error');
      return;
    }
    if (!(await ensureHolder())) {
      setCommentResult('Refused here (rule signature): this key is not an approver in this gate\'s policy. Nothing was sent.', 'error');
      return;
    }
    $('comment').disabled = true;
    try {
      const envelope = await signComment(change, text);
      const outcome = await api('/api/v1/changes/' + encodeURIComponent(change.id) + '/comments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: envelope,
      });
      setCommentResult('Recorded ' + outcome.approver + '\'s comment on ' + outcome.changeId + ' (comment ' + outcome.comments + '); it decides nothing.', 'ok');
      $('comment-text').value = '';
    } catch (e) {
      setCommentResult(describe(e), 'error');
    } finally {
      $('comment').disabled = false;
      await openChangeById(change.id);
    }
  }

  function setResult(text, kind) {
    const result = $('decision-result');
    result.textContent = text;
    result.className = kind;
  }

  function describe(e) {
    return (e && e.rule ? 'refused (' + (e.status || '') + ', rule ' + e.rule + '): ' : '') + (e && e.message ? e.message : String(e));
  }

  async function decide(decision) {
    const change = openChange;
    const text = $('decision-text').value.trim();
    if (!change) {
      return;
    }
    if (decision === 'reject' && text.length === 0) {
      setResult('Give a reason to deny: the agent and the other approvers read it.', 'error');
      $('decision-text').focus();
      return;
    }
    if (decision === 'cancel' && text.length === 0) {
      setResult('Give a reason to cancel: the agent and the other approvers read it.', 'error');
      $('decision-text').focus();
      return;
    }
    if (!signingKey) {
      setResult('Load your key file first: the decision is signed with it, here in the browser.', 'error');
      return;
    }
    if (!change.proofVerified) {
      setResult('This change\'s proof does not verify; it cannot be approved, denied or cancelled here.', 'error');
      return;
    }
    if (!(await ensureHolder())) {
      setResult('Refused here (rule signature): this key is not an approver in this gate\'s policy, so the gate would refuse its decision. Nothing was sent.', 'error');
      return;
    }
    $('approve').disabled = true;
    $('deny').disabled = true;
    $('cancel').disabled = true;
    try {
      const envelope = await signDecision(change, decision, text.length > 0 ? text : null);
      const outcome = await api('/api/v1/changes/' + encodeURIComponent(change.id) + (decision === 'cancel' ? '/cancellations' : '/decisions'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: envelope,
      });
      if (decision === 'cancel') {
        setResult('Cancelled ' + outcome.changeId + ' as ' + outcome.approver + ': it will never execute, and nothing was changed. (state: ' + outcome.state + ')', 'ok');
        $('decision-text').value = '';
        return;
      }
      setResult('Recorded ' + outcome.approver + '\'s ' + (decision === 'reject' ? 'denial' : 'approval') + ' of ' + outcome.changeId
        + '. ' + (outcome.quorum ? outcome.quorum.text : '') + ' (state: ' + outcome.state + ')', 'ok');
      $('decision-text').value = '';
    } catch (e) {
      setResult(describe(e), 'error');
    } finally {
      await openChangeById(change.id);
    }
  }

  function start() {
    $('key-file').addEventListener('change', async (event) => {
      const input = event.target;
      const file = input.files && input.files[0];
      if (!file) {
        return;
      }
      const status = $('key-status');
      try {
        if (file.size > 64 * 1024) {
          throw new Error('a key file is a few hundred bytes; this one is ' + file.size);
        }
        const key = await importKeyFile(await file.text());
        signingKey = key;
        keyName = file.name;
        holder = null;
        holderChecked = false;
        $('key-forget').hidden = false;
        await ensureHolder();
      } catch (e) {
        status.textContent = 'Could not load ' + file.name + ': ' + describe(e);
        status.className = 'error';
      } finally {
        // Drop the file from the input, so the page holds only the non-extractable key.
        input.value = '';
      }
    });
    $('key-forget').addEventListener('click', () => {
      signingKey = null;
      holder = null;
      holderChecked = false;
      keyName = '';
      $('key-forget').hidden = true;
      showKeyStatus();
    });
    // Enter in the text field must not submit the form anywhere: the buttons decide.
    $('decision-form').addEventListener('submit', (event) => event.preventDefault());
    $('approve').addEventListener('click', () => decide('approve'));
    $('deny').addEventListener('click', () => decide('reject'));
    $('comment-form').addEventListener('submit', (event) => event.preventDefault());
    $('comment').addEventListener('click', () => comment());
    $('cancel').addEventListener('click', () => decide('cancel'));
    refreshList();
    listen();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
