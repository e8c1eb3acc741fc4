// Tributary web UI: search, a lineage graph opened one level at a time, details of the selected node, impact and
// root-cause highlighting, a run timeline and live updates. Every name from the server is data: it reaches the page
// only through textContent or cytoscape's canvas labels, never through innerHTML.
(function () {
  'use strict';

  cytoscape.use(cytoscapeDagre);

  const MAX_NODES_PER_LOAD = 400;
  const $ = (id) => document.getElementById(id);
  const state = { mode: 'table', focus: null, selected: null, apiKey: sessionStorage.getItem('tributary.apiKey'), liveCount: 0 };

  // ---- small DOM helpers (text only) ----
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fill(node, ...children) {
    clear(node);
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
  }
  let statusTimer;
  function status(text) {
    const box = $('status');
    box.textContent = text;
    box.classList.add('show');
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => box.classList.remove('show'), 3500);
  }
  function when(iso) { return iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—'; }
  function duration(ms) {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return ms + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    if (ms < 3600000) return (ms / 60000).toFixed(1) + ' min';
    return (ms / 3600000).toFixed(1) + ' h';
  }

  // ---- API ----
  async function api(path) {
    const headers = { Accept: 'application/json' };
    if (state.apiKey) headers.Authorization = 'Bearer ' + state.apiKey;
    const response = await fetch(path, { headers });
    if (response.status === 401) {
      $('auth').hidden = false;
      throw new Error('This server needs an API key.');
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && (body.detail || body.title)) || ('HTTP ' + response.status));
    return body;
  }
  const enc = encodeURIComponent;

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
  function parseNodeId(text) {
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
  function nodeIdOf(kind, parts) {
    const plain = kind + ':' + parts.join(':');
    const back = parseNodeId(plain);
    if (back && back.kind === kind && back.parts.every((p, i) => p === parts[i])) return plain;
    return kind + ':' + parts.map(escapePart).join(':');
  }
  function datasetUrl(ns, name, what = '') { return '/api/v1/dataset' + what + '?nodeId=' + enc(nodeIdOf('dataset', [ns, name])); }
  function jobUrl(ns, name, what = '') { return '/api/v1/job' + what + '?nodeId=' + enc(nodeIdOf('job', [ns, name])); }

  // ---- graph ----
  const cy = cytoscape({
    container: $('graph'),
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 3,
    textureOnViewport: true,
    hideEdgesOnViewport: true,
    style: [
      { selector: 'node', style: {
        label: 'data(label)', 'font-size': 11, 'text-valign': 'center', 'text-halign': 'center', 'text-wrap': 'ellipsis',
        'text-max-width': 150, width: 168, height: 34, color: '#fff', 'border-width': 0 } },
      { selector: 'node[kind = "DATASET"]', style: { shape: 'round-rectangle', 'background-color': '#2e6fdb' } },
      { selector: 'node[kind = "JOB"]', style: { shape: 'ellipse', 'background-color': '#7a4cc2', width: 150 } },
      { selector: 'node[kind = "DATASET_FIELD"]', style: { shape: 'round-rectangle', 'background-color': '#0f8b7d', height: 24, width: 150, 'font-size': 10 } },
      { selector: 'node[kind = "GROUP"]', style: {
        shape: 'round-rectangle', 'background-color': '#e8efff', 'background-opacity': 0.9, 'border-width': 1, 'border-color': '#2e6fdb',
        color: '#1d2430', 'text-valign': 'top', 'text-halign': 'center', 'font-weight': 600, padding: 8 } },
      { selector: 'node.failed', style: { 'border-width': 3, 'border-style': 'dashed', 'border-color': '#c92a2a' } },
      { selector: 'node.deleted', style: { opacity: 0.5 } },
      { selector: 'node.focus', style: { 'border-width': 3, 'border-color': '#111827' } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#f59f00' } },
      { selector: 'node.impact', style: { 'background-color': '#e8590c' } },
      { selector: 'node.cause', style: { 'background-color': '#c92a2a' } },
      { selector: 'node.updated', style: { 'border-width': 4, 'border-color': '#2b8a3e' } },
      { selector: 'edge', style: {
        width: 1.5, 'line-color': '#98a2b3', 'target-arrow-color': '#98a2b3', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.9 } },
      { selector: 'edge.masking', style: { 'line-style': 'dashed' } },
      { selector: 'edge.impact', style: { 'line-color': '#e8590c', 'target-arrow-color': '#e8590c', width: 2.5 } },
      { selector: 'edge.cause', style: { 'line-color': '#c92a2a', 'target-arrow-color': '#c92a2a', width: 2.5 } },
    ],
  });

  function labelOf(node) {
    const d = node.data || {};
    if (node.type === 'DATASET_FIELD') return d.field || node.id;
    if (d.name) return d.name;
    return node.id;
  }

  // In column mode a dataset is drawn as a box holding its fields, so dataset ids map to that box.
  function groupFor(ns, name) {
    const dataset = nodeIdOf('dataset', [ns, name]);
    const id = 'group:' + dataset.slice('dataset:'.length);
    if (cy.getElementById(id).empty()) {
      cy.add({ group: 'nodes', data: { id, kind: 'GROUP', label: name, ns, name, dataset } });
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

  // Merges a Marquez-shaped graph ({graph:[{id,type,data,inEdges,outEdges}]}) into the drawing.
  function merge(graph) {
    const nodes = graph.graph || [];
    const added = [];
    let skipped = 0;
    cy.batch(() => {
      for (const node of nodes) {
        if (cy.getElementById(drawnId(node.id)).nonempty()) continue;
        if (added.length >= MAX_NODES_PER_LOAD) { skipped++; continue; }
        const data = { id: node.id, kind: node.type, label: labelOf(node), info: node.data };
        if (node.type === 'DATASET_FIELD' && node.data) {
          data.parent = groupFor(node.data.namespace, node.data.dataset);
        }
        if (node.type === 'DATASET' && state.mode === 'columns' && node.data) {
          groupFor(node.data.namespace, node.data.name);
          continue;
        }
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
    if (skipped > 0) status('Showing ' + MAX_NODES_PER_LOAD + ' new nodes; ' + skipped + ' more were left out. Expand from a node to see them.');
    $('empty').hidden = cy.nodes().nonempty();
    return added;
  }

  function layout() {
    const options = cy.nodes().length > 1500
      ? { name: 'breadthfirst', directed: true, spacingFactor: 0.9, animate: false }
      : { name: 'dagre', rankDir: 'LR', nodeSep: 14, rankSep: 70, edgeSep: 8, animate: false };
    cy.layout(options).run();
    fit();
  }
  function fit() {
    cy.fit(undefined, 30);
    if (cy.zoom() > 1.1) { cy.zoom(1.1); cy.center(); }
  }

  function graphUrl(nodeId, up, down) {
    if (state.mode === 'columns' && !nodeId.startsWith('job:')) {
      return '/api/v1/export?format=marquez&columns=true&nodeId=' + enc(nodeId) + '&upstreamDepth=' + up + '&downstreamDepth=' + down;
    }
    return '/api/v1/lineage?nodeId=' + enc(nodeId) + '&upstreamDepth=' + up + '&downstreamDepth=' + down;
  }

  async function open(nodeId) {
    if (nodeId.startsWith('datasetField:') && state.mode !== 'columns') setMode('columns', false);
    state.focus = nodeId;
    history.replaceState(null, '', '#node=' + enc(nodeId) + (state.mode === 'columns' ? '&mode=columns' : ''));
    try {
      const graph = await api(graphUrl(nodeId, 1, 1));
      cy.elements().remove();
      merge(graph);
      cy.nodes().removeClass('focus');
      const target = cy.getElementById(drawnId(nodeId));
      target.addClass('focus');
      layout();
      select(target.nonempty() ? target.id() : nodeId);
      if (target.nonempty()) target.select();
    } catch (error) {
      status(error.message);
    }
  }

  async function expand(nodeId, direction) {
    const id = nodeId.startsWith('group:') ? cy.getElementById(nodeId).data('dataset') : nodeId;
    try {
      const graph = await api(graphUrl(id, direction === 'up' ? 1 : 0, direction === 'down' ? 1 : 0));
      const added = merge(graph);
      layout();
      status(added.length === 0 ? 'Nothing more ' + (direction === 'up' ? 'upstream' : 'downstream') + '.' : added.length + ' nodes added.');
    } catch (error) {
      status(error.message);
    }
  }

  function setMode(mode, reopen = true) {
    state.mode = mode;
    $('mode-table').classList.toggle('active', mode === 'table');
    $('mode-columns').classList.toggle('active', mode === 'columns');
    if (!reopen || !state.focus) return;
    let focus = state.focus;
    const field = focus.startsWith('datasetField:') ? parseNodeId(focus) : null;
    if (mode === 'table' && field) focus = nodeIdOf('dataset', field.parts.slice(0, 2));
    open(focus);
  }

  // ---- selection and details ----
  function section(title, ...content) { return [el('h3', { text: title }), ...content]; }
  function chips(values) {
    if (!values || values.length === 0) return el('span', { class: 'hint', text: 'none' });
    return el('div', {}, ...values.map((v) => el('span', { class: 'chip', text: v })));
  }
  function table(headers, rows) {
    return el('table', {}, el('tr', {}, ...headers.map((h) => el('th', { text: h }))),
      ...rows.map((row) => el('tr', {}, ...row.map((cell) => cell instanceof Node ? el('td', {}, cell) : el('td', { text: cell === null || cell === undefined ? '—' : String(cell) })))));
  }
  function facets(map) {
    const names = Object.keys(map || {});
    if (names.length === 0) return [el('span', { class: 'hint', text: 'none' })];
    return names.map((name) => el('details', {}, el('summary', { text: name }), el('pre', { text: JSON.stringify(map[name], null, 2) })));
  }
  function stateBadge(s) { return el('span', { class: 'state ' + s, text: s }); }

  async function select(nodeId) {
    state.selected = nodeId;
    for (const id of ['expand-up', 'expand-down', 'impact', 'root-cause']) $(id).disabled = !nodeId;
    const panel = $('panel');
    const element = cy.getElementById(nodeId);
    const kind = element.nonempty() ? element.data('kind') : null;
    $('root-cause').disabled = !(kind === 'DATASET' || kind === 'GROUP' || kind === 'DATASET_FIELD');
    try {
      if (kind === 'DATASET' || kind === 'GROUP') {
        const info = kind === 'GROUP' ? { namespace: element.data('ns'), name: element.data('name') } : element.data('info') || {};
        const dataset = await api(datasetUrl(info.namespace, info.name));
        const versions = await api(datasetUrl(dataset.namespace, dataset.name, '/versions') + '&limit=5');
        if (state.selected !== nodeId) return;
        fill(panel,
          el('div', { class: 'kind', text: 'DATASET' + (dataset.datasetType ? ' · ' + dataset.datasetType : '') + (dataset.deleted ? ' · dropped' : '') }),
          el('h2', { id: 'panel-title', text: dataset.name }), el('div', { class: 'ns', text: dataset.namespace }),
          dataset.description ? el('p', { text: dataset.description }) : null,
          ...section('Schema', dataset.fields.length === 0 ? el('span', { class: 'hint', text: 'no fields known' })
            : table(['field', 'type', 'tags'], dataset.fields.map((f) => [f.name, f.type, f.tags.join(', ')]))),
          ...section('Owners', chips(dataset.owners.map((o) => o.name + (o.type ? ' (' + o.type + ')' : '')))),
          ...section('Tags', chips(dataset.tags)),
          ...section('Latest writes', versions.versions.length === 0 ? el('span', { class: 'hint', text: 'never written by a run' })
            : table(['when', 'job', 'rows'], versions.versions.map((v) => [when(v.createdAt), v.job.name, v.rowCount]))),
          ...section('Facets', ...facets(dataset.facets)),
          el('p', { class: 'hint', text: 'Last modified ' + when(dataset.lastModifiedAt) + ' · ' + dataset.versionCount + ' versions' }));
      } else if (kind === 'JOB') {
        const info = element.data('info') || {};
        const job = await api(jobUrl(info.namespace, info.name));
        const runs = await api(jobUrl(info.namespace, info.name, '/runs') + '&limit=10');
        if (state.selected !== nodeId) return;
        fill(panel,
          el('div', { class: 'kind', text: 'JOB · ' + job.type + (job.integration ? ' · ' + job.integration : '') }),
          el('h2', { id: 'panel-title', text: job.name }), el('div', { class: 'ns', text: job.namespace }),
          job.description ? el('p', { text: job.description }) : null,
          ...section('Latest runs', runs.runs.length === 0 ? el('span', { class: 'hint', text: 'no runs' })
            : table(['state', 'started', 'duration'], runs.runs.map((r) => [stateBadge(r.state), when(r.startedAt), duration(r.durationMs)]))),
          ...(runs.runs.find((r) => r.errorMessage) ? section('Last error', el('pre', { text: runs.runs.find((r) => r.errorMessage).errorMessage })) : []),
          ...section('SQL', job.sql ? el('pre', { id: 'sql', text: job.sql }) : el('span', { class: 'hint', text: 'none' })),
          ...section('Inputs → outputs', el('div', { text: job.inputs.length + ' inputs → ' + job.outputs.length + ' outputs' })),
          ...section('Owners', chips(job.owners.map((o) => o.name))),
          ...section('Tags', chips(job.tags)),
          ...section('Facets', ...facets(job.facets)),
          job.location ? el('p', { class: 'hint', text: 'Source: ' + job.location }) : null);
      } else if (kind === 'DATASET_FIELD') {
        const info = element.data('info') || {};
        fill(panel,
          el('div', { class: 'kind', text: 'FIELD' + (info.fieldType ? ' · ' + info.fieldType : '') }),
          el('h2', { id: 'panel-title', text: info.field }), el('div', { class: 'ns', text: info.namespace + ' · ' + info.dataset }),
          ...section('Computed from', (info.inputFields || []).length === 0 ? el('span', { class: 'hint', text: 'no upstream columns' })
            : table(['column', 'transformation'], info.inputFields.map((f) => [f.dataset + '.' + f.field,
              (f.transformations || []).map((t) => t.type + (t.subtype ? '/' + t.subtype : '') + (t.masking ? ' (masked)' : '')).join(', ') || f.transformationType]))));
      } else {
        fill(panel,el('p', { class: 'hint', text: 'Select a node to see its details.' }));
      }
    } catch (error) {
      fill(panel,el('p', { class: 'hint', text: error.message }));
    }
  }

  // ---- impact and root cause ----
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
    cy.elements().removeClass('impact cause');
    const nodes = cy.nodes().filter((n) => ids.has(n.id()) || (n.data('kind') === 'GROUP' && ids.has(n.data('dataset'))));
    nodes.addClass(cls);
    nodes.connectedEdges().filter((e) => nodes.contains(e.source()) && nodes.contains(e.target())).addClass(cls);
    return nodes.length;
  }
  function targetOf(nodeId) {
    const element = cy.getElementById(nodeId);
    return element.nonempty() && element.data('kind') === 'GROUP' ? element.data('dataset') : nodeId;
  }

  async function impact() {
    const nodeId = targetOf(state.selected);
    try {
      const report = await api('/api/v1/impact?nodeId=' + enc(nodeId));
      const ids = idsOfImpact(report);
      if (ids.size <= MAX_NODES_PER_LOAD) {
        merge(await api(graphUrl(nodeId, 0, 20)));
        layout();
      }
      const shown = highlight(ids, 'impact');
      const panel = $('panel');
      fill(panel,el('div', { class: 'kind', text: 'IMPACT' }), el('h2', { id: 'panel-title', text: nodeId }),
        el('p', { text: ids.size + ' affected downstream (' + shown + ' shown)' + (report.partial ? ', partial' : '') }),
        ...section('By depth', table(['depth', 'datasets', 'jobs', 'fields'], report.levels.map((l) => [l.depth, l.datasets.length, l.jobs.length, l.fields.length]))),
        ...section('Owners to notify', chips(report.owners.map((o) => o.name))));
    } catch (error) {
      status(error.message);
    }
  }

  async function rootCause() {
    const nodeId = targetOf(state.selected);
    try {
      const report = await api('/api/v1/root-cause?nodeId=' + enc(nodeId));
      if (report.upstream.length <= MAX_NODES_PER_LOAD) {
        merge(await api(graphUrl(nodeId.startsWith('datasetField:') ? nodeId : report.dataset, 20, 0)));
        layout();
      }
      const ids = new Set(report.candidates.map((c) => c.node));
      highlight(ids, 'cause');
      const panel = $('panel');
      fill(panel,el('div', { class: 'kind', text: 'ROOT CAUSE' }), el('h2', { id: 'panel-title', text: report.dataset }),
        el('p', { text: report.candidates.length + ' suspects among ' + report.upstream.length + ' upstream nodes' }),
        ...section('Suspects', report.candidates.length === 0 ? el('span', { class: 'hint', text: 'no evidence upstream' })
          : table(['node', 'score', 'evidence'], report.candidates.map((c) => [c.node, c.score.toFixed(1), c.evidence.map((e) => e.description).join('; ')]))));
    } catch (error) {
      status(error.message);
    }
  }

  // ---- timeline ----
  async function timeline() {
    const box = $('timeline');
    box.hidden = !box.hidden;
    if (box.hidden) return;
    try {
      const data = await api('/api/v1/timeline?hours=876000');
      const entries = data.entries.slice(-200);
      const rows = $('timeline-rows');
      clear(rows);
      if (entries.length === 0) { rows.append(el('p', { class: 'hint', text: 'No runs yet.' })); return; }
      const start = Math.min(...entries.map((e) => Date.parse(e.startedAt)));
      const end = Math.max(...entries.map((e) => Date.parse(e.endedAt || e.startedAt)));
      const span = Math.max(end - start, 1);
      $('timeline-range').textContent = when(new Date(start).toISOString()) + ' → ' + when(new Date(end).toISOString());
      for (const e of entries) {
        const s = Date.parse(e.startedAt);
        const f = Date.parse(e.endedAt || e.startedAt);
        const state = e.state === 'Complete' ? 'COMPLETED' : e.state === 'Fail' ? 'FAILED' : e.state === 'Abort' ? 'ABORTED' : 'RUNNING';
        const bar = el('div', { class: 'bar ' + state, title: e.job + ' · ' + state + ' · ' + when(e.startedAt) });
        bar.style.left = ((s - start) / span * 100) + '%';
        bar.style.width = Math.max((f - s) / span * 100, 0.3) + '%';
        rows.append(el('div', { class: 'row' }, el('span', { class: 'label', text: e.job, title: e.job }), el('div', { class: 'track' }, bar)));
      }
    } catch (error) {
      status(error.message);
    }
  }

  // ---- live updates ----
  const pending = new Set();
  let refreshTimer;
  // EventSource cannot send the API key, so the stream is opened with a short-lived token the key fetches; a
  // refused or dropped connection fetches a new one.
  let source = null;
  let liveTimer;
  async function live() {
    if (!window.EventSource) return;
    clearTimeout(liveTimer);
    if (source) { source.close(); source = null; }
    let token;
    try {
      token = (await api('/api/v1/stream/token')).token;
    } catch (error) {
      $('live-text').textContent = 'offline';
      if (!$('auth').hidden) return;
      liveTimer = setTimeout(live, 5000);
      return;
    }
    const opened = new EventSource('/api/v1/stream?access_token=' + enc(token));
    source = opened;
    opened.onopen = () => { $('live').classList.add('on'); $('live-text').textContent = 'live'; };
    opened.onerror = () => {
      $('live').classList.remove('on');
      $('live-text').textContent = 'reconnecting…';
      if (opened.readyState === EventSource.CLOSED && source === opened) liveTimer = setTimeout(live, 2000);
    };
    wire(opened);
  }
  function wire(source) {
    source.addEventListener('lineage', (message) => {
      const event = JSON.parse(message.data);
      state.liveCount++;
      $('live-text').textContent = 'live · ' + state.liveCount + ' new';
      $('live').classList.add('flash');
      setTimeout(() => $('live').classList.remove('flash'), 400);
      for (const id of [event.job, ...(event.inputs || []), ...(event.outputs || [])]) {
        if (id && cy.getElementById(id).nonempty()) pending.add(id);
      }
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(applyLive, 500);
      if (cy.nodes().empty()) summary();
    });
  }
  async function applyLive() {
    const ids = [...pending].slice(0, 20);
    pending.clear();
    let added = 0;
    for (const id of ids) {
      try {
        added += merge(await api(graphUrl(id, 1, 1))).length;
        const node = cy.getElementById(id);
        node.addClass('updated');
        setTimeout(() => node.removeClass('updated'), 1500);
      } catch (error) {
        status(error.message);
      }
    }
    if (added > 0) layout();
    if (state.selected && ids.includes(targetOf(state.selected))) select(state.selected);
  }

  // ---- search ----
  let searchTimer;
  let searchSeq = 0;
  async function search(text) {
    const list = $('results');
    const seq = ++searchSeq;
    if (text.trim().length === 0) { list.hidden = true; return; }
    try {
      const found = await api('/api/v1/search?fields=true&limit=25&q=' + enc(text.trim()));
      if (seq !== searchSeq) return;
      clear(list);
      if (found.results.length === 0) list.append(el('li', { class: 'hint', text: 'Nothing matches.' }));
      for (const result of found.results) {
        list.append(el('li', { role: 'option', 'data-node': result.nodeId, onclick: () => pick(result.nodeId) },
          el('span', { class: 'type ' + result.type, text: result.type }), el('span', { class: 'name', text: result.name }), el('span', { class: 'ns', text: result.namespace })));
      }
      list.hidden = false;
    } catch (error) {
      status(error.message);
    }
  }
  function pick(nodeId) {
    $('results').hidden = true;
    open(nodeId);
  }

  async function summary() {
    try {
      const stats = await api('/api/v1/stats');
      $('summary').textContent = stats.datasets + ' datasets, ' + stats.jobs + ' jobs, ' + stats.runs + ' runs from ' + stats.events + ' events.';
    } catch (error) {
      $('summary').textContent = error.message;
    }
  }

  // ---- wiring ----
  cy.on('tap', 'node', (e) => select(e.target.id()));
  cy.on('dbltap', 'node', (e) => { expand(e.target.id(), 'up').then(() => expand(e.target.id(), 'down')); });
  $('search').addEventListener('input', (e) => { clearTimeout(searchTimer); searchTimer = setTimeout(() => search(e.target.value), 180); });
  $('search').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { const first = $('results').querySelector('li[data-node]'); if (first) pick(first.getAttribute('data-node')); }
    if (e.key === 'Escape') $('results').hidden = true;
  });
  document.addEventListener('click', (e) => { if (!e.target.closest('.search')) $('results').hidden = true; });
  $('mode-table').addEventListener('click', () => setMode('table'));
  $('mode-columns').addEventListener('click', () => setMode('columns'));
  $('expand-up').addEventListener('click', () => state.selected && expand(state.selected, 'up'));
  $('expand-down').addEventListener('click', () => state.selected && expand(state.selected, 'down'));
  $('impact').addEventListener('click', () => state.selected && impact());
  $('root-cause').addEventListener('click', () => state.selected && rootCause());
  $('clear').addEventListener('click', () => cy.elements().removeClass('impact cause'));
  $('fit').addEventListener('click', fit);
  $('timeline-toggle').addEventListener('click', timeline);
  $('api-key-save').addEventListener('click', () => {
    state.apiKey = $('api-key').value;
    sessionStorage.setItem('tributary.apiKey', state.apiKey);
    $('auth').hidden = true;
    summary();
    live();
  });

  window.tributary = { cy, state, open, expand, select, setMode };
  summary();
  live();
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('mode') === 'columns') setMode('columns', false);
  if (hash.get('node')) open(hash.get('node'));
})();
