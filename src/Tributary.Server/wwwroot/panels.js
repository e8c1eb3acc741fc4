// The side panel: everything about the selected node. A dataset shows its schema with field descriptions and tags,
// owners, open incidents and its version history with the run that created each version; a job its run history
// (durations as a small chart), last error and SQL; a field where its values come from.
import { $, el, fill, when, duration, section, chips, table, stateBadge, hint, barChart } from './dom.js';
import { api, enc, nodeIdOf } from './api.js';
import { state, asOf } from './state.js';
import { incidentsOf, incidentRow } from './browse.js';

let shown = 0;

/** Fills the panel with the details of a drawn node (a cytoscape element, possibly empty). */
export async function showDetails(element, { openNode }) {
  const ticket = ++shown;
  const panel = $('panel');
  panel.classList.add('loading');
  const kind = element.nonempty() ? element.data('kind') : null;
  try {
    let content;
    if (kind === 'DATASET' || kind === 'GROUP') {
      const info = kind === 'GROUP' ? { namespace: element.data('ns'), name: element.data('name') } : element.data('info') || {};
      content = await dataset(info.namespace, info.name, openNode);
    } else if (kind === 'JOB') {
      const info = element.data('info') || {};
      content = await job(info.namespace, info.name);
    } else if (kind === 'DATASET_FIELD') {
      content = field(element.data('info') || {});
    } else {
      content = [el('p', { class: 'hint', text: 'Select a node to see its details.' })];
    }
    if (ticket === shown) fill(panel, ...content);
  } catch (error) {
    if (ticket === shown) fill(panel, el('p', { class: 'hint', text: error.message }));
  } finally {
    if (ticket === shown) panel.classList.remove('loading');
  }
}

async function dataset(namespace, name, openNode) {
  const url = '/api/v1/dataset?nodeId=' + enc(nodeIdOf('dataset', [namespace, name]));
  const [d, listed] = await Promise.all([api(asOf(url)), api(url.replace('/dataset?', '/dataset/versions?') + (state.asOf ? '&limit=1000' : '&limit=10'))]);
  const then = byThen(listed.versions, (v) => v.createdAt);
  const versions = { versions: then.slice(0, 10), count: then.length };
  const incidents = incidentsOf(nodeIdOf('dataset', [d.namespace, d.name]));
  return [
    el('div', { class: 'kind', text: 'DATASET' + (d.datasetType ? ' · ' + d.datasetType : '') + (d.deleted ? ' · dropped' : '') }),
    el('h2', { id: 'panel-title', text: d.name }), el('div', { class: 'ns', text: d.namespace }),
    tagChips(d.tags),
    d.description ? el('p', { text: d.description }) : null,
    ...(incidents.length ? section('Open incidents', ...incidents.map((i) => incidentRow(i, openNode))) : []),
    ...section('Schema', d.fields.length === 0 ? hint('no fields known')
      : table(['field', 'type', 'description', 'tags'], d.fields.map((f) => [f.name, f.type, f.description, tagChips(f.tags)]), { class: 'schema' })),
    ...section('Owners', chips(d.owners.map((o) => o.name + (o.type ? ' (' + o.type + ')' : '')))),
    ...section('Version history', versions.versions.length === 0 ? hint('never written by a run')
      : table(['created', 'by run', 'state', 'rows'], versions.versions.map((v) => {
        const run = v.createdByRun;
        return [when(v.createdAt), el('span', { title: 'run ' + v.runId, text: v.job.name + ' · …' + String(v.runId).slice(-8) }),
          run ? stateBadge(run.state) : '—', v.rowCount];
      }), { class: 'versions' })),
    ...section('Facets', ...facets(d.facets)),
    state.asOf
      ? el('p', { class: 'hint', text: 'Last modified ' + when(versions.versions.length ? versions.versions[0].createdAt : null) + ' · ' + versions.count + ' versions by ' + when(state.asOf) })
      : el('p', { class: 'hint', text: 'Last modified ' + when(d.lastModifiedAt) + ' · ' + d.versionCount + ' versions' }),
  ];
}

