// Tributary web UI: the lineage graph (depth per direction, expand and collapse, fields inside datasets, minimap, the
// path between two nodes, as of a moment and the changes between two), impact and root-cause highlighting, and the
// wiring of the page. Details of the selected node are in panels.js, the browse views in browse.js.
import { $, el, fill, status, when, section, chips, table, hint } from './dom.js';
import { api, enc, nodeIdOf, parseNodeId, setApiKey } from './api.js';
import { state, asOf, writeHash, readHash } from './state.js';
import { attachMinimap } from './minimap.js';
import { layoutColumns } from './columns-layout.js';
import { showDetails } from './panels.js';
import { showView, loadIncidents, incidentNodes } from './browse.js';
import { loadClassifications, tagLabel, tagKind } from './classifications.js';
import { initTime } from './time.js';
import { startLive } from './live.js';
import { toggleTimeline } from './timeline.js';

cytoscape.use(cytoscapeDagre);

const MAX_NODES_PER_LOAD = 400;
const MAX_FIELDS_IN_NODE = 12;
const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

// ---- the graph ----
const cy = cytoscape({
  container: $('graph'),
  minZoom: 0.03,
  maxZoom: 3,
  textureOnViewport: true,
  hideEdgesOnViewport: true,
  boxSelectionEnabled: false,
  style: graphStyle(),
});
function graphStyle() {
  const edge = css('--edge') || '#98a2b3';
  return [
    { selector: 'node', style: {
      label: 'data(label)', 'font-size': 11, 'text-valign': 'center', 'text-halign': 'center', 'text-wrap': 'wrap',
      'text-max-width': 'data(w)', width: 'data(w)', height: 'data(h)', color: '#fff', 'border-width': 0, 'line-height': 1.35 } },
    { selector: 'node[kind = "DATASET"]', style: { shape: 'round-rectangle', 'background-color': '#2e6fdb', 'text-justification': 'left' } },
    { selector: 'node[kind = "JOB"]', style: { shape: 'round-rectangle', 'background-color': '#7a4cc2' } },
    { selector: 'node[kind = "DATASET_FIELD"]', style: { shape: 'round-rectangle', 'background-color': '#0f8b7d', height: 22, 'font-size': 10 } },
    { selector: 'node[kind = "GROUP"]', style: {
      shape: 'round-rectangle', 'background-color': css('--group') || '#eaf1fd', 'background-opacity': 1, 'border-width': 1, 'border-color': '#2e6fdb',
      color: css('--ink') || '#1d2430', 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -3, 'font-weight': 600, padding: 8, 'text-background-color': css('--bg') || '#f6f7f9', 'text-background-opacity': 0.9, 'text-background-padding': 2,
      'text-max-width': 400, 'text-wrap': 'wrap' } },
    { selector: 'node.focus', style: { 'border-width': 3, 'border-color': '#f59f00' } },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#fcc419', 'overlay-opacity': 0 } },
    { selector: 'node.previous', style: { 'border-width': 3, 'border-color': '#fab005', 'border-style': 'dashed' } },
    { selector: 'node.tagged', style: { 'border-width': 3, 'border-color': '#e599f7' } },
    { selector: 'node.inherited', style: { 'border-width': 3, 'border-color': '#e599f7', 'border-style': 'dashed' } },
    { selector: 'node.failed', style: { 'border-width': 3, 'border-color': '#c92a2a', 'border-style': 'dashed' } },
    { selector: 'node.incident', style: { 'outline-width': 4, 'outline-color': '#c92a2a', 'outline-offset': 2, 'outline-opacity': 0.85 } },
    { selector: 'node.deleted', style: { opacity: 0.45 } },
    { selector: 'node.impact', style: { 'background-color': '#e8590c' } },
    { selector: 'node.cause', style: { 'background-color': '#c92a2a' } },
    { selector: 'node.path', style: { 'background-color': '#f08c00' } },
    { selector: 'node.added', style: { 'background-color': '#2b8a3e' } },
    { selector: 'node.removed', style: { 'background-color': '#868e96', 'border-width': 3, 'border-color': '#c92a2a', 'border-style': 'dashed' } },
    { selector: 'node.changed', style: { 'border-width': 4, 'border-color': '#f08c00', 'border-style': 'double' } },
    { selector: 'node.updated', style: { 'border-width': 4, 'border-color': '#2b8a3e' } },
    { selector: 'edge', style: {
      width: 1.5, 'line-color': edge, 'target-arrow-color': edge, 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8 } },
    { selector: 'edge.impact', style: { 'line-color': '#e8590c', 'target-arrow-color': '#e8590c', width: 2.5 } },
    { selector: 'edge.cause', style: { 'line-color': '#c92a2a', 'target-arrow-color': '#c92a2a', width: 2.5 } },
    { selector: 'edge.path', style: { 'line-color': '#f08c00', 'target-arrow-color': '#f08c00', width: 3.5 } },
    { selector: 'edge.added', style: { 'line-color': '#2b8a3e', 'target-arrow-color': '#2b8a3e', width: 3 } },
    { selector: 'edge.removed', style: { 'line-color': '#c92a2a', 'target-arrow-color': '#c92a2a', 'line-style': 'dashed', width: 3 } },
  ];
}
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => cy.style(graphStyle()));
const minimap = attachMinimap(cy, $('minimap'));

