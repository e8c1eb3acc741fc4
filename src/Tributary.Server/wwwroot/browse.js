// The views besides the graph: browse (datasets and jobs by namespace, paged and sortable), the dashboard (runs and
// failures over time, stale datasets, open incidents), the events browser by date and the incidents list. Every row
// is a link (#node=...), so the keyboard reaches it and the address can be shared.
import { $, el, fill, when, duration, timeSpanMs, section, table, stateBadge, hint, barChart, status } from './dom.js';
import { datasetTags, tagNameChips } from './classifications.js';
import { api, enc, nodeIdOf, parseNodeId } from './api.js';
import { state, asOf, writeHash } from './state.js';

const PAGE = 25;
let incidents = [];

/** Loads the incidents (as of the page's moment) for badges and lists. */
export async function loadIncidents() {
  try {
    incidents = await api(asOf('/api/v1/incidents'));
  } catch (error) {
    incidents = [];
    status(error.message);
  }
}
/** Dataset node ids with an open incident. */
export function incidentNodes() {
  const ids = new Set();
  for (const i of incidents) if (i.status === 'Open') for (const d of i.datasets) ids.add('dataset:' + d);
  return ids;
}
/** Open incidents on a dataset node id. */
export function incidentsOf(datasetNodeId) {
  return incidents.filter((i) => i.status === 'Open' && i.datasets.some((d) => 'dataset:' + d === datasetNodeId));
}
/** One incident as a short block: severity, check, what went wrong and its top root cause. */
export function incidentRow(i) {
  const cause = i.rootCauses && i.rootCauses[0];
  return el('div', { class: 'incident-row' },
    el('span', { class: 'severity ' + i.severity, text: i.severity }), ' ',
    el('strong', { text: i.check || i.kind }), i.column ? ' on ' + i.column : '', i.description ? ': ' + i.description : '',
    cause ? el('div', { class: 'hint', text: 'Root cause: ' + cause.node + ' — ' + cause.evidence.map((e) => e.description).join('; ') }) : null);
}

function link(nodeId, text) {
  return el('a', { href: '#node=' + enc(nodeId), text });
}

/** Shows one view (graph, browse, dashboard, events, incidents). */
export async function showView(view) {
  const graph = view === 'graph';
  $('graph-area').hidden = !graph;
  $('panel').hidden = !graph;
  $('graph-tools').hidden = !graph;
  $('view-area').hidden = graph;
  for (const button of document.querySelectorAll('nav [data-view]')) {
    const on = button.getAttribute('data-view') === view;
    button.classList.toggle('active', on);
    if (on) button.setAttribute('aria-current', 'page'); else button.removeAttribute('aria-current');
  }
  if (graph) return;
  const area = $('view-area');
  area.setAttribute('aria-busy', 'true');
  try {
    if (view === 'browse') await browse(area);
    else if (view === 'dashboard') await dashboard(area);
    else if (view === 'events') await events(area);
    else if (view === 'incidents') await incidentList(area);
  } catch (error) {
    fill(area, el('p', { class: 'hint', text: error.message }));
  } finally {
    area.setAttribute('aria-busy', 'false');
  }
}

