// What the page shows, in one object, and the URL that says it: every view is a link (the hash holds the view and
// its parameters), so what one person sees another can open.

export const state = {
  view: 'graph',       // graph | browse | dashboard | events | incidents
  mode: 'table',       // table | columns (the graph's level)
  focus: null,         // the node the graph was opened on
  selected: null,      // the node whose details the panel shows
  previous: null,      // the node selected before it (the other end of a path)
  up: 1,               // depths the graph was opened with
  down: 1,
  asOf: null,          // ISO 8601: the graph and panels as they stood then; null for now
  changesFrom: null,   // with asOf (or now), the changes view between the two moments
  browse: { namespace: '', tab: 'datasets', page: 0, sort: 'name', desc: false },
  eventsDate: null,    // yyyy-mm-dd for the events browser
  diff: null,          // the changes view's answer, while it is shown
};

/** Appends asOf= to a query URL when the page looks at the past. */
export function asOf(url) {
  return state.asOf ? url + (url.includes('?') ? '&' : '?') + 'asOf=' + encodeURIComponent(state.asOf) : url;
}

/** Writes the current view into the URL (replacing, so Back leaves the page rather than stepping through clicks). */
export function writeHash() {
  const p = new URLSearchParams();
  if (state.view !== 'graph') p.set('view', state.view);
  if (state.view === 'graph' && state.focus) {
    p.set('node', state.focus);
    if (state.mode === 'columns') p.set('mode', 'columns');
    if (state.up !== 1) p.set('up', String(state.up));
    if (state.down !== 1) p.set('down', String(state.down));
  }
  if (state.asOf) p.set('asOf', state.asOf);
  if (state.changesFrom) p.set('changesFrom', state.changesFrom);
  if (state.view === 'browse') {
    if (state.browse.namespace) p.set('ns', state.browse.namespace);
    p.set('tab', state.browse.tab);
    if (state.browse.page) p.set('page', String(state.browse.page));
    if (state.browse.sort !== 'name' || state.browse.desc) p.set('sort', (state.browse.desc ? '-' : '') + state.browse.sort);
  }
  if (state.view === 'events' && state.eventsDate) p.set('date', state.eventsDate);
  const hash = p.toString();
  if (location.hash.slice(1) !== hash) history.replaceState(null, '', hash ? '#' + hash : location.pathname);
}

/** Reads the URL into the state; returns the parameters for what the caller opens. */
export function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  state.view = p.get('view') || 'graph';
  state.mode = p.get('mode') === 'columns' ? 'columns' : 'table';
  state.up = depth(p.get('up'), 1);
  state.down = depth(p.get('down'), 1);
  state.asOf = p.get('asOf') || null;
  state.changesFrom = p.get('changesFrom') || null;
  state.browse.namespace = p.get('ns') || '';
  state.browse.tab = p.get('tab') === 'jobs' ? 'jobs' : 'datasets';
  state.browse.page = Math.max(0, parseInt(p.get('page') || '0', 10) || 0);
  const sort = p.get('sort') || 'name';
  state.browse.desc = sort.startsWith('-');
  state.browse.sort = sort.replace(/^-/, '');
  state.eventsDate = p.get('date') || null;
  return { node: p.get('node') };
}

function depth(text, fallback) {
  const n = parseInt(text ?? '', 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), 20) : fallback;
}
