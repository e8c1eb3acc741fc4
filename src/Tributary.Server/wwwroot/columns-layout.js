// The column view's layout: datasets (boxes of fields) and jobs in layers from left to right, and the fields inside
// each box ordered so that column edges cross as little as possible. General compound layouts place fields without
// looking at their edges, which turns an 11-column table into a tangle; this is the layered (Sugiyama) barycentre
// heuristic applied at two levels: boxes within a layer, then fields within a box, sweeping down and up a few times.

const FIELD_HEIGHT = 26;
const FIELD_GAP = 4;
const BOX_GAP = 64;
const LAYER_GAP = 150;
const SWEEPS = 6;

/** Lays out the column view drawn in `cy` (fields whose parent is their dataset's box) and returns the node count. */
export function layoutColumns(cy) {
  const tops = cy.nodes().filter((n) => n.isParent() || !n.isChild());
  const index = new Map();
  tops.forEach((n, i) => index.set(n.id(), i));
  const topOf = (node) => (node.isChild() ? node.parent()[0] : node);

  // Layer edges between boxes and jobs, from every drawn edge (a field edge links its two boxes).
  const next = tops.map(() => new Set());
  const prev = tops.map(() => new Set());
  cy.edges().forEach((e) => {
    const a = index.get(topOf(e.source()).id());
    const b = index.get(topOf(e.target()).id());
    if (a === undefined || b === undefined || a === b) return;
    next[a].add(b);
    prev[b].add(a);
  });
  const layer = longestPathLayers(tops.length, next, prev);

  const layers = [];
  for (let i = 0; i < tops.length; i++) (layers[layer[i]] ||= []).push(i);
  const fieldsOf = tops.map((n) => (n.isParent() ? n.children().toArray() : []));
  for (const fields of fieldsOf) fields.sort((x, y) => String(x.data('label')).localeCompare(String(y.data('label'))));

  // Positions are rows counted from the top of the drawing; barycentres are taken over field rows.
  const rowOf = new Map();
  const assignRows = () => {
    for (const members of layers) {
      if (!members) continue;
      let row = 0;
      for (const i of members) {
        rowOf.set(tops[i].id(), row + Math.max(fieldsOf[i].length, 1) / 2);
        fieldsOf[i].forEach((f, k) => rowOf.set(f.id(), row + k + 0.5));
        row += Math.max(fieldsOf[i].length, 1) + 1.5;
      }
    }
  };
  const neighbourRows = (node, downward) => {
    const edges = downward ? node.incomers('edge') : node.outgoers('edge');
    let sum = 0;
    let count = 0;
    edges.forEach((e) => {
      const other = downward ? e.source() : e.target();
      const r = rowOf.get(other.id());
      if (r !== undefined) { sum += r; count++; }
    });
    return count === 0 ? null : sum / count;
  };
  const sortBy = (items, keyOf) => {
    const keyed = items.map((item, k) => ({ item, k, key: keyOf(item) }));
    // Items without neighbours keep their place relative to the others.
    let last = 0;
    for (const entry of keyed) { if (entry.key === null) entry.key = last; else last = entry.key; }
    keyed.sort((x, y) => x.key - y.key || x.k - y.k);
    return keyed.map((entry) => entry.item);
  };

  assignRows();
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const downward = sweep % 2 === 0;
    const order = layers.map((_, k) => k);
    if (!downward) order.reverse();
    for (const k of order) {
      const members = layers[k];
      if (!members) continue;
      for (const i of members) {
        if (fieldsOf[i].length > 1) fieldsOf[i] = sortBy(fieldsOf[i], (f) => neighbourRows(f, downward));
      }
      layers[k] = sortBy(members, (i) => {
        const rows = (fieldsOf[i].length ? fieldsOf[i] : [tops[i]]).map((n) => neighbourRows(n, downward)).filter((r) => r !== null);
        return rows.length === 0 ? null : rows.reduce((a, b) => a + b, 0) / rows.length;
      });
      assignRows();
    }
  }

  // Layer widths follow the widest label in the layer, so long names are never cut.
  const positions = {};
  let x = 0;
  for (const members of layers) {
    if (!members) continue;
    let width = 0;
    for (const i of members) {
      const nodes = fieldsOf[i].length ? fieldsOf[i] : [tops[i]];
      for (const n of nodes) width = Math.max(width, n.width());
    }
    let y = 0;
    for (const i of members) {
      const fields = fieldsOf[i];
      if (fields.length === 0) {
        positions[tops[i].id()] = { x: x + width / 2, y: y + tops[i].height() / 2 };
        y += tops[i].height() + BOX_GAP;
        continue;
      }
      y += FIELD_HEIGHT; // the box's title
      for (const f of fields) {
        positions[f.id()] = { x: x + width / 2, y: y + FIELD_HEIGHT / 2 };
        y += FIELD_HEIGHT + FIELD_GAP;
      }
      y += BOX_GAP;
    }
    x += width + LAYER_GAP;
  }
  cy.batch(() => {
    cy.nodes().forEach((n) => { const p = positions[n.id()]; if (p) n.position(p); });
  });
  cy.emit('layoutstop');
  return tops.length;
}

// Longest-path layering over a graph that may hold cycles: a depth-first order skips back edges, then each node sits
// one layer right of its furthest predecessor.
function longestPathLayers(count, next, prev) {
  const order = [];
  const mark = new Uint8Array(count);
  const back = new Set();
  for (let start = 0; start < count; start++) {
    if (mark[start]) continue;
    const stack = [[start, [...next[start]], 0]];
    mark[start] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top[2] < top[1].length) {
        const to = top[1][top[2]++];
        if (mark[to] === 1) back.add(top[0] + '>' + to);
        else if (mark[to] === 0) { mark[to] = 1; stack.push([to, [...next[to]], 0]); }
      } else {
        mark[top[0]] = 2;
        order.push(top[0]);
        stack.pop();
      }
    }
  }
  order.reverse();
  const layer = new Int32Array(count);
  for (const node of order) {
    for (const from of prev[node]) {
      if (!back.has(from + '>' + node)) layer[node] = Math.max(layer[node], layer[from] + 1);
    }
  }
  return layer;
}