// ---- browse ----
let namespaces = null;
const lists = new Map();
// Datasets come from find (the CLI's `find`: the graph in memory, as of the page's moment); jobs from the
// namespace's job list, which carries each job's latest run.
async function listOf(tab, namespace) {
  const key = tab + '|' + namespace + '|' + (state.asOf || '');
  if (!lists.has(key)) {
    if (tab === 'datasets') {
      const found = await api(asOf('/api/v1/find' + (namespace ? '?namespace=' + enc(namespace) : '')));
      lists.set(key, found.map((d) => {
        const id = parseNodeId(d.node);
        return { ...d, namespace: id.parts[0], name: id.parts[1] };
      }));
    } else {
      const names = namespace ? [namespace] : namespaces.filter((n) => n.jobCount > 0).map((n) => n.name);
      const pages = await Promise.all(names.map((ns) => api(asOf('/api/v1/namespaces/' + enc(ns) + '/jobs?limit=10000'))));
      lists.set(key, pages.flatMap((p) => p.jobs));
    }
  }
  return lists.get(key);
}
// Each column: its title, its sort key, the value it sorts by and (when not that value as text) how a cell shows it.
const COLUMNS = {
  datasets: [
    ['name', 'name', (d) => d.name, (d) => link(d.node, d.name)],
    ['namespace', 'namespace', (d) => d.namespace],
    ['type', 'type', (d) => d.type || d.sourceType || ''],
    ['last run', 'state', (d) => marquezState(d.lastRun), (d) => (d.lastRun ? lastRunCell(d.lastRun) : '—')],
    ['duration', 'duration', (d) => timeSpanMs(d.lastRun && d.lastRun.duration) ?? -1, (d) => duration(timeSpanMs(d.lastRun && d.lastRun.duration))],
    ['rows written', 'rows', (d) => (d.lastRun && typeof d.lastRun.rowCount === 'number' ? d.lastRun.rowCount : -1), (d) => count(d.lastRun && d.lastRun.rowCount)],
    ['last written', 'written', (d) => d.lastWritten || '', (d) => when(d.lastWritten)],
    ['fields', 'fields', (d) => (d.fields || []).length],
    ['versions', 'versions', (d) => d.versionCount || 0],
    ['owners', 'owners', (d) => (d.owners || []).map((o) => o.name).join(', ')],
    ['tags', 'tags', (d) => tagText(datasetTags(d.namespace, d.name, d.tags, d.fields)), (d) => tagNameChips(datasetTags(d.namespace, d.name, d.tags, d.fields)) || '—'],
    ['open incidents', 'incidents', (d) => incidentsOf(d.node).length, (d) => countBadge(incidentsOf(d.node).length)],
  ],
  jobs: [
    ['name', 'name', (j) => j.name, (j) => link(nodeIdOf('job', [j.namespace, j.name]), j.name)],
    ['namespace', 'namespace', (j) => j.namespace],
    ['last run', 'state', (j) => (j.latestRun ? j.latestRun.state : ''), (j) => (j.latestRun ? stateBadge(j.latestRun.state) : '—')],
    ['started', 'started', (j) => (j.latestRun ? j.latestRun.startedAt || '' : ''), (j) => (j.latestRun ? when(j.latestRun.startedAt) : '—')],
    ['duration', 'duration', (j) => (j.latestRun ? j.latestRun.durationMs ?? -1 : -1), (j) => (j.latestRun ? duration(j.latestRun.durationMs) : '—')],
    ['rows written', 'rows', (j) => rows(j.latestRun), (j) => count(rows(j.latestRun))],
    ['owners', 'owners', (j) => j.owners.map((o) => o.name).join(', ')],
    ['tags', 'tags', (j) => tagList(j.tags)],
    ['open incidents', 'incidents', (j) => jobIncidents(j), (j) => countBadge(jobIncidents(j))],
  ],
};
function jobIncidents(j) { return incidents.filter((i) => i.status === 'Open' && i.job === j.namespace + ':' + j.name).length; }
function rows(run) {
  const counts = (run && run.outputDatasetVersions || []).map((v) => v.rowCount).filter((n) => typeof n === 'number');
  return counts.length ? counts.reduce((a, b) => a + b, 0) : -1;
}
function count(n) { return typeof n === 'number' && n >= 0 ? n.toLocaleString('en') : '—'; }
// The library's run states (Complete, Fail, ...) in the words the rest of the page uses (Marquez's).
const STATES = { Start: 'RUNNING', Running: 'RUNNING', Complete: 'COMPLETED', Fail: 'FAILED', Abort: 'ABORTED', Other: 'OTHER' };
function marquezState(run) { return run ? STATES[run.state] || 'NEW' : ''; }
function lastRunCell(run) {
  const badge = stateBadge(marquezState(run));
  badge.title = 'run ' + run.run + ' of ' + run.job + ', started ' + when(run.startedAt);
  return badge;
}
function tagText({ direct, propagated }) { return [...direct, ...propagated].join(', '); }