async function job(namespace, name) {
  const url = '/api/v1/job?nodeId=' + enc(nodeIdOf('job', [namespace, name]));
  const [j, listed] = await Promise.all([api(asOf(url)), api(url.replace('/job?', '/job/runs?') + (state.asOf ? '&limit=1000' : '&limit=30'))]);
  const kept = byThen(listed.runs, (r) => r.startedAt || r.createdAt);
  const runs = { runs: kept.slice(0, 30), totalCount: state.asOf ? kept.length : listed.totalCount };
  const failed = runs.runs.find((r) => r.errorMessage);
  const oldestFirst = [...runs.runs].reverse();
  return [
    el('div', { class: 'kind', text: 'JOB · ' + j.type + (j.integration ? ' · ' + j.integration : '') }),
    el('h2', { id: 'panel-title', text: j.name }), el('div', { class: 'ns', text: j.namespace }),
    tagChips(j.tags),
    j.description ? el('p', { text: j.description }) : null,
    ...section('Run durations', runs.runs.length === 0 ? hint('no runs')
      : barChart(oldestFirst.map((r) => ({ label: when(r.startedAt) + ' ' + r.state, value: r.durationMs || 0, cls: r.state })), { format: duration })),
    ...section('Runs (' + runs.totalCount + ')', runs.runs.length === 0 ? hint('no runs')
      : table(['state', 'started', 'duration', 'rows written'], runs.runs.slice(0, 10).map((r) => [stateBadge(r.state), when(r.startedAt), duration(r.durationMs), rowsWritten(r)]), { class: 'runs' })),
    ...(failed ? section('Last error', el('pre', { text: failed.errorMessage })) : []),
    ...section('SQL', j.sql ? el('pre', { id: 'sql', text: j.sql }) : hint('none')),
    ...sqlChange(j.namespace + ':' + j.name),
    ...section('Inputs → outputs', el('div', { text: j.inputs.length + ' inputs → ' + j.outputs.length + ' outputs' })),
    ...section('Owners', chips(j.owners.map((o) => o.name))),
    ...section('Facets', ...facets(j.facets)),
    j.location ? el('p', { class: 'hint', text: 'Source: ' + j.location }) : null,
  ];
}

// With the changes view on, how the job's SQL changed between the two moments.
function sqlChange(job) {
  const change = state.diff && state.diff.sqlChanges.find((c) => c.job === job);
  return change ? section('SQL change', el('pre', { id: 'sql-diff', class: 'diff', text: change.unifiedDiff })) : [];
}

function field(info) {
  return [
    el('div', { class: 'kind', text: 'FIELD' + (info.fieldType ? ' · ' + info.fieldType : '') }),
    el('h2', { id: 'panel-title', text: info.field }), el('div', { class: 'ns', text: info.namespace + ' · ' + info.dataset }),
    ...section('Computed from', (info.inputFields || []).length === 0 ? hint('no upstream columns')
      : table(['column', 'transformation'], info.inputFields.map((f) => [f.dataset + '.' + f.field,
        (f.transformations || []).map((t) => t.type + (t.subtype ? '/' + t.subtype : '') + (t.masking ? ' (masked)' : '')).join(', ') || f.transformationType]))),
  ];
}

// Version and run lists have no moment of their own: as of a moment, only what existed by then is listed.
function byThen(items, at) {
  if (!state.asOf) return items;
  const then = Date.parse(state.asOf);
  return items.filter((item) => Date.parse(at(item)) <= then);
}

/** Rows the run wrote (summed over its outputs), or '—' when no output reported a count. */
export function rowsWritten(run) {
  const counts = (run && run.outputDatasetVersions || []).map((v) => v.rowCount).filter((n) => typeof n === 'number');
  return counts.length ? counts.reduce((a, b) => a + b, 0) : null;
}

function tagChips(tags) {
  const names = (tags || []).map((t) => (typeof t === 'string' ? t : t.name));
  if (names.length === 0) return null;
  return el('div', { class: 'tags' }, ...names.map((t) => el('span', { class: 'tag', text: t })));
}

function facets(map) {
  const names = Object.keys(map || {});
  if (names.length === 0) return [hint('none')];
  return names.map((name) => el('details', {}, el('summary', { text: name }), el('pre', { text: JSON.stringify(map[name], null, 2) })));
}
