// Preloaded into the MCP conformance suite (node --import ./conformance-bearer.mjs ...): adds
// "Authorization: Bearer $MCPGATE_TOKEN" to every request the suite sends to $MCPGATE_URL's origin.
// The suite has no option for a header, and mcpgate's /mcp has no unauthenticated mode: this is
// the client side of the same bearer authentication every other client uses. Nothing else about
// the suite's requests changes (Host, Origin and bodies go out as the suite wrote them).
// It installs a global undici dispatcher, which both Node's fetch (the suite's SDK client) and
// undici's request (the suite's raw DNS-rebinding probe) use.
import { Agent, setGlobalDispatcher } from "undici";

const token = process.env.MCPGATE_TOKEN;
const target = process.env.MCPGATE_URL;
if (!token || !target) {
  console.error("conformance-bearer: set MCPGATE_TOKEN and MCPGATE_URL");
  process.exit(2);
}

const origin = new URL(target).origin;
const authorization = `Bearer ${token}`;

function withAuthorization(headers) {
  if (headers == null) {
    return { authorization };
  }
  if (Array.isArray(headers)) {
    // Either a flat [name, value, name, value, ...] list or a list of [name, value] pairs.
    return Array.isArray(headers[0])
      ? [...headers.filter(([name]) => String(name).toLowerCase() !== "authorization"), ["authorization", authorization]]
      : [...headers, "authorization", authorization];
  }
  if (typeof headers[Symbol.iterator] === "function") {
    return [...[...headers].filter(([name]) => String(name).toLowerCase() !== "authorization"), ["authorization", authorization]];
  }
  const copy = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== "authorization") copy[name] = value;
  }
  copy.authorization = authorization;
  return copy;
}

const agent = new Agent().compose((dispatch) => (options, handler) => {
  const to = options.origin ? new URL(String(options.origin)).origin : null;
  return dispatch(to === origin ? { ...options, headers: withAuthorization(options.headers) } : options, handler);
});
setGlobalDispatcher(agent);