async function browse(area) {
  namespaces ||= (await api('/api/v1/namespaces')).namespaces;
  const b = state.browse;
  const all = await listOf(b.tab, b.namespace);
  const columns = COLUMNS[b.tab];
  const sortColumn = columns.find((c) => c[1] === b.sort) || columns[0];
  const sorted = [...all].sort((x, y) => {
    const a = sortColumn[2](x);
    const c = sortColumn[2](y);
    const order = typeof a === 'number' && typeof c === 'number' ? a - c : String(a).localeCompare(String(c));
    return (b.desc ? -order : order) || x.name.localeCompare(y.name);
  });
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE));
  b.page = Math.min(b.page, pages - 1);
  const page = sorted.slice(b.page * PAGE, b.page * PAGE + PAGE);
  const go = (change) => () => { Object.assign(b, change); writeHash(); showView('browse'); };

  const select = el('select', { id: 'namespace', 'aria-label': 'Namespace', onchange: (e) => go({ namespace: e.target.value, page: 0 })() },
    el('option', { value: '', text: 'All namespaces' }),
    ...namespaces.map((n) => el('option', { value: n.name, text: n.name + ' (' + n.datasetCount + ' datasets, ' + n.jobCount + ' jobs)' })));
  select.value = b.namespace;
  const header = el('tr', {}, ...columns.map(([title, key]) => {
    const sorted = b.sort === key;
    return el('th', { 'aria-sort': sorted ? (b.desc ? 'descending' : 'ascending') : 'none' },
      el('button', { type: 'button', class: 'sort', 'data-sort': key, onclick: go({ sort: key, desc: sorted ? !b.desc : false, page: 0 }) },
        title + (sorted ? (b.desc ? ' ▼' : ' ▲') : '')));
  }));
  const body = page.map((item) => el('tr', {}, ...columns.map(([, , value, show]) => {
    const c = show ? show(item) : value(item);
    return c instanceof Node ? el('td', {}, c) : el('td', { text: c === null || c === undefined || c === '' ? '—' : String(c) });
  })));
  fill(area,
    el('div', { class: 'view-head' }, el('h2', { text: 'Browse' }), select,
      el('div', { class: 'segmented', role: 'group', 'aria-label': 'What to list' },
        el('button', { type: 'button', id: 'tab-datasets', class: b.tab === 'datasets' ? 'active' : '', 'aria-pressed': String(b.tab === 'datasets'), onclick: go({ tab: 'datasets', page: 0, sort: 'name', desc: false }) }, 'Datasets'),
        el('button', { type: 'button', id: 'tab-jobs', class: b.tab === 'jobs' ? 'active' : '', 'aria-pressed': String(b.tab === 'jobs'), onclick: go({ tab: 'jobs', page: 0, sort: 'name', desc: false }) }, 'Jobs'))),
    sorted.length === 0 ? el('p', { class: 'hint', text: 'No ' + b.tab + ' here.' })
      : el('table', { class: 'grid', id: 'browse-table' }, header, ...body),
    el('div', { class: 'pager' },
      el('button', { type: 'button', id: 'page-prev', onclick: go({ page: b.page - 1 }), ...(b.page === 0 ? { disabled: '' } : {}) }, '◀ Previous'),
      el('span', { text: 'Page ' + (b.page + 1) + ' of ' + pages + ' · ' + sorted.length + ' ' + b.tab }),
      el('button', { type: 'button', id: 'page-next', onclick: go({ page: b.page + 1 }), ...(b.page >= pages - 1 ? { disabled: '' } : {}) }, 'Next ▶')));
}
function tagList(tags) { return tags.map((t) => (typeof t === 'string' ? t : t.name)).join(', '); }
function countBadge(n) { return n > 0 ? el('span', { class: 'severity High', text: String(n) }) : '0'; }

// ---- dashboard ----
async function dashboard(area) {
  const [stats, timeline, stale] = await Promise.all([
    api(asOf('/api/v1/stats')), api('/api/v1/timeline?hours=876000' + (state.asOf ? '&to=' + enc(state.asOf) : '')), api(asOf('/api/v1/stale'))]);
  const days = new Map();
  for (const e of timeline.entries) {
    const day = e.startedAt.slice(0, 10);
    const d = days.get(day) || { runs: 0, failed: 0 };
    d.runs++;
    if (e.state === 'Fail' || e.state === 'Abort') d.failed++;
    days.set(day, d);
  }
  const ordered = [...days.entries()].sort((a, b) => a[0].localeCompare(b[0])).slice(-60);
  const open = incidents.filter((i) => i.status === 'Open');
  fill(area,
    el('div', { class: 'view-head' }, el('h2', { text: 'Dashboard' }), el('span', { class: 'hint', text: state.asOf ? 'as of ' + when(state.asOf) : 'now' })),
    el('div', { class: 'cards' },
      card('datasets', stats.datasets), card('jobs', stats.jobs), card('runs', stats.runs), card('events', stats.events),
      card('open incidents', open.length, open.length ? 'bad' : ''), card('stale datasets', stale.length, stale.length ? 'warn' : '')),
    el('div', { class: 'columns' },
      el('section', { class: 'box', id: 'runs-chart' }, ...section('Runs per day'),
        ordered.length === 0 ? hint('no runs') : barChart(ordered.map(([day, d]) => ({ label: day, value: d.runs })), { width: 480, height: 90 }),
        ...section('Failures per day'),
        ordered.length === 0 ? hint('no runs') : barChart(ordered.map(([day, d]) => ({ label: day, value: d.failed, cls: 'FAILED' })), { width: 480, height: 60 }),
        ordered.length ? el('div', { class: 'hint', text: ordered[0][0] + ' → ' + ordered[ordered.length - 1][0] + ' · ' + ordered.reduce((a, [, d]) => a + d.failed, 0) + ' failed of ' + ordered.reduce((a, [, d]) => a + d.runs, 0) }) : null),
      el('section', { class: 'box', id: 'open-incidents' }, ...section('Open incidents'),
        open.length === 0 ? hint('none') : el('div', {}, ...open.map((i) => el('div', {}, link(i.node, i.datasets[0] || i.node), incidentRow(i))))),
      el('section', { class: 'box', id: 'stale' }, ...section('Stale datasets (not written in 24 h)'),
        stale.length === 0 ? hint('none') : table(['dataset', 'last written'], stale.slice(0, 15).map((s) => [link('dataset:' + s.dataset, s.dataset), when(s.lastWritten)])),
        stale.length > 15 ? el('div', { class: 'hint', text: '+ ' + (stale.length - 15) + ' more' }) : null)));
}
function card(label, value, cls = '') {
  return el('div', { class: 'card ' + cls }, el('div', { class: 'value', text: Number(value).toLocaleString('en') }), el('div', { class: 'label', text: label }));
}

