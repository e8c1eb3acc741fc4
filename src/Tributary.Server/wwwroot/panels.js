// The side panel: everything about the selected node. A dataset shows its schema with field descriptions and tags,
// owners, open incidents and its version history with the run that created each version; a job its run history
// (durations as a small chart), last error and SQL; a field where its values come from.
import { $, el, fill, when, duration, section, chips, table, stateBadge, hint, barChart } from './dom.js';
import { api, enc, nodeIdOf } from './api.js';
import { state, asOf } from './state.js';
import { incidentsOf, incidentRow } from './browse.js';
import { tagChips } from './classifications.js';

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
  // As of a moment the server lists only the versions written by then, each with its run's state then.
  const [d, versions] = await Promise.all([api(asOf(url)), api(asOf(url.replace('/dataset?', '/dataset/versions?') + '&limit=10'))]);
  const id = nodeIdOf('dataset', [d.namespace, d.name]);
  const incidents = incidentsOf(id);
  return [
    el('div', { class: 'kind', text: 'DATASET' + (d.datasetType ? ' · ' + d.datasetType : '') + (d.deleted ? ' · dropped' : '') }),
    el('h2', { id: 'panel-title', text: d.name }), el('div', { class: 'ns', text: d.namespace }),
    tagChips(id, d.tags),
    d.description ? el('p', { text: d.description }) : null,
    ...(incidents.length ? section('Open incidents', ...incidents.map((i) => incidentRow(i, openNode))) : []),
    ...section('Schema', d.fields.length === 0 ? hint('no fields known')
      : table(['field', 'type', 'description', 'tags'], d.fields.map((f) => [f.name, f.type, f.description, tagChips(nodeIdOf('datasetField', [d.namespace, d.name, f.name]), f.tags)]), { class: 'schema' })),
    ...section('Owners', chips(d.owners.map((o) => o.name + (o.type ? ' (' + o.type + ')' : '')))),
    ...section('Version history', versions.versions.length === 0 ? hint('never written by a run')
      : table(['created', 'by run', 'state', 'rows'], versions.versions.map((v) => {
        const run = v.createdByRun;
        return [when(v.createdAt), el('span', { title: 'run ' + v.runId, text: v.job.name + ' · …' + String(v.runId).slice(-8) }),
          run ? stateBadge(run.state) : '—', v.rowCount];
      }), { class: 'versions' })),
    ...section('Facets', ...facets(d.facets)),
    el('p', { class: 'hint', text: 'Last modified ' + when(d.lastModifiedAt) + ' · ' + versions.totalCount + ' versions' + (state.asOf ? ' by ' + when(state.asOf) : '') }),
  ];
}

async function job(namespace, name) {
  const url = '/api/v1/job?nodeId=' + enc(nodeIdOf('job', [namespace, name]));
  // As of a moment the server lists only the runs begun by then, each in its state then.
  const [j, runs] = await Promise.all([api(asOf(url)), api(asOf(url.replace('/job?', '/job/runs?') + '&limit=30'))]);
  const failed = runs.runs.find((r) => r.errorMessage);
  const oldestFirst = [...runs.runs].reverse();
  return [
    el('div', { class: 'kind', text: 'JOB · ' + j.type + (j.integration ? ' · ' + j.integration : '') }),
    el('h2', { id: 'panel-title', text: j.name }), el('div', { class: 'ns', text: j.namespace }),
    jobTags(j.tags),
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

/** Rows the run wrote (summed over its outputs), or '—' when no output reported a count. */
export function rowsWritten(run) {
  const counts = (run && run.outputDatasetVersions || []).map((v) => v.rowCount).filter((n) => typeof n === 'number');
  return counts.length ? counts.reduce((a, b) => a + b, 0) : null;
}

function jobTags(tags) {
  const names = (tags || []).map((t) => (typeof t === 'string' ? t : t.name));
  return names.length ? el('div', { class: 'tags' }, ...names.map((t) => el('span', { class: 'tag', text: t }))) : null;
}

function facets(map) {
  const names = Object.keys(map || {});
  if (names.length === 0) return [hint('none')];
  return names.map((name) => el('details', {}, el('summary', { text: name }), el('pre', { text: JSON.stringify(map[name], null, 2) })));
}
