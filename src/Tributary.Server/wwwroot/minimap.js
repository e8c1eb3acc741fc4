// A minimap of the whole drawing with the visible part framed. Nodes are painted once per layout into an offscreen
// canvas (thousands of rectangles are cheap once, not on every pan), and only the frame is redrawn as the view moves.
// Clicking or dragging in the minimap moves the view there.

const COLOURS = { DATASET: '#2e6fdb', JOB: '#7a4cc2', DATASET_FIELD: '#0f8b7d', GROUP: '#9db7e8' };

/** Attaches a minimap drawn in `canvas` to the cytoscape instance `cy`. */
export function attachMinimap(cy, canvas) {
  const context = canvas.getContext('2d');
  const nodes = document.createElement('canvas');
  let box = null;
  let scale = 1;
  let frame = 0;

  function paintNodes() {
    const all = cy.nodes(':visible');
    canvas.hidden = all.length === 0;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = nodes.width = Math.round(canvas.clientWidth * ratio);
    canvas.height = nodes.height = Math.round(canvas.clientHeight * ratio);
    if (all.length === 0 || nodes.width === 0 || nodes.height === 0) { box = null; return; }
    const paint = nodes.getContext('2d');
    paint.clearRect(0, 0, nodes.width, nodes.height);
    box = all.boundingBox();
    scale = Math.min(nodes.width / Math.max(box.w, 1), nodes.height / Math.max(box.h, 1));
    // Centred: the drawing keeps its proportions, so the spare room is split on both sides.
    box = { x1: box.x1 - (nodes.width / scale - box.w) / 2, y1: box.y1 - (nodes.height / scale - box.h) / 2, w: box.w, h: box.h };
    all.forEach((node) => {
      const b = node.boundingBox({ includeLabels: false });
      paint.fillStyle = COLOURS[node.data('kind')] || '#888';
      paint.globalAlpha = node.data('kind') === 'GROUP' ? 0.35 : 0.9;
      paint.fillRect((b.x1 - box.x1) * scale, (b.y1 - box.y1) * scale, Math.max(b.w * scale, 1), Math.max(b.h * scale, 1));
    });
    paint.globalAlpha = 1;
    paintFrame();
  }

  function paintFrame() {
    frame = 0;
    context.clearRect(0, 0, canvas.width, canvas.height);
    if (!box) return;
    context.drawImage(nodes, 0, 0);
    const view = cy.extent();
    context.strokeStyle = getComputedStyle(canvas).color || '#e8590c';
    context.lineWidth = 2 * (window.devicePixelRatio || 1);
    context.strokeRect((view.x1 - box.x1) * scale, (view.y1 - box.y1) * scale, view.w * scale, view.h * scale);
  }

  function schedule() { if (!frame) frame = requestAnimationFrame(paintFrame); }

  function moveTo(event) {
    if (!box) return;
    const rect = canvas.getBoundingClientRect();
    const ratio = canvas.width / rect.width;
    const x = box.x1 + ((event.clientX - rect.left) * ratio) / scale;
    const y = box.y1 + ((event.clientY - rect.top) * ratio) / scale;
    const zoom = cy.zoom();
    cy.pan({ x: cy.width() / 2 - x * zoom, y: cy.height() / 2 - y * zoom });
  }

  let dragging = false;
  canvas.addEventListener('pointerdown', (e) => { dragging = true; canvas.setPointerCapture(e.pointerId); moveTo(e); });
  canvas.addEventListener('pointermove', (e) => { if (dragging) moveTo(e); });
  canvas.addEventListener('pointerup', () => { dragging = false; });
  cy.on('layoutstop add remove', () => requestAnimationFrame(paintNodes));
  cy.on('viewport resize', schedule);
  return { repaint: paintNodes };
}