// ---- events by date ----
async function events(area) {
  let day = state.eventsDate;
  if (!day) {
    const newest = await api('/api/v1/events/lineage?limit=1');
    day = newest.events.length ? newest.events[0].eventTime.slice(0, 10) : new Date().toISOString().slice(0, 10);
  }
  const start = new Date(day + 'T00:00:00Z');
  const end = new Date(start.getTime() + 86400000);
  const list = await api('/api/v1/events/lineage?sortDirection=asc&limit=200&after=' + enc(start.toISOString()) + '&before=' + enc(end.toISOString()));
  const shift = (days) => () => { state.eventsDate = new Date(start.getTime() + days * 86400000).toISOString().slice(0, 10); writeHash(); showView('events'); };
  const input = el('input', { type: 'date', id: 'events-date', value: day, 'aria-label': 'Day',
    onchange: (e) => { state.eventsDate = e.target.value || null; writeHash(); showView('events'); } });
  fill(area,
    el('div', { class: 'view-head' }, el('h2', { text: 'Events' }),
      el('button', { type: 'button', onclick: shift(-1), 'aria-label': 'Previous day' }, '◀'), input,
      el('button', { type: 'button', onclick: shift(1), 'aria-label': 'Next day' }, '▶'),
      el('span', { class: 'hint', text: list.events.length + (list.events.length === 200 ? '+ (the first 200)' : '') + ' events on ' + day + ' (UTC)' })),
    list.events.length === 0 ? el('p', { class: 'hint', text: 'No events on this day.' })
      : el('div', { id: 'events-list' }, ...list.events.map((e) => el('details', { class: 'event' },
        el('summary', {}, el('span', { class: 'at', text: when(e.eventTime) }), ' ', el('span', { class: 'state ' + eventState(e.eventType), text: e.eventType || 'RUNNING' }), ' ',
          el('strong', { text: e.job ? e.job.namespace + ':' + e.job.name : '(no job)' }),
          el('span', { class: 'hint', text: ' · ' + (e.inputs || []).length + ' in → ' + (e.outputs || []).length + ' out · run ' + (e.run ? '…' + String(e.run.runId).slice(-8) : '—') })),
        el('pre', { class: 'raw', text: JSON.stringify(e, null, 2) })))));
}
function eventState(type) { return type === 'COMPLETE' ? 'COMPLETED' : type === 'FAIL' ? 'FAILED' : type === 'ABORT' ? 'ABORTED' : 'RUNNING'; }

// ---- incidents ----
async function incidentList(area) {
  await loadIncidents();
  fill(area,
    el('div', { class: 'view-head' }, el('h2', { text: 'Incidents' }),
      el('span', { class: 'hint', text: incidents.filter((i) => i.status === 'Open').length + ' open of ' + incidents.length })),
    incidents.length === 0 ? el('p', { class: 'hint', text: 'No incidents.' })
      : el('table', { class: 'grid', id: 'incidents-table' },
        el('tr', {}, ...['severity', 'status', 'dataset', 'check', 'what happened', 'top root cause', 'opened', 'owners to notify'].map((h) => el('th', { text: h }))),
        ...incidents.map((i) => el('tr', { class: i.status === 'Open' ? 'open' : '' },
          el('td', {}, el('span', { class: 'severity ' + i.severity, text: i.severity })),
          el('td', { text: i.status }),
          el('td', {}, link(i.node, i.datasets[0] || i.node)),
          el('td', { text: (i.check || i.kind) + (i.column ? ' on ' + i.column : '') }),
          el('td', { text: i.description || '—' }),
          el('td', {}, i.rootCauses && i.rootCauses[0] ? link(i.rootCauses[0].node, i.rootCauses[0].node) : hint('none')),
          el('td', { text: when(i.openedAt) }),
          el('td', { text: ((i.impact && i.impact.owners) || i.owners || []).map((o) => (typeof o === 'string' ? o : o.name)).join(', ') || '—' })))));
}