// Names are wrapped at their own separators (a dot, an underscore, a slash) so a long name shows whole on a few
// lines instead of being cut; the node is sized to the lines it holds.
const CHAR_WIDTH = 6.4;
const LINE_HEIGHT = 15;
function wrapName(name, width = 30) {
  const lines = [];
  let rest = String(name);
  while (rest.length > width) {
    let cut = -1;
    for (let i = width; i > width / 3; i--) if ('._/-:'.includes(rest[i - 1])) { cut = i; break; }
    if (cut < 0) cut = width;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  lines.push(rest);
  return lines;
}
function nodeLook(node) {
  const d = node.data || {};
  // Tags: '#tag' where it was put, '⇢tag' where it came along lineage (the classifications of the page's moment).
  if (node.type === 'DATASET_FIELD') {
    const tags = tagLabel(node.id, d.tags || []);
    const text = (d.field || node.id) + (d.fieldType ? '  ' + d.fieldType : '') + (tags ? '  ' + tags : '');
    return { label: text, w: Math.max(120, text.length * CHAR_WIDTH * 0.92 + 18), h: 22 };
  }
  const lines = wrapName(d.name || node.id);
  const tags = node.type === 'DATASET' ? tagLabel(node.id, d.tags || []) : (d.tags || []).map((t) => '#' + (typeof t === 'string' ? t : t.name)).join(' ');
  if (tags) lines.push(tags);
  if (node.type === 'DATASET' && (d.fields || []).length) {
    const fields = d.fields;
    lines.push('─'.repeat(12));
    for (const f of fields.slice(0, MAX_FIELDS_IN_NODE)) {
      const fieldTags = tagLabel(nodeIdOf('datasetField', [d.namespace, d.name, f.name]), f.tags || []);
      lines.push(f.name + (f.type ? ' : ' + f.type : '') + (fieldTags ? '  ' + fieldTags : ''));
    }
    if (fields.length > MAX_FIELDS_IN_NODE) lines.push('+ ' + (fields.length - MAX_FIELDS_IN_NODE) + ' more');
  }
  const longest = Math.max(...lines.map((l) => l.length));
  return { label: lines.join('\n'), w: Math.max(150, Math.min(longest, 44) * CHAR_WIDTH + 22), h: Math.max(34, lines.length * LINE_HEIGHT + 14) };
}

// In column mode a dataset is drawn as a box holding its fields, so dataset ids map to that box.
function groupFor(ns, name) {
  const dataset = nodeIdOf('dataset', [ns, name]);
  const id = 'group:' + dataset.slice('dataset:'.length);
  if (cy.getElementById(id).empty()) {
    cy.add({ group: 'nodes', data: { id, kind: 'GROUP', label: wrapName(name, 44).join('\n'), w: 400, h: 30, ns, name, dataset, title: ns + ' · ' + name } });
  }
  return id;
}
function drawnId(nodeId) {
  if (state.mode === 'columns' && nodeId.startsWith('dataset:')) {
    const group = 'group:' + nodeId.slice('dataset:'.length);
    if (cy.getElementById(group).nonempty()) return group;
  }
  return nodeId;
}
function datasetOf(nodeId) {
  const element = cy.getElementById(nodeId);
  return element.nonempty() && element.data('kind') === 'GROUP' ? element.data('dataset') : nodeId;
}

// Merges a Marquez-shaped graph ({graph:[{id,type,data,inEdges,outEdges}]}) into the drawing; returns what it added.
function merge(graph) {
  const nodes = graph.graph || [];
  const added = [];
  let skipped = 0;
  cy.batch(() => {
    for (const node of nodes) {
      if (cy.getElementById(drawnId(node.id)).nonempty()) continue;
      if (added.length >= MAX_NODES_PER_LOAD) { skipped++; continue; }
      if (node.type === 'DATASET' && state.mode === 'columns' && node.data) {
        groupFor(node.data.namespace, node.data.name);
        continue;
      }
      const look = nodeLook(node);
      const data = { id: node.id, kind: node.type, info: node.data, ...look, title: titleOf(node) };
      if (node.type === 'DATASET_FIELD' && node.data) data.parent = groupFor(node.data.namespace, node.data.dataset);
      const element = cy.add({ group: 'nodes', data });
      const run = node.data && node.data.latestRun;
      if (run && (run.state === 'FAILED' || run.state === 'ABORTED')) element.addClass('failed');
      if (node.data && node.data.deleted) element.addClass('deleted');
      added.push(element);
    }
    for (const node of nodes) {
      for (const edge of node.outEdges || []) {
        const source = drawnId(edge.origin);
        const target = drawnId(edge.destination);
        const id = source + '->' + target;
        if (source === target || cy.getElementById(id).nonempty()) continue;
        if (cy.getElementById(source).empty() || cy.getElementById(target).empty()) continue;
        cy.add({ group: 'edges', data: { id, source, target } });
      }
    }
  });
  markIncidents();
  markClassifications(cy.collection(added));
  if (skipped > 0) status('Showing ' + MAX_NODES_PER_LOAD + ' new nodes; ' + skipped + ' more were left out. Expand from a node to see them.');
  $('empty').hidden = cy.nodes().nonempty();
  return added;
}
function titleOf(node) {
  const d = node.data || {};
  if (node.type === 'DATASET_FIELD') return d.namespace + ' · ' + d.dataset + ' · ' + d.field + (d.fieldType ? ' (' + d.fieldType + ')' : '');
  return (d.namespace ? d.namespace + ' · ' : '') + (d.name || node.id);
}
function markIncidents() {
  const affected = incidentNodes();
  cy.nodes().forEach((n) => n.toggleClass('incident', affected.has(datasetOf(n.id()))));
}
// Relabels drawn datasets and fields with the classifications just loaded and rings them: solid where a tag was
// put (on the dataset or one of its fields), dashed where tags only came along lineage.
function markClassifications(nodes = cy.nodes()) {
  cy.batch(() => nodes.forEach((n) => {
    const kind = n.data('kind');
    if (kind !== 'DATASET' && kind !== 'DATASET_FIELD') return;
    const info = n.data('info') || {};
    const look = nodeLook({ id: n.id(), type: kind, data: info });
    n.data({ label: look.label, w: look.w, h: look.h });
    const kinds = [tagKind(n.id(), info.tags || [])];
    if (kind === 'DATASET') for (const f of info.fields || []) kinds.push(tagKind(nodeIdOf('datasetField', [info.namespace, info.name, f.name]), f.tags || []));
    n.toggleClass('tagged', kinds.includes('direct'));
    n.toggleClass('inherited', !kinds.includes('direct') && kinds.includes('propagated'));
  }));
}
/** Loads the classifications as of the page's moment and marks the drawn nodes with them. */
async function refreshClassifications() {
  try {
    await loadClassifications();
  } catch (error) {
    status(error.message);
  }
  markClassifications();
}

function layout() {
  if (state.mode === 'columns') {
    layoutColumns(cy);
  } else {
    const options = cy.nodes().length > 1500
      ? { name: 'breadthfirst', directed: true, spacingFactor: 0.9, animate: false }
      : { name: 'dagre', rankDir: 'LR', nodeSep: 16, rankSep: 70, edgeSep: 8, animate: false };
    cy.layout(options).run();
  }
  fit();
}
function fit() {
  cy.fit(undefined, 30);
  if (cy.zoom() > 1.1) { cy.zoom(1.1); cy.center(); }
}
function zoomBy(factor) {
  cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}

function graphUrl(nodeId, up, down) {
  if (state.mode === 'columns' && !nodeId.startsWith('job:')) {
    return asOf('/api/v1/export?format=marquez&columns=true&nodeId=' + enc(nodeId) + '&upstreamDepth=' + up + '&downstreamDepth=' + down);
  }
  return asOf('/api/v1/lineage?nodeId=' + enc(nodeId) + '&upstreamDepth=' + up + '&downstreamDepth=' + down);
}

// How far each node has been expanded in each direction: "Upstream" asks for one level more than last time, so it
// keeps going past nodes that are already drawn instead of re-reading the first level.
const reach = new Map();
function reachOf(id) {
  if (!reach.has(id)) reach.set(id, { up: 0, down: 0, size: { up: -1, down: -1 } });
  return reach.get(id);
}

let openSeq = 0;
async function open(nodeId, { keepSelection = false } = {}) {
  const ticket = ++openSeq;
  if (nodeId.startsWith('datasetField:') && state.mode !== 'columns') setMode('columns', false);
  state.focus = nodeId;
  state.view = 'graph';
  showView('graph');
  writeHash();
  try {
    const graph = await api(graphUrl(nodeId, state.up, state.down));
    if (ticket !== openSeq) return;
    cy.elements().remove();
    reach.clear();
    Object.assign(reachOf(nodeId), { up: state.up, down: state.down });
    merge(graph);
    if (state.changesFrom) await colourChanges(nodeId, ticket);
    const target = cy.getElementById(drawnId(nodeId));
    target.addClass('focus');
    layout();
    if (!keepSelection || !state.selected || cy.getElementById(state.selected).empty()) {
      select(target.nonempty() ? target.id() : nodeId);
      if (target.nonempty()) { cy.nodes().unselect(); target.select(); }
    } else {
      select(state.selected);
    }
  } catch (error) {
    cy.elements().remove();
    $('empty').hidden = false;
    status(error.message);
  }
}

async function expand(nodeId, direction) {
  const id = datasetOf(nodeId);
  const r = reachOf(id);
  try {
    // Ask for one more level each time; a level with nothing new (it was drawn from another node) asks again,
    // until the answer stops growing, which means the graph ends there.
    for (let attempt = 0; attempt < 20; attempt++) {
      r[direction] += 1;
      const graph = await api(graphUrl(id, direction === 'up' ? r.up : 0, direction === 'down' ? r.down : 0));
      const size = (graph.graph || []).length;
      const added = merge(graph);
      if (added.length > 0) {
        layout();
        status(added.length + ' nodes added ' + (direction === 'up' ? 'upstream' : 'downstream') + ' (depth ' + r[direction] + ').');
        return;
      }
      if (size <= r.size[direction]) break;
      r.size[direction] = size;
    }
    r[direction] = Math.max(r[direction] - 1, 0);
    status('Nothing more ' + (direction === 'up' ? 'upstream' : 'downstream') + '.');
  } catch (error) {
    status(error.message);
  }
}

// Collapsing a node removes what is drawn only because of it: everything that can no longer be reached from the
// node the graph was opened on without passing through it (on the opened node itself, everything but it).
function collapse(nodeId) {
  const node = cy.getElementById(nodeId);
  if (node.empty()) return;
  const top = (n) => (n.isChild() ? n.parent() : n);
  const anchor = top(node);
  const focus = cy.getElementById(drawnId(state.focus || ''));
  const keep = new Set([anchor.id()]);
  if (focus.nonempty() && top(focus).id() !== anchor.id()) {
    const queue = [top(focus)];
    keep.add(top(focus).id());
    while (queue.length) {
      const current = queue.pop();
      const around = current.union(current.children()).neighborhood('node');
      around.forEach((n) => {
        const t = top(n);
        if (!keep.has(t.id())) { keep.add(t.id()); queue.push(t); }
      });
    }
  }
  const drop = cy.nodes().filter((n) => !n.isChild() && !keep.has(n.id()));
  if (drop.empty()) { status('Nothing to collapse.'); return; }
  const count = drop.length;
  cy.remove(drop.union(drop.children()));
  reach.set(datasetOf(anchor.id()), { up: 0, down: 0, size: { up: -1, down: -1 } });
  layout();
  status(count + ' nodes collapsed.');
}

function setMode(mode, reopen = true) {
  state.mode = mode;
  $('mode-table').classList.toggle('active', mode === 'table');
  $('mode-columns').classList.toggle('active', mode === 'columns');
  $('mode-table').setAttribute('aria-pressed', String(mode === 'table'));
  $('mode-columns').setAttribute('aria-pressed', String(mode === 'columns'));
  if (!reopen || !state.focus) return;
  let focus = state.focus;
  const field = focus.startsWith('datasetField:') ? parseNodeId(focus) : null;
  if (mode === 'table' && field) focus = nodeIdOf('dataset', field.parts.slice(0, 2));
  open(focus);
}

// ---- selection ----
function select(nodeId) {
  if (state.selected && state.selected !== nodeId) {
    cy.nodes('.previous').removeClass('previous');
    state.previous = state.selected;
    cy.getElementById(state.previous).addClass('previous');
  }
  state.selected = nodeId;
  cy.getElementById(nodeId).removeClass('previous');
  const element = cy.getElementById(nodeId);
  const kind = element.nonempty() ? element.data('kind') : null;
  for (const id of ['expand-up', 'expand-down', 'collapse', 'impact']) $(id).disabled = !nodeId;
  $('root-cause').disabled = !(kind === 'DATASET' || kind === 'GROUP' || kind === 'DATASET_FIELD');
  $('path').disabled = !(state.previous && cy.getElementById(state.previous).nonempty() && state.previous !== nodeId);
  showDetails(element, { openNode: open });
}

// ---- impact, root cause and path ----
function idsOfImpact(report) {
  const ids = new Set();
  for (const level of report.levels) {
    for (const d of level.datasets) ids.add('dataset:' + d);
    for (const j of level.jobs) ids.add('job:' + j);
    for (const f of level.fields) ids.add('datasetField:' + f);
  }
  return ids;
}
function highlight(ids, cls) {
  cy.elements().removeClass('impact cause path');
  const nodes = cy.nodes().filter((n) => ids.has(n.id()) || (n.data('kind') === 'GROUP' && ids.has(n.data('dataset'))));
  nodes.addClass(cls);
  nodes.connectedEdges().filter((e) => nodes.contains(e.source()) && nodes.contains(e.target())).addClass(cls);
  return nodes.length;
}

async function impact() {
  const nodeId = datasetOf(state.selected);
  try {
    const report = await api(asOf('/api/v1/impact?nodeId=' + enc(nodeId)));
    const ids = idsOfImpact(report);
    if (ids.size <= MAX_NODES_PER_LOAD) {
      merge(await api(graphUrl(nodeId, 0, 20)));
      layout();
    }
    const shown = highlight(ids, 'impact');
    fill($('panel'), el('div', { class: 'kind', text: 'IMPACT' }), el('h2', { id: 'panel-title', text: nodeId }),
      el('p', { text: ids.size + ' affected downstream (' + shown + ' shown)' + (report.partial ? ', partial' : '') }),
      ...section('By depth', table(['depth', 'datasets', 'jobs', 'fields'], report.levels.map((l) => [l.depth, l.datasets.length, l.jobs.length, l.fields.length]))),
      ...section('Owners to notify', chips(report.owners.map((o) => o.name))));
  } catch (error) {
    status(error.message);
  }
}

async function rootCause() {
  const nodeId = datasetOf(state.selected);
  try {
    const report = await api(asOf('/api/v1/root-cause?nodeId=' + enc(nodeId)));
    if (report.upstream.length <= MAX_NODES_PER_LOAD) {
      merge(await api(graphUrl(nodeId.startsWith('datasetField:') ? nodeId : report.dataset, 20, 0)));
      layout();
    }
    highlight(new Set(report.candidates.map((c) => c.node)), 'cause');
    fill($('panel'), el('div', { class: 'kind', text: 'ROOT CAUSE' }), el('h2', { id: 'panel-title', text: report.dataset }),
      el('p', { text: report.candidates.length + ' suspects among ' + report.upstream.length + ' upstream nodes' }),
      ...section('Suspects', report.candidates.length === 0 ? hint('no evidence upstream')
        : table(['node', 'score', 'evidence'], report.candidates.map((c) => [c.node, c.score.toFixed(1), c.evidence.map((e) => e.description).join('; ')]))));
  } catch (error) {
    status(error.message);
  }
}

// The path between the two most recently selected nodes, whichever way the data flows.
async function path() {
  const a = datasetOf(state.previous);
  const b = datasetOf(state.selected);
  try {
    let trace = await api(asOf('/api/v1/path?maxPaths=20&from=' + enc(a) + '&to=' + enc(b)));
    if (trace.paths.length === 0) trace = await api(asOf('/api/v1/path?maxPaths=20&from=' + enc(b) + '&to=' + enc(a)));
    const ids = new Set(trace.paths.flatMap((p) => p.nodes));
    const shown = highlight(ids, 'path');
    fill($('panel'), el('div', { class: 'kind', text: 'PATH' }), el('h2', { id: 'panel-title', text: trace.from + ' → ' + trace.to }),
      trace.paths.length === 0 ? el('p', { text: 'No data flows between these two nodes.' })
        : el('p', { text: trace.paths.length + ' path' + (trace.paths.length === 1 ? '' : 's') + ', shortest ' + trace.paths[0].length + ' steps (' + shown + ' nodes highlighted)' }),
      ...trace.paths.slice(0, 10).map((p, i) => el('details', i === 0 ? { open: '' } : {}, el('summary', { text: 'Path ' + (i + 1) + ' · ' + p.length + ' steps' }),
        el('ol', { class: 'path-steps' }, ...p.nodes.map((n) => el('li', { text: n }))))));
  } catch (error) {
    status(error.message);
  }
}

// ---- changes between two moments ----
async function colourChanges(nodeId, ticket) {
  const to = state.asOf || new Date().toISOString();
  const diff = await api('/api/v1/lineage/diff?from=' + enc(state.changesFrom) + '&to=' + enc(to) + '&nodeId=' + enc(datasetOf(nodeId)));
  if (ticket !== openSeq) return;
  // What was removed is drawn from the earlier moment, so it can be seen where it was.
  const saved = state.asOf;
  state.asOf = state.changesFrom;
  try { merge(await api(graphUrl(nodeId, state.up, state.down))); } catch { /* the node did not exist then */ } finally { state.asOf = saved; }
  const added = new Set([...diff.datasetsAdded.map((d) => 'dataset:' + d), ...diff.jobsAdded.map((j) => 'job:' + j), ...diff.fieldsAdded.map((f) => 'datasetField:' + f)]);
  const removed = new Set([...diff.datasetsRemoved.map((d) => 'dataset:' + d), ...diff.jobsRemoved.map((j) => 'job:' + j), ...diff.fieldsRemoved.map((f) => 'datasetField:' + f)]);
  cy.nodes().forEach((n) => {
    const id = datasetOf(n.id());
    n.toggleClass('added', added.has(id));
    n.toggleClass('removed', removed.has(id));
  });
  const mark = (edges, cls) => {
    for (const e of edges) {
      const source = drawnId(e.from);
      const target = drawnId(e.to);
      let edge = cy.getElementById(source + '->' + target);
      if (edge.empty() && cy.getElementById(source).nonempty() && cy.getElementById(target).nonempty()) {
        edge = cy.add({ group: 'edges', data: { id: source + '->' + target, source, target } });
      }
      edge.addClass(cls);
    }
  };
  mark(diff.edgesAdded, 'added');
  mark(diff.edgesRemoved, 'removed');
  // Nodes that exist at both moments but changed: a job's SQL, a dataset's schema, owners or tags.
  const changed = new Set([...diff.sqlChanges.map((c) => 'job:' + c.job), ...diff.schemaChanges.map((c) => 'dataset:' + c.dataset),
    ...diff.ownerChanges.map((c) => String(c.node)), ...diff.tagChanges.map((c) => String(c.node))]);
  cy.nodes().forEach((n) => n.toggleClass('changed', changed.has(datasetOf(n.id()))));
  state.diff = diff;
  $('changes-summary').textContent = 'Changes ' + when(diff.from) + ' → ' + when(diff.to) + ': ' +
    (added.size + diff.edgesAdded.length) + ' added, ' + (removed.size + diff.edgesRemoved.length) + ' removed' +
    (diff.sqlChanges.length ? ', SQL changed in ' + diff.sqlChanges.map((s) => s.job).join(', ') : '');
  $('changes-summary').hidden = false;
}

// ---- keyboard ----
// Arrow keys walk the drawn graph: right to what the selected node feeds, left to what feeds it, up and down to the
// node above or below in the same column. Enter opens the graph on it, +/- zoom, 0 fits, u/d expand, c collapses.
function neighbour(node, key) {
  if (key === 'ArrowRight' || key === 'ArrowLeft') {
    const next = key === 'ArrowRight' ? node.outgoers('node') : node.incomers('node');
    const choices = next.nonempty() ? next : (key === 'ArrowRight' ? node.children().outgoers('node') : node.children().incomers('node'));
    return choices.sort((a, b) => Math.abs(a.position('y') - node.position('y')) - Math.abs(b.position('y') - node.position('y')))[0];
  }
  const x = node.position('x');
  const y = node.position('y');
  const down = key === 'ArrowDown';
  let best = null;
  let bestScore = Infinity;
  cy.nodes(':visible').forEach((n) => {
    if (n.same(node) || n.isParent()) return;
    const dy = n.position('y') - y;
    if (down ? dy <= 0 : dy >= 0) return;
    const score = Math.abs(dy) + Math.abs(n.position('x') - x) * 3;
    if (score < bestScore) { best = n; bestScore = score; }
  });
  return best;
}
$('graph').addEventListener('keydown', (e) => {
  const current = state.selected ? cy.getElementById(state.selected) : cy.collection();
  if (e.key.startsWith('Arrow')) {
    e.preventDefault();
    const start = current.nonempty() ? current : cy.getElementById(drawnId(state.focus || ''));
    if (start.empty()) return;
    const next = current.nonempty() ? neighbour(start, e.key) : start;
    if (!next) return;
    cy.nodes().unselect();
    next.select();
    select(next.id());
    if (!next.renderedBoundingBox().x1 || next.renderedPosition('x') < 0 || next.renderedPosition('x') > cy.width() || next.renderedPosition('y') < 0 || next.renderedPosition('y') > cy.height()) cy.center(next);
  } else if (e.key === 'Enter' && current.nonempty()) {
    e.preventDefault();
    open(current.data('kind') === 'GROUP' ? current.data('dataset') : current.id());
  } else if (e.key === '+' || e.key === '=') zoomBy(1.25);
  else if (e.key === '-') zoomBy(0.8);
  else if (e.key === '0') fit();
  else if (e.key === 'u' && current.nonempty()) expand(current.id(), 'up');
  else if (e.key === 'd' && current.nonempty()) expand(current.id(), 'down');
  else if (e.key === 'c' && current.nonempty()) collapse(current.id());
});

// ---- search ----
let searchTimer;
let searchSeq = 0;
async function search(text) {
  const list = $('results');
  const seq = ++searchSeq;
  if (text.trim().length === 0) { list.hidden = true; $('search').setAttribute('aria-expanded', 'false'); return; }
  try {
    const found = await api('/api/v1/search?fields=true&limit=25&q=' + enc(text.trim()));
    if (seq !== searchSeq) return;
    // A result chosen with the arrow keys stays chosen when a later keystroke's answer redraws the list.
    const chosen = list.querySelector('li.active[data-node]')?.getAttribute('data-node');
    fill(list, found.results.length === 0 ? el('li', { class: 'hint', text: 'Nothing matches.' }) : null,
      ...found.results.map((result, i) => el('li', { role: 'option', id: 'result-' + i, 'data-node': result.nodeId, 'aria-selected': 'false', onclick: () => pick(result.nodeId) },
        el('span', { class: 'type ' + result.type, text: result.type }), el('span', { class: 'name', text: result.name }), el('span', { class: 'ns', text: result.namespace }))));
    const kept = [...list.querySelectorAll('li[data-node]')].find((li) => li.getAttribute('data-node') === chosen);
    if (kept) markActive(kept);
    else $('search').removeAttribute('aria-activedescendant');
    list.hidden = false;
    $('search').setAttribute('aria-expanded', 'true');
  } catch (error) {
    status(error.message);
  }
}
function pick(nodeId) {
  $('results').hidden = true;
  $('search').setAttribute('aria-expanded', 'false');
  open(nodeId);
  $('graph').focus();
}
function moveActive(step) {
  const items = [...$('results').querySelectorAll('li[data-node]')];
  if (items.length === 0) return;
  const at = items.findIndex((li) => li.classList.contains('active'));
  items.forEach((li) => { li.classList.remove('active'); li.setAttribute('aria-selected', 'false'); });
  markActive(items[(at + step + items.length) % items.length]);
}
function markActive(li) {
  li.classList.add('active');
  li.setAttribute('aria-selected', 'true');
  li.scrollIntoView({ block: 'nearest' });
  $('search').setAttribute('aria-activedescendant', li.id);
}

// ---- hover: the full name of any node ----
cy.on('mouseover', 'node', (e) => {
  const tip = $('tip');
  tip.textContent = e.target.data('title') || e.target.id();
  const p = e.target.renderedPosition();
  tip.style.left = Math.max(4, p.x - 20) + 'px';
  tip.style.top = Math.max(4, p.y - e.target.renderedHeight() / 2 - 30) + 'px';
  tip.hidden = false;
});
cy.on('mouseout viewport', () => { $('tip').hidden = true; });

// ---- wiring ----
cy.on('tap', 'node', (e) => select(e.target.id()));
cy.on('dbltap', 'node', (e) => { expand(e.target.id(), 'up').then(() => expand(e.target.id(), 'down')); });
$('search').addEventListener('input', (e) => { clearTimeout(searchTimer); searchTimer = setTimeout(() => search(e.target.value), 180); });
$('search').addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') { e.preventDefault(); moveActive(e.key === 'ArrowDown' ? 1 : -1); }
  if (e.key === 'Enter') {
    const chosen = $('results').querySelector('li.active[data-node]') || $('results').querySelector('li[data-node]');
    if (chosen) pick(chosen.getAttribute('data-node'));
  }
  if (e.key === 'Escape') $('results').hidden = true;
});
document.addEventListener('click', (e) => { if (!e.target.closest('.search')) $('results').hidden = true; });
$('mode-table').addEventListener('click', () => setMode('table'));
$('mode-columns').addEventListener('click', () => setMode('columns'));
for (const [id, key] of [['depth-up', 'up'], ['depth-down', 'down']]) {
  $(id).addEventListener('change', () => {
    state[key] = Math.min(Math.max(parseInt($(id).value, 10) || 0, 0), 20);
    $(id).value = String(state[key]);
    if (state.focus) open(state.focus);
  });
}
$('expand-up').addEventListener('click', () => state.selected && expand(state.selected, 'up'));
$('expand-down').addEventListener('click', () => state.selected && expand(state.selected, 'down'));
$('collapse').addEventListener('click', () => state.selected && collapse(state.selected));
$('impact').addEventListener('click', () => state.selected && impact());
$('root-cause').addEventListener('click', () => state.selected && rootCause());
$('path').addEventListener('click', () => state.selected && state.previous && path());
$('clear').addEventListener('click', () => cy.elements().removeClass('impact cause path'));
$('fit').addEventListener('click', fit);
$('timeline-toggle').addEventListener('click', toggleTimeline);
$('zoom-in').addEventListener('click', () => zoomBy(1.25));
$('zoom-out').addEventListener('click', () => zoomBy(0.8));
$('api-key-save').addEventListener('click', () => {
  setApiKey($('api-key').value);
  $('auth').hidden = true;
  start();
});
for (const button of document.querySelectorAll('nav [data-view]')) {
  button.addEventListener('click', () => {
    state.view = button.getAttribute('data-view');
    writeHash();
    showView(state.view, { openNode: open });
  });
}

/** Redraws what is shown after the moment (asOf) or the changes window changed. */
async function redraw() {
  await refreshClassifications();
  $('changes-summary').hidden = true;
  state.diff = null;
  writeHash();
  if (state.view === 'graph' && state.focus) open(state.focus, { keepSelection: true });
  else showView(state.view, { openNode: open });
}

const live = { merge, layout, graphUrl, select, get cy() { return cy; } };
window.tributary = { cy, state, open, expand, collapse, select, setMode, path, minimap };

// What the address says is shown: the depths and level, then the node's graph or the named view.
function applyHash() {
  const { node } = readHash();
  $('depth-up').value = String(state.up);
  $('depth-down').value = String(state.down);
  setMode(state.mode, false);
  if (node) open(node);
  else showView(state.view, { openNode: open });
}

async function start() {
  readHash();
  await Promise.all([loadIncidents().then(markIncidents), refreshClassifications(), initTime({ redraw })]);
  applyHash();
  startLive(live);
}
// Following a link (#node=...) or editing the address; the page's own writes replace the state without this event.
window.addEventListener('hashchange', applyHash);
start();
