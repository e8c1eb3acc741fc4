// Live updates: new events arrive over server-sent events; nodes already drawn are refreshed and grow their
// neighbourhood, and the summary counts follow.
import { $, status } from './dom.js';
import { api, enc } from './api.js';
import { state } from './state.js';
import { loadIncidents } from './browse.js';

let liveCount = 0;
const pending = new Set();
let refreshTimer;
let source = null;
let liveTimer;

/** The counts under the search box. */
export async function summary() {
  try {
    const stats = await api('/api/v1/stats');
    $('summary').textContent = stats.datasets + ' datasets, ' + stats.jobs + ' jobs, ' + stats.runs + ' runs from ' + stats.events + ' events.';
  } catch (error) {
    $('summary').textContent = error.message;
  }
}

/** Opens the stream; `graph` gives merge, layout, graphUrl, select and cy. */
export async function startLive(graph) {
  summary();
  // EventSource cannot send the API key, so the stream is opened with a short-lived token the key fetches; a
  // refused or dropped connection fetches a new one.
  if (!window.EventSource) return;
  clearTimeout(liveTimer);
  if (source) { source.close(); source = null; }
  let token;
  try {
    token = (await api('/api/v1/stream/token')).token;
  } catch {
    $('live-text').textContent = 'offline';
    if (!$('auth').hidden) return;
    liveTimer = setTimeout(() => startLive(graph), 5000);
    return;
  }
  const opened = new EventSource('/api/v1/stream?access_token=' + enc(token));
  source = opened;
  opened.onopen = () => { $('live').classList.add('on'); $('live-text').textContent = 'live'; };
  opened.onerror = () => {
    $('live').classList.remove('on');
    $('live-text').textContent = 'reconnecting…';
    if (opened.readyState === EventSource.CLOSED && source === opened) liveTimer = setTimeout(() => startLive(graph), 2000);
  };
  opened.addEventListener('lineage', (message) => {
    const event = JSON.parse(message.data);
    liveCount++;
    $('live-text').textContent = 'live · ' + liveCount + ' new';
    $('live').classList.add('flash');
    setTimeout(() => $('live').classList.remove('flash'), 400);
    // The past does not change: a page looking at a moment keeps its drawing.
    if (state.asOf) return;
    for (const id of [event.job, ...(event.inputs || []), ...(event.outputs || [])]) {
      if (id && graph.cy.getElementById(id).nonempty()) pending.add(id);
    }
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => apply(graph), 500);
  });
}

async function apply(graph) {
  const ids = [...pending].slice(0, 20);
  pending.clear();
  summary();
  await loadIncidents();
  let added = 0;
  for (const id of ids) {
    try {
      added += graph.merge(await api(graph.graphUrl(id, 1, 1))).length;
      const node = graph.cy.getElementById(id);
      node.addClass('updated');
      setTimeout(() => node.removeClass('updated'), 1500);
    } catch (error) {
      status(error.message);
    }
  }
  if (added > 0) graph.layout();
  if (state.selected && ids.includes(state.selected)) graph.select(state.selected);
}
