// The server's API as the page calls it: the API key when one is needed, a loading indicator while any request is
// in flight, problems turned into errors with the server's own message, and node ids written as the server does.
import { $ } from './dom.js';

let apiKey = sessionStorage.getItem('tributary.apiKey');
let inFlight = 0;

export function setApiKey(key) {
  apiKey = key;
  sessionStorage.setItem('tributary.apiKey', key);
}

function loading(delta) {
  inFlight += delta;
  const bar = $('loading');
  bar.classList.toggle('on', inFlight > 0);
  document.body.setAttribute('aria-busy', inFlight > 0 ? 'true' : 'false');
}

/** GETs a JSON answer; throws an Error carrying the problem's detail. */
export async function api(path) {
  const headers = { Accept: 'application/json' };
  if (apiKey) headers.Authorization = 'Bearer ' + apiKey;
  loading(1);
  try {
    const response = await fetch(path, { headers });
    if (response.status === 401) {
      $('auth').hidden = false;
      throw new Error('This server needs an API key.');
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && (body.detail || body.title)) || ('HTTP ' + response.status));
    return body;
  } finally {
    loading(-1);
  }
}
export const enc = encodeURIComponent;

// Node ids exactly as the server writes them (Tributary.Model.NodeId): the plain Marquez form when it reads back as
// the same node, else every part with ':' written %3A and '%' written %25 (an AWS Glue arn:aws:glue:... namespace, a
// name with ':'). Details are fetched by node id in the query, which reaches any name, '.' and '..' included.
function unescapePart(part) { return part.replace(/%25|%3[Aa]/g, (m) => (m === '%25' ? '%' : ':')); }
function escapePart(part) { return part.replace(/%/g, '%25').replace(/:/g, '%3A'); }
function namespaceEnd(text) {
  let fallback = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== ':') continue;
    if (text.startsWith('//', i + 1)) continue;
    let j = i + 1;
    while (j < text.length && text[j] >= '0' && text[j] <= '9') j++;
    if (j > i + 1 && j < text.length && (text[j] === ':' || text[j] === '/')) { if (fallback < 0) fallback = i; continue; }
    return i;
  }
  return fallback;
}
export function parseNodeId(text) {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  const count = kind === 'datasetField' ? 3 : 2;
  let parts;
  if (rest.split(':').length === count) {
    parts = rest.split(':').map(unescapePart);
  } else {
    let datasetPart = rest;
    let field = null;
    if (count === 3) {
      const last = rest.lastIndexOf(':');
      if (last <= 0) return null;
      field = unescapePart(rest.slice(last + 1));
      datasetPart = rest.slice(0, last);
    }
    const end = namespaceEnd(datasetPart);
    if (end <= 0) return null;
    parts = [unescapePart(datasetPart.slice(0, end)), unescapePart(datasetPart.slice(end + 1))];
    if (field !== null) parts.push(field);
  }
  return parts.every((p) => p.length > 0) ? { kind, parts } : null;
}
export function nodeIdOf(kind, parts) {
  const plain = kind + ':' + parts.join(':');
  const back = parseNodeId(plain);
  if (back && back.kind === kind && back.parts.every((p, i) => p === parts[i])) return plain;
  return kind + ':' + parts.map(escapePart).join(':');
}
