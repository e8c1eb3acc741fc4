// The run timeline: one row per job with all its runs as bars along the same time axis (the job's name once, not
// once per run), coloured by state.
import { $, el, clear, status, when } from './dom.js';
import { api, enc } from './api.js';
import { state } from './state.js';

/** Shows or hides the timeline of the last 200 runs (up to the page's moment). */
export async function toggleTimeline() {
  const box = $('timeline');
  box.hidden = !box.hidden;
  $('timeline-toggle').setAttribute('aria-pressed', String(!box.hidden));
  if (box.hidden) return;
  const rows = $('timeline-rows');
  try {
    const data = await api('/api/v1/timeline?hours=876000' + (state.asOf ? '&to=' + enc(state.asOf) : ''));
    const entries = data.entries.slice(-200);
    clear(rows);
    if (entries.length === 0) { rows.append(el('p', { class: 'hint', text: 'No runs yet.' })); return; }
    let start = Infinity;
    let end = -Infinity;
    const byJob = new Map();
    for (const e of entries) {
      start = Math.min(start, Date.parse(e.startedAt));
      end = Math.max(end, Date.parse(e.endedAt || e.startedAt));
      if (!byJob.has(e.job)) byJob.set(e.job, []);
      byJob.get(e.job).push(e);
    }
    const span = Math.max(end - start, 1);
    $('timeline-range').textContent = when(new Date(start).toISOString()) + ' → ' + when(new Date(end).toISOString());
    for (const [job, runs] of byJob) {
      const track = el('div', { class: 'track' });
      for (const e of runs) {
        const s = Date.parse(e.startedAt);
        const f = Date.parse(e.endedAt || e.startedAt);
        const runState = e.state === 'Complete' ? 'COMPLETED' : e.state === 'Fail' ? 'FAILED' : e.state === 'Abort' ? 'ABORTED' : 'RUNNING';
        const bar = el('div', { class: 'bar ' + runState, title: job + ' · ' + runState + ' · ' + when(e.startedAt) + (e.rowsOut ? ' · ' + e.rowsOut + ' rows' : '') });
        bar.style.left = ((s - start) / span) * 100 + '%';
        bar.style.width = Math.max(((f - s) / span) * 100, 0.3) + '%';
        track.append(bar);
      }
      rows.append(el('div', { class: 'row' }, el('span', { class: 'label', text: job + ' (' + runs.length + ')', title: job }), track));
    }
  } catch (error) {
    status(error.message);
  }
}
