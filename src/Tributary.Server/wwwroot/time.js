// The time control: a date-time field and a slider over the store's time range. Moving either redraws what is shown
// as of that moment (every query endpoint takes asOf=); "Now" returns to the present. With "Changes from" set, the
// graph colours what was added and removed between that moment and the shown one.
import { $, status, when } from './dom.js';
import { api } from './api.js';
import { state } from './state.js';
import { loadIncidents } from './browse.js';

let range = null;
const STEPS = 1000;

// datetime-local holds no zone; the control reads and writes UTC, as its label says.
const toField = (iso) => iso.slice(0, 19);
const fromField = (value) => (value ? new Date(value.length === 16 ? value + ':00Z' : value + 'Z').toISOString() : null);

/** Builds the control over the store's first and last event times; `redraw` is called after each change. */
export async function initTime({ redraw }) {
  try {
    const [first, last] = await Promise.all([api('/api/v1/events/lineage?limit=1&sortDirection=asc'), api('/api/v1/events/lineage?limit=1')]);
    if (first.events.length === 0) { $('time').hidden = true; return; }
    range = { start: Date.parse(first.events[0].eventTime), end: Date.parse(last.events[0].eventTime) };
  } catch (error) {
    status(error.message);
    return;
  }
  const input = $('asof-input');
  const slider = $('asof-slider');
  const from = $('changes-from');
  input.min = from.min = toField(new Date(range.start).toISOString());
  input.max = from.max = toField(new Date(range.end).toISOString());
  slider.max = String(STEPS);
  slider.setAttribute('aria-valuetext', 'now');
  const show = () => {
    input.value = state.asOf ? toField(state.asOf) : '';
    slider.value = String(state.asOf ? Math.round(((Date.parse(state.asOf) - range.start) / Math.max(range.end - range.start, 1)) * STEPS) : STEPS);
    slider.setAttribute('aria-valuetext', state.asOf ? when(state.asOf) : 'now');
    from.value = state.changesFrom ? toField(state.changesFrom) : '';
    $('asof-now').disabled = !state.asOf;
    $('time').classList.toggle('past', !!state.asOf);
    $('changes-clear').disabled = !state.changesFrom;
  };
  const apply = async () => {
    show();
    await loadIncidents();
    redraw();
  };
  input.addEventListener('change', () => { state.asOf = fromField(input.value); apply(); });
  slider.addEventListener('input', () => {
    const at = range.start + ((range.end - range.start) * Number(slider.value)) / STEPS;
    input.value = toField(new Date(at).toISOString());
    slider.setAttribute('aria-valuetext', when(new Date(at).toISOString()));
  });
  slider.addEventListener('change', () => {
    // The right end is the present, so everything after the last event stays in view.
    state.asOf = Number(slider.value) >= STEPS ? null : new Date(range.start + ((range.end - range.start) * Number(slider.value)) / STEPS).toISOString();
    apply();
  });
  $('asof-now').addEventListener('click', () => { state.asOf = null; apply(); });
  from.addEventListener('change', () => { state.changesFrom = fromField(from.value); apply(); });
  $('changes-clear').addEventListener('click', () => { state.changesFrom = null; apply(); });
  show();
}
