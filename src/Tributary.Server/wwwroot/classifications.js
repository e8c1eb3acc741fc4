// Classifications (tags) as the server's GET /api/v1/classifications gives them, as of the page's moment: tags put
// on a dataset or field, tags that reached it along lineage (with their origin and path), and where propagation
// stopped (masking, a block). The graph and the panels show a propagated tag differently from a direct one, so a
// reader can tell "tagged here" from "inherited from upstream".
import { el } from './dom.js';
import { api, parseNodeId, nodeIdOf } from './api.js';
import { asOf } from './state.js';

let byNode = new Map();

/** Loads the classifications for the page's moment; on failure the page keeps the tags the nodes carry. */
export async function loadClassifications() {
  const report = await api(asOf('/api/v1/classifications'));
  const next = new Map();
  const entry = (node) => {
    let e = next.get(node);
    if (!e) next.set(node, e = { direct: [], propagated: [], stopped: [] });
    return e;
  };
  for (const c of report.classifications) {
    const item = { name: tagName(c.tag), origin: String(c.origin), path: (c.path || []).map(String), coarse: !!c.coarse };
    const e = entry(String(c.node));
    const list = c.propagated ? e.propagated : e.direct;
    if (!list.some((x) => x.name === item.name && x.origin === item.origin)) list.push(item);
  }
  for (const s of report.stops) {
    const e = entry(String(s.node));
    if (!e.stopped.some((x) => x.name === s.tag && x.reason === s.reason)) {
      e.stopped.push({ name: s.tag, reason: s.reason, origin: String(s.origin), blockedBy: s.blockedBy ? String(s.blockedBy) : null });
    }
  }
  byNode = next;
}

function tagName(tag) {
  return !tag.value || tag.value.toLowerCase() === 'true' ? tag.key : tag.key + '=' + tag.value;
}

/** Direct, propagated and stopped tags of a node id (dataset:… or datasetField:…); `fallback` names the direct ones when the report has none. */
export function classificationsOf(nodeId, fallback = []) {
  const e = byNode.get(nodeId);
  const direct = e && e.direct.length ? e.direct.map((d) => d.name) : fallback.map((t) => (typeof t === 'string' ? t : t.name || tagName(t)));
  const propagated = e ? e.propagated.filter((p) => !direct.includes(p.name)) : [];
  return { direct: [...new Set(direct)], propagated, stopped: e ? e.stopped : [] };
}

/** The short text a graph label carries: `#tag` for a direct tag, `⇢tag` for one propagated along lineage. */
export function tagLabel(nodeId, fallback = []) {
  const c = classificationsOf(nodeId, fallback);
  const names = [...new Set(c.propagated.map((p) => p.name))];
  return [...c.direct.map((t) => '#' + t), ...names.map((t) => '⇢' + t)].join(' ');
}

/** Whether a node carries a direct tag, only propagated ones, or none ('direct' | 'propagated' | ''). */
export function tagKind(nodeId, fallback = []) {
  const c = classificationsOf(nodeId, fallback);
  return c.direct.length ? 'direct' : c.propagated.length ? 'propagated' : '';
}

/** Tag chips: solid for a direct tag, outlined with its origin for a propagated one, struck through where propagation stopped. */
export function tagChips(nodeId, fallback = []) {
  const c = classificationsOf(nodeId, fallback);
  if (c.direct.length + c.propagated.length + c.stopped.length === 0) return null;
  return el('div', { class: 'tags' },
    ...c.direct.map((t) => el('span', { class: 'tag', title: 'tagged here', text: t })),
    ...c.propagated.map((p) => el('span', {
      class: 'tag propagated' + (p.coarse ? ' coarse' : ''),
      title: 'propagated from ' + p.origin + (p.path.length ? ' via ' + p.path.join(' → ') : '') + (p.coarse ? ' (coarse: through a job without column lineage)' : ''),
      text: p.name + ' ⇠ ' + shortName(p.origin, nodeId),
    })),
    ...c.stopped.map((s) => el('span', {
      class: 'tag stopped',
      title: s.name + ' from ' + s.origin + ' stops here: ' + s.reason + (s.blockedBy ? ' (' + s.blockedBy + ')' : ''),
      text: s.name + ' stopped: ' + s.reason,
    })));
}

// An origin's short name for a chip's text: a field by its name (with its table when that differs from the node's),
// a dataset by the last part of its name.
function shortName(origin, nodeId) {
  const id = parseNodeId(origin);
  if (!id) return origin;
  const table = id.parts[1].split('.').pop();
  if (id.kind !== 'datasetField') return table;
  const here = parseNodeId(nodeId);
  return here && here.parts[0] === id.parts[0] && here.parts[1] === id.parts[1] ? id.parts[2] : table + '.' + id.parts[2];
}

/** A dataset's tags with its fields', one name per tag ('pii (email, first_name)'): direct and propagated, for a table cell. */
export function datasetTags(namespace, name, tags, fields) {
  const direct = new Map();
  const propagated = new Map();
  const add = (c, field) => {
    for (const t of c.direct) (direct.get(t) || direct.set(t, []).get(t)).push(field);
    for (const p of c.propagated) if (!(propagated.get(p.name) || propagated.set(p.name, []).get(p.name)).includes(field)) propagated.get(p.name).push(field);
  };
  add(classificationsOf(nodeIdOf('dataset', [namespace, name]), (tags || []).map((t) => (typeof t === 'string' ? t : tagName(t)))), null);
  for (const f of fields || []) {
    // find's fields carry their node id; Marquez's their name.
    const id = f.node ? String(f.node) : nodeIdOf('datasetField', [namespace, name, f.name]);
    const field = f.name || (parseNodeId(id) || { parts: [] }).parts[2] || id;
    add(classificationsOf(id, (f.tags || []).map((t) => (typeof t === 'string' ? t : tagName(t)))), field);
  }
  const named = (map) => [...map].map(([tag, where]) => {
    const onFields = where.filter((w) => w !== null);
    return tag + (onFields.length ? ' (' + onFields.join(', ') + ')' : '');
  });
  return { direct: named(direct), propagated: named(propagated) };
}

/** Chips for {direct, propagated} tag names: solid for direct, outlined for propagated. */
export function tagNameChips({ direct, propagated }) {
  if (direct.length + propagated.length === 0) return null;
  return el('div', { class: 'tags' },
    ...direct.map((t) => el('span', { class: 'tag', title: 'tagged here', text: t })),
    ...propagated.map((t) => el('span', { class: 'tag propagated', title: 'propagated along lineage', text: t })));
}
