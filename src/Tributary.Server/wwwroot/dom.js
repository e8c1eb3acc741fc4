// Small DOM helpers. Every name from the server is data: it reaches the page only through textContent (or
// cytoscape's canvas labels), never through innerHTML.

export const $ = (id) => document.getElementById(id);

/** An element with attributes (class, text, on<event> handlers, others as attributes) and children. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
export function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
export function fill(node, ...children) {
  clear(node);
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
}

let statusTimer;
/** A short message in the corner of the page. */
export function status(text) {
  const box = $('status');
  box.textContent = text;
  box.classList.add('show');
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => box.classList.remove('show'), 3500);
}

export function when(iso) { return iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—'; }
export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  if (ms < 3600000) return (ms / 60000).toFixed(1) + ' min';
  return (ms / 3600000).toFixed(1) + ' h';
}
/** Milliseconds in a .NET TimeSpan as System.Text.Json writes it ("[-][d.]hh:mm:ss[.fffffff]"), or null. */
export function timeSpanMs(text) {
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$/.exec(text || '');
  if (!m) return null;
  const ms = ((+(m[2] || 0) * 24 + +m[3]) * 60 + +m[4]) * 60000 + +m[5] * 1000 + (m[6] ? Math.round(+('0.' + m[6]) * 1000) : 0);
  return m[1] ? -ms : ms;
}
export function section(title, ...content) { return [el('h3', { text: title }), ...content]; }
export function chips(values, cls = 'chip') {
  if (!values || values.length === 0) return el('span', { class: 'hint', text: 'none' });
  return el('div', {}, ...values.map((v) => el('span', { class: cls, text: v })));
}
export function table(headers, rows, attrs) {
  return el('table', attrs || {}, el('tr', {}, ...headers.map((h) => el('th', { text: h }))),
    ...rows.map((row) => el('tr', {}, ...row.map((cell) => cell instanceof Node ? el('td', {}, cell) : el('td', { text: cell === null || cell === undefined ? '—' : String(cell) })))));
}
export function stateBadge(s) { return el('span', { class: 'state ' + s, text: s }); }
export function hint(text) { return el('span', { class: 'hint', text }); }

/**
 * A bar chart as inline SVG: one bar per value (`bars` of {label, value, cls}), scaled to the largest, each with a
 * title giving its label and value.
 */
export function barChart(bars, { width = 340, height = 70, format = String } = {}) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  const max = Math.max(1, ...bars.map((b) => b.value || 0));
  const step = width / Math.max(bars.length, 1);
  bars.forEach((b, i) => {
    const h = Math.max(1, ((b.value || 0) / max) * (height - 4));
    const rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('x', String(i * step + 1));
    rect.setAttribute('y', String(height - h));
    rect.setAttribute('width', String(Math.max(step - 2, 1)));
    rect.setAttribute('height', String(h));
    rect.setAttribute('class', 'bar ' + (b.cls || ''));
    const title = document.createElementNS(ns, 'title');
    title.textContent = b.label + ': ' + format(b.value);
    rect.append(title);
    svg.append(rect);
  });
  return svg;
}
