/**
 * The page's own script (plain ES2017, inlined after uPlot). It reads the JSON data block,
 * draws one uPlot chart per panel on a shared time axis (cursor and zoom synchronised), and
 * links them to the <video>: a playhead follows playback (timeupdate + requestAnimationFrame
 * while playing), a click on any plot or table row seeks the video. Drag on a plot zooms all
 * plots; double-click resets. It sets window.__filmscoreReport = { ready, loadMs, charts }
 * for tests and benchmarks.
 */
export const REPORT_CLIENT_JS = String.raw`
(function () {
  'use strict';
  var t0 = performance.now();
  var D = JSON.parse(document.getElementById('fs-data').textContent);
  var tParsed = performance.now();
  var R = window.__filmscoreReport = { ready: false, loadMs: null, charts: [], timings: { parseMs: 0, chartsMs: {} } };
  var dpr = window.devicePixelRatio || 1;
  var COL = {
    axis: '#9aa3b2', grid: 'rgba(255,255,255,0.07)', text: '#d7dce4', dim: '#7d8696',
    arousal: '#ff6b6b', arousalBand: 'rgba(255,107,107,0.20)', valence: '#4dabf7', dominance: '#69db7c',
    hit: '#ffa94d', playhead: '#ff3b30', speech: 'rgba(255,212,59,0.13)', speechEdge: 'rgba(255,212,59,0.55)',
    tempo: '#e599f7', wanted: '#868e96', tension: '#ff8787', dynamics: '#ffd43b', density: '#38d9a9',
    mixM: 'rgba(116,192,252,0.55)', mixS: '#74c0fc', progM: 'rgba(177,151,252,0.5)', progS: '#b197fc', target: '#ced4da',
    measured: '#ffa94d', planned: '#adb5bd', ok: '#51cf66', bad: '#ff6b6b'
  };
  var KIND_COL = {
    cut: '#f1f3f5', fade: '#adb5bd', dissolve: '#adb5bd', flash: '#ffe066', 'motion-peak': '#ff922b', 'close-up': '#f783ac',
    line: '#b197fc', speech: '#ffd43b', beat: '#66d9e8', 'cue-build': '#ff6b6b', 'cue-hit': '#ff6b6b', 'cue-drop': '#ff6b6b',
    'cue-swell': '#ff6b6b', 'cue-fade-out': '#ff6b6b', 'character-entrance': '#74c0fc', 'narrative-beat': '#63e6be', 'scene-change': '#ced4da'
  };
  var TEXTURE_COL = { full: 'rgba(92,124,250,0.16)', sparse: 'rgba(92,124,250,0.08)', drone: 'rgba(250,176,5,0.14)', silence: 'rgba(134,142,150,0.10)' };

  // ---------------------------------------------------------------- timecode (SMPTE, DF at 29.97/59.94)
  // The same arithmetic as src/time/timecode.ts (secondsToTimecode), checked against it by test/report.test.ts.
  function pad(n) { return n < 10 ? '0' + n : '' + n; }
  function makeTc(fpsN, fpsD) {
    var nom = Math.max(1, Math.round(fpsN / fpsD)), df = fpsD === 1001 && (fpsN === 30000 || fpsN === 60000);
    return function (t) {
      if (!(t >= 0)) t = 0;
      var x = t * fpsN / fpsD, f = Math.round(x);
      if (Math.abs(x - f) > 1e-9 * Math.max(1, Math.abs(x))) f = Math.floor(x);
      var label = f;
      if (df) {
        var drop = Math.round(nom / 15), perMin = nom * 60 - drop, perTen = nom * 600 - 9 * drop;
        var tens = Math.floor(f / perTen), rest = f % perTen;
        label += 9 * drop * tens;
        if (rest >= drop) label += drop * Math.floor((rest - drop) / perMin);
      }
      var ts = Math.floor(label / nom);
      return pad(Math.floor(ts / 3600)) + ':' + pad(Math.floor(ts / 60) % 60) + ':' + pad(ts % 60) + (df ? ';' : ':') + pad(label % nom);
    };
  }
  var tc = makeTc(D.fps.num, D.fps.den);
  R.makeTc = makeTc;
  function fmt(v, d, unit) { return v == null || !isFinite(v) ? '—' : v.toFixed(d) + (unit || ''); }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }

  // ---------------------------------------------------------------- video link
  var video = document.getElementById('player');
  var playheadT = 0;
  var phLabel = document.getElementById('playhead-tc');
  function seek(t) {
    t = Math.max(0, Math.min(D.duration, t));
    if (video && video.readyState >= 1) video.currentTime = t;
    setPlayhead(t);
  }
  function setPlayhead(t) {
    playheadT = t;
    if (phLabel) phLabel.textContent = tc(t);
    for (var i = 0; i < R.charts.length; i++) placePlayhead(R.charts[i].u);
  }
  function placePlayhead(u) {
    var el = u.__playhead;
    if (!el) return;
    var x = u.valToPos(playheadT, 'x');
    el.style.display = x >= 0 && x <= u.over.clientWidth ? 'block' : 'none';
    el.style.transform = 'translateX(' + x.toFixed(1) + 'px)';
  }
  if (video) {
    var raf = 0;
    var tick = function () { setPlayhead(video.currentTime); raf = video.paused ? 0 : requestAnimationFrame(tick); };
    video.addEventListener('timeupdate', function () { setPlayhead(video.currentTime); });
    video.addEventListener('seeked', function () { setPlayhead(video.currentTime); });
    video.addEventListener('play', function () { if (!raf) raf = requestAnimationFrame(tick); });
    video.addEventListener('error', function () {
      var n = document.getElementById('video-missing');
      if (n) n.hidden = false;
    });
  }

  // ---------------------------------------------------------------- shared chart machinery
  var plotsEl = document.getElementById('plots');
  function chartWidth() { return Math.max(420, plotsEl.clientWidth - 26); }
  var X_AXIS = function () {
    return {
      stroke: COL.axis, font: '11px ui-monospace,SFMono-Regular,Menlo,monospace', size: 28, space: 110, gap: 4,
      grid: { stroke: COL.grid, width: 1 }, ticks: { stroke: COL.grid, width: 1, size: 4 },
      values: function (u, splits) { return splits.map(function (s) { return s == null ? '' : tc(s); }); }
    };
  };
  function yAxis(label, values, splits) {
    var a = { stroke: COL.axis, font: '11px system-ui,sans-serif', size: 64, gap: 4, label: label, labelSize: 14, labelFont: '11px system-ui,sans-serif',
      grid: { stroke: COL.grid, width: 1 }, ticks: { stroke: COL.grid, width: 1, size: 4 } };
    if (values) a.values = values;
    if (splits) a.splits = splits;
    return a;
  }
  function X(u, t) { return u.valToPos(t, 'x', true); }
  function Y(u, v, scale) { return u.valToPos(v, scale || 'y', true); }
  function withClip(u, fn) {
    var ctx = u.ctx, b = u.bbox;
    ctx.save(); ctx.beginPath(); ctx.rect(b.left, b.top, b.width, b.height); ctx.clip();
    fn(ctx, b); ctx.restore();
  }
  function hitLines(u) {
    if (!D.hits.length) return;
    withClip(u, function (ctx, b) {
      ctx.strokeStyle = 'rgba(255,169,77,0.45)'; ctx.lineWidth = dpr; ctx.setLineDash([4 * dpr, 3 * dpr]);
      D.hits.forEach(function (h) { var x = X(u, h.t); ctx.beginPath(); ctx.moveTo(x, b.top); ctx.lineTo(x, b.top + b.height); ctx.stroke(); });
      ctx.setLineDash([]);
    });
  }
  function shade(u, spans, fill, edge) {
    withClip(u, function (ctx, b) {
      spans.forEach(function (s) {
        var x0 = X(u, s.start), x1 = X(u, s.end);
        ctx.fillStyle = fill; ctx.fillRect(x0, b.top, Math.max(dpr, x1 - x0), b.height);
        if (edge) { ctx.fillStyle = edge; ctx.fillRect(x0, b.top + b.height - 3 * dpr, Math.max(dpr, x1 - x0), 3 * dpr); }
      });
    });
  }
  function label(ctx, text, x, y, colour, size, maxW) {
    ctx.font = (size || 11) * dpr + 'px system-ui,sans-serif'; ctx.fillStyle = colour || COL.text; ctx.textBaseline = 'top'; ctx.textAlign = 'left';
    if (maxW != null) {
      if (maxW < 14 * dpr) return;
      while (text.length > 1 && ctx.measureText(text).width > maxW) text = text.slice(0, -2) + '…';
    }
    ctx.fillText(text, x, y);
  }
  var zooming = false;
  function syncZoom(src) {
    if (zooming) return;
    zooming = true;
    var sc = src.scales.x;
    R.charts.forEach(function (c) { if (c.u !== src && (c.u.scales.x.min !== sc.min || c.u.scales.x.max !== sc.max)) c.u.setScale('x', { min: sc.min, max: sc.max }); });
    zooming = false;
    R.charts.forEach(function (c) { placePlayhead(c.u); });
  }
  function nearest(list, t, key) {
    var best = null, bd = Infinity;
    list.forEach(function (e) { var d = Math.abs((key ? e[key] : e.t) - t); if (d < bd) { bd = d; best = e; } });
    return best ? { item: best, dist: bd } : null;
  }
  function within(list, t) { for (var i = 0; i < list.length; i++) if (t >= list[i].start && t < list[i].end) return { item: list[i], index: i }; return null; }
  function pxToSec(u, px) { return Math.abs(u.posToVal(px, 'x') - u.posToVal(0, 'x')); }

  /** One panel's chart. spec: id, height, data, series, y, bands, under, over, info, colour, legend. */
  function makeChart(spec) {
    var tStart = performance.now();
    var panel = document.getElementById(spec.id);
    spec.series.forEach(function (s) { if (!s.points) s.points = { show: false }; });
    var infoEl = panel.querySelector('.info');
    var opts = {
      width: chartWidth(), height: spec.height,
      scales: { x: { time: false }, y: spec.yRange ? { range: spec.yRange } : { auto: true } },
      axes: [X_AXIS(), spec.yAxis || yAxis('')],
      series: [{ label: 'Timecode', value: function (u, v) { return v == null ? '—' : tc(v); } }].concat(spec.series),
      bands: spec.bands || [],
      cursor: { sync: { key: 'filmscore', setSeries: false }, drag: { x: true, y: false, setScale: true }, points: { size: 7 } },
      legend: { show: spec.legend !== false, live: true },
      padding: [8, 40, 0, 0],
      hooks: {
        drawClear: [function (u) { if (spec.under) spec.under(u); }],
        draw: [function (u) { if (spec.over) spec.over(u); if (spec.hitLines !== false) hitLines(u); }],
        setScale: [function (u, key) { if (key === 'x') syncZoom(u); }],
        setCursor: [function (u) {
          if (!infoEl || !spec.info) return;
          var i = u.cursor.left;
          if (i == null || i < 0) { infoEl.textContent = infoEl.dataset.idle || ''; return; }
          var t = u.posToVal(i, 'x');
          infoEl.innerHTML = '<span class="tc">' + tc(t) + '</span> ' + (spec.info(t, u) || '');
        }]
      }
    };
    var u = new uPlot(opts, spec.data, panel.querySelector('.chart'));
    var ph = document.createElement('div'); ph.className = 'playhead'; u.over.appendChild(ph); u.__playhead = ph;
    var downX = null;
    u.over.addEventListener('mousedown', function (e) { downX = e.clientX; });
    u.over.addEventListener('mouseup', function (e) {
      if (downX != null && Math.abs(e.clientX - downX) < 4) seek(u.posToVal(e.offsetX, 'x'));
      downX = null;
    });
    (spec.hideLegend || []).forEach(function (i) { var row = u.root.querySelectorAll('.u-legend .u-series')[i]; if (row) row.style.display = 'none'; });
    if (infoEl && spec.info) infoEl.dataset.idle = infoEl.textContent;
    R.charts.push({ id: spec.id, u: u, colour: spec.colour, kind: spec.kind || 'line' });
    R.timings.chartsMs[spec.id] = Math.round(performance.now() - tStart);
    placePlayhead(u);
    return u;
  }
  function notAvailable(id, why) {
    var p = document.getElementById(id);
    var c = p.querySelector('.chart');
    c.className = 'chart na'; c.textContent = 'Not available: ' + why;
    var i = p.querySelector('.info'); if (i) i.remove();
  }
  /** x data from 0 to the duration, whatever the series hold. */
  function withEnds(xs, cols) {
    var x = xs.slice(), ys = cols.map(function (c) { return c.slice(); });
    if (!x.length || x[0] > 0) { x.unshift(0); ys.forEach(function (y) { y.unshift(null); }); }
    if (x[x.length - 1] < D.duration) { x.push(D.duration); ys.forEach(function (y) { y.push(null); }); }
    return [x].concat(ys);
  }
  var stepped = uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined;

  // ---------------------------------------------------------------- 1. picture strip
  var sheets = D.sprites.map(function (src) { var im = new Image(); im.src = src; return im; });
  var images = D.thumbs.filter(function (th) { return sheets[th.sprite]; }).map(function (th) { return { t: th.t, shot: th.shot, img: sheets[th.sprite], x: th.x, w: th.w, h: th.h }; });
  function thumbFor(shotIndex, tMid) {
    var own = images.filter(function (i) { return i.shot === shotIndex; });
    if (own.length) return own;
    var n = nearest(images, tMid);
    return n ? [n.item] : [];
  }
  var shots = D.shots.length ? D.shots : [{ start: 0, end: D.duration, transition: 'cut', transitionDuration: 0 }];
  makeChart({
    id: 'p-strip', height: 104, colour: null, kind: 'image', legend: false,
    data: [[0, D.duration], [null, null]], series: [{ label: 'Picture', stroke: 'transparent' }], yRange: [0, 1],
    yAxis: yAxis('shots', function () { return []; }, function () { return []; }),
    under: function (u) {
      withClip(u, function (ctx, b) {
        ctx.fillStyle = '#0b0c0f'; ctx.fillRect(b.left, b.top, b.width, b.height);
        shots.forEach(function (s, si) {
          var x0 = X(u, s.start), x1 = X(u, s.end), w = x1 - x0;
          if (x1 < b.left || x0 > b.left + b.width || w <= 0) return;
          var pics = thumbFor(si, (s.start + s.end) / 2);
          var tileW = w / Math.max(1, pics.length);
          pics.forEach(function (p, k) {
            var im = p.img; if (!im.complete || !im.naturalWidth) return;
            var dx = x0 + k * tileW, dh = b.height, dw = tileW;
            // cover: crop the picture (p.x, 0, p.w, p.h in its sheet) to the tile's aspect
            var sAR = p.w / p.h, tAR = dw / dh, sx = p.x, sy = 0, sw = p.w, sh = p.h;
            if (sAR > tAR) { sw = sh * tAR; sx = p.x + (p.w - sw) / 2; } else { sh = sw / tAR; sy = (p.h - sh) / 2; }
            if (sw >= 1 && sh >= 1) ctx.drawImage(im, sx, sy, sw, sh, dx, b.top, dw, dh);
          });
          if (s.transition !== 'cut' && s.transitionDuration > 0) {
            var tx = X(u, s.start + s.transitionDuration) - x0;
            var g = ctx.createLinearGradient(x0, 0, x0 + tx, 0); g.addColorStop(0, 'rgba(0,0,0,0.85)'); g.addColorStop(1, 'rgba(0,0,0,0)');
            ctx.fillStyle = g; ctx.fillRect(x0, b.top, tx, b.height);
          }
          ctx.fillStyle = '#000'; ctx.fillRect(x0 - dpr, b.top, 2 * dpr, b.height);
          label(ctx, String(si + 1), x0 + 3 * dpr, b.top + 3 * dpr, '#fff', 10, w - 6 * dpr);
        });
      });
    },
    info: function (t) {
      var s = within(shots, t);
      if (!s) return '';
      return 'shot ' + (s.index + 1) + ' of ' + shots.length + ': ' + tc(s.item.start) + ' – ' + tc(s.item.end) + ' (' + (s.item.end - s.item.start).toFixed(2) + ' s), begins with a ' + s.item.transition;
    }
  });

  // ---------------------------------------------------------------- 2. emotional arc
  if (D.arc) {
    var A = D.arc, ser = [
      { label: 'uncertainty +σ', stroke: 'transparent', points: { show: false } },
      { label: 'uncertainty −σ', stroke: 'transparent', points: { show: false } },
      { label: 'Intensity — combined', stroke: COL.arousal, width: 2.2, value: function (u, v) { return fmt(v, 2); } },
      { label: 'Mood — combined', stroke: COL.valence, width: 2.2, value: function (u, v) { return fmt(v, 2); } },
      { label: 'Power — combined', stroke: COL.dominance, width: 1, show: false, value: function (u, v) { return fmt(v, 2); } },
      { label: 'Intensity — words', stroke: COL.arousal, width: 1.4, dash: [7, 4], alpha: 0.8, spanGaps: false, value: function (u, v) { return fmt(v, 2); } },
      { label: 'Mood — words', stroke: COL.valence, width: 1.4, dash: [7, 4], alpha: 0.8, spanGaps: false, value: function (u, v) { return fmt(v, 2); } }
    ], cols = [A.aHi, A.aLo, A.a, A.v, A.d, A.textA, A.textV];
    if (A.picA && A.picV) {
      ser.push({ label: 'Intensity — picture', stroke: COL.arousal, width: 1, dash: [2, 3], alpha: 0.75, value: function (u, v) { return fmt(v, 2); } });
      ser.push({ label: 'Mood — picture', stroke: COL.valence, width: 1, dash: [2, 3], alpha: 0.75, value: function (u, v) { return fmt(v, 2); } });
      cols.push(A.picA, A.picV);
    } else {
      document.getElementById('arc-pic-note').hidden = false;
    }
    makeChart({
      id: 'p-arc', height: 230, colour: COL.arousal, data: withEnds(A.t, cols), series: ser, yRange: [-1.05, 1.05],
      yAxis: yAxis('calm / dark  ←  →  excited / bright', function (u, s) { return s.map(function (v) { return v.toFixed(1); }); }, function () { return [-1, -0.5, 0, 0.5, 1]; }),
      bands: [{ series: [1, 2], fill: COL.arousalBand }], hideLegend: [1, 2],
      under: function (u) {
        shade(u, D.speech, 'rgba(255,212,59,0.05)');
        withClip(u, function (ctx, b) { ctx.strokeStyle = 'rgba(255,255,255,0.25)'; ctx.lineWidth = dpr; var y = Y(u, 0); ctx.beginPath(); ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke(); });
      },
      info: function (t) {
        var l = within(D.lines, t);
        return l ? '<span class="q">' + esc((l.item.who ? l.item.who + ': ' : '') + l.item.text) + '</span>' : '';
      }
    });
  } else notAvailable('p-arc', 'analysis.json has no arc');

  // ---------------------------------------------------------------- 3. events and hit points
  var LANES = [
    { key: 'video', name: 'Picture' }, { key: 'script', name: 'Script' }, { key: 'audio', name: 'Sound' },
    { key: 'prompt', name: 'Prompt' }, { key: 'fusion', name: 'Story' }, { key: 'hits', name: 'Hit points' }
  ];
  var laneOf = {}; LANES.forEach(function (l, i) { laneOf[l.key] = i; });
  var evs = D.events.map(function (e) { return { t: e.t, lane: laneOf[e.source] != null ? laneOf[e.source] : laneOf.fusion, kind: e.kind, strength: e.strength, label: e.label, src: e.source }; });
  D.beats.forEach(function (b) { evs.push({ t: b.t, lane: laneOf.fusion, kind: 'narrative-beat', strength: b.strength, label: b.kind + (b.reason ? ' — ' + b.reason : ''), src: 'script' }); });
  makeChart({
    id: 'p-events', height: 190, colour: KIND_COL.cut, kind: 'dots', legend: false, hitLines: false,
    data: [[0, D.duration], [null, null]], series: [{ label: 'events', stroke: 'transparent' }], yRange: [-0.5, LANES.length - 0.5],
    yAxis: yAxis('', function (u, s) { return s.map(function (v) { var l = LANES[LANES.length - 1 - v]; return l ? l.name : ''; }); }, function () { return LANES.map(function (l, i) { return i; }); }),
    over: function (u) {
      withClip(u, function (ctx, b) {
        var hy = Y(u, LANES.length - 1 - laneOf.hits), labelEnd = -Infinity;
        var hx = D.hits.map(function (h) { return X(u, h.t); });
        D.hits.forEach(function (h, i) {
          var x = hx[i];
          ctx.strokeStyle = 'rgba(255,169,77,0.55)'; ctx.lineWidth = dpr; ctx.setLineDash([4 * dpr, 3 * dpr]);
          ctx.beginPath(); ctx.moveTo(x, b.top); ctx.lineTo(x, b.top + b.height); ctx.stroke(); ctx.setLineDash([]);
          var s = 6 * dpr; ctx.fillStyle = COL.hit; ctx.beginPath(); ctx.moveTo(x, hy - s); ctx.lineTo(x + s, hy); ctx.lineTo(x, hy + s); ctx.lineTo(x - s, hy); ctx.closePath(); ctx.fill();
        });
        // bar:beat beside each diamond where it fits before the next one (hover shows every hit)
        ctx.font = 10 * dpr + 'px system-ui,sans-serif';
        D.hits.forEach(function (h, i) {
          var txt = h.bar + ':' + h.beat, x = hx[i] + 8 * dpr, end = x + ctx.measureText(txt).width;
          var next = i + 1 < hx.length ? hx[i + 1] - 7 * dpr : Infinity;
          if (x > labelEnd && end < next) { label(ctx, txt, x, hy - 5 * dpr, COL.hit, 10); labelEnd = end + 4 * dpr; }
        });
        (D.links || []).forEach(function (l) {
          var x0 = X(u, l.from), x1 = X(u, l.to);
          var y0 = Y(u, LANES.length - 1 - (laneOf[l.fromSource] != null ? laneOf[l.fromSource] : laneOf.fusion));
          var y1 = Y(u, LANES.length - 1 - (laneOf[l.toSource] != null ? laneOf[l.toSource] : laneOf.fusion));
          var lift = Math.min(40 * dpr, Math.abs(x1 - x0) / 3 + 6 * dpr);
          ctx.strokeStyle = 'rgba(99,230,190,0.45)'; ctx.lineWidth = 1.2 * dpr;
          ctx.beginPath(); ctx.moveTo(x0, y0); ctx.bezierCurveTo(x0, Math.min(y0, y1) - lift, x1, Math.min(y0, y1) - lift, x1, y1); ctx.stroke();
        });
        evs.forEach(function (e) {
          var x = X(u, e.t), y = Y(u, LANES.length - 1 - e.lane), r = (2 + 5 * Math.max(0, Math.min(1, e.strength))) * dpr;
          ctx.fillStyle = KIND_COL[e.kind] || '#dee2e6'; ctx.globalAlpha = 0.85;
          ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill(); ctx.globalAlpha = 1;
        });
      });
    },
    info: function (t, u) {
      var tol = pxToSec(u, 8);
      var h = nearest(D.hits, t);
      if (h && h.dist <= tol) return '<b class="hitc">hit point</b> ' + esc(h.item.kind) + ' — ' + esc(h.item.label) + ' → bar ' + h.item.bar + ', beat ' + h.item.beat;
      var e = nearest(evs, t);
      if (e && e.dist <= tol) return esc(LANES[e.item.lane].name) + ': <b>' + esc(e.item.kind) + '</b> (strength ' + e.item.strength.toFixed(2) + ')' + (e.item.label ? ' — ' + esc(e.item.label) : '');
      return '';
    }
  });

  // ---------------------------------------------------------------- 4. tempo and keys
  if (D.tempo) {
    makeChart({
      id: 'p-tempo', height: 170, colour: COL.tempo, data: withEnds(D.tempo.t, [D.tempo.map, D.tempo.wanted]),
      series: [
        { label: 'Tempo map (what the score plays)', stroke: COL.tempo, width: 2.2, paths: stepped, value: function (u, v) { return fmt(v, 1, ' bpm'); } },
        { label: 'Tempo the scene asks for', stroke: COL.wanted, width: 1.2, spanGaps: true, value: function (u, v) { return fmt(v, 1, ' bpm'); } }
      ],
      yAxis: yAxis('bpm'),
      under: function (u) {
        withClip(u, function (ctx, b) {
          D.keys.forEach(function (k, i) {
            var x0 = X(u, k.start), x1 = X(u, k.end);
            ctx.fillStyle = k.mode === 'minor' ? 'rgba(92,124,250,' + (i % 2 ? 0.10 : 0.16) + ')' : 'rgba(250,176,5,' + (i % 2 ? 0.08 : 0.13) + ')';
            ctx.fillRect(x0, b.top, x1 - x0, b.height);
            ctx.fillStyle = 'rgba(255,255,255,0.35)'; ctx.fillRect(x0, b.top, dpr, b.height);
            label(ctx, k.label, x0 + 5 * dpr, b.top + 4 * dpr, '#fff', 12, x1 - x0 - 8 * dpr);
          });
        });
      },
      info: function (t) {
        var k = within(D.keys, t), i = 0;
        var m = D.tempo; while (i + 1 < m.t.length && m.t[i + 1] <= t) i++;
        return 'tempo ' + fmt(m.map[i], 1, ' bpm') + (k ? ' · key ' + esc(k.item.label) : '');
      }
    });
  } else notAvailable('p-tempo', 'plan.json has no tempo map');

  // ---------------------------------------------------------------- 5. sections
  if (D.sections.length) {
    var cv = D.curves || { t: [0, D.duration], tension: [null, null], dynamics: [null, null], density: [null, null] };
    makeChart({
      id: 'p-sections', height: 180, colour: COL.tension, data: withEnds(cv.t, [cv.tension, cv.dynamics, cv.density]), yRange: [0, 1.02],
      series: [
        { label: 'Tension', stroke: COL.tension, width: 1.8, value: function (u, v) { return fmt(v, 2); } },
        { label: 'Loudness of the writing (dynamics)', stroke: COL.dynamics, width: 1.4, value: function (u, v) { return fmt(v, 2); } },
        { label: 'Density (notes, layers)', stroke: COL.density, width: 1.2, value: function (u, v) { return fmt(v, 2); } }
      ],
      yAxis: yAxis('0 … 1', function (u, s) { return s.map(function (v) { return v.toFixed(1); }); }),
      under: function (u) {
        withClip(u, function (ctx, b) {
          D.sections.forEach(function (s, i) {
            var x0 = X(u, s.start), x1 = X(u, s.end);
            ctx.fillStyle = TEXTURE_COL[s.texture] || TEXTURE_COL.full; ctx.fillRect(x0, b.top, x1 - x0, b.height);
            ctx.fillStyle = 'rgba(255,255,255,0.4)'; ctx.fillRect(x0, b.top, dpr, b.height);
            label(ctx, s.name, x0 + 5 * dpr, b.top + 4 * dpr, '#fff', 12, x1 - x0 - 8 * dpr);
            label(ctx, s.reason + (s.texture !== 'full' ? ' · ' + s.texture : ''), x0 + 5 * dpr, b.top + 20 * dpr, COL.dim, 10, x1 - x0 - 8 * dpr);
          });
        });
      },
      info: function (t) {
        var s = within(D.sections, t);
        return s ? '<b>' + esc(s.item.name) + '</b> (' + tc(s.item.start) + ' – ' + tc(s.item.end) + '): starts here because ' + esc(s.item.reason) + '; texture ' + esc(s.item.texture) + ', energy ' + s.item.energy.toFixed(2) : '';
      }
    });
  } else notAvailable('p-sections', 'plan.json has no sections');

  // ---------------------------------------------------------------- 6. loudness
  if (D.loudness) {
    var L = D.loudness, lser = [
      { label: 'Score mix, momentary', stroke: COL.mixM, width: 1, value: function (u, v) { return fmt(v, 1, ' LUFS'); } },
      { label: 'Score mix, short-term', stroke: COL.mixS, width: 2, value: function (u, v) { return fmt(v, 1, ' LUFS'); } }
    ], lcols = [L.mixM, L.mixS];
    if (L.progM && L.progS) {
      lser.push({ label: 'Program (dialogue + score), momentary', stroke: COL.progM, width: 1, value: function (u, v) { return fmt(v, 1, ' LUFS'); } });
      lser.push({ label: 'Program, short-term', stroke: COL.progS, width: 2, value: function (u, v) { return fmt(v, 1, ' LUFS'); } });
      lcols.push(L.progM, L.progS);
    }
    makeChart({
      id: 'p-loudness', height: 200, colour: COL.mixS, data: withEnds(L.t, lcols), series: lser, yRange: [-60, 0],
      yAxis: yAxis('LUFS'),
      under: function (u) { shade(u, D.speech, COL.speech, COL.speechEdge); },
      over: function (u) {
        if (!L.summary) return;
        withClip(u, function (ctx, b) {
          var y = Y(u, L.summary.target);
          ctx.strokeStyle = COL.target; ctx.lineWidth = dpr; ctx.setLineDash([6 * dpr, 4 * dpr]);
          ctx.beginPath(); ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke(); ctx.setLineDash([]);
          label(ctx, 'target ' + L.summary.target + ' LUFS', b.left + 6 * dpr, y + 3 * dpr, COL.target, 10);
        });
      },
      info: function (t) { var s = within(D.speech, t); return s ? '<span class="speechc">dialogue</span> — the score is ducked here' : ''; }
    });
  } else notAvailable('p-loudness', 'no mix.wav to measure');

  // ---------------------------------------------------------------- 7. sync
  var measured = D.hits.filter(function (h) { return h.measuredMs != null; });
  if (D.sync && D.hits.length) {
    var hx = D.hits.map(function (h) { return h.t; });
    var lim = Math.max(D.frameMs * 1.25, 5);
    D.hits.forEach(function (h) { if (h.measuredMs != null) lim = Math.max(lim, Math.abs(h.measuredMs) * 1.15); });
    makeChart({
      id: 'p-sync', height: 170, colour: COL.measured, hitLines: false, yRange: [-lim, lim],
      data: withEnds(hx, [D.hits.map(function (h) { return h.measuredMs; }), D.hits.map(function (h) { return h.planMs; })]),
      series: [
        { label: 'Measured in the rendered audio', stroke: COL.measured, width: 0, paths: function () { return null; }, points: { show: true, size: 9, fill: COL.measured, stroke: COL.measured }, value: function (u, v) { return fmt(v, 1, ' ms'); } },
        { label: 'Planned (tempo-map rounding)', stroke: COL.planned, width: 0, paths: function () { return null; }, points: { show: true, size: 5, fill: COL.planned, stroke: COL.planned }, value: function (u, v) { return fmt(v, 2, ' ms'); } }
      ],
      yAxis: yAxis('error, ms (late +)', function (u, s) { return s.map(function (v) { return v.toFixed(0); }); }),
      under: function (u) {
        withClip(u, function (ctx, b) {
          var y1 = Y(u, D.frameMs), y0 = Y(u, -D.frameMs);
          ctx.fillStyle = 'rgba(81,207,102,0.08)'; ctx.fillRect(b.left, y1, b.width, y0 - y1);
          ctx.strokeStyle = 'rgba(81,207,102,0.6)'; ctx.lineWidth = dpr; ctx.setLineDash([5 * dpr, 4 * dpr]);
          [y1, y0].forEach(function (y) { ctx.beginPath(); ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke(); });
          ctx.setLineDash([]);
          ctx.strokeStyle = 'rgba(255,255,255,0.3)'; var yz = Y(u, 0); ctx.beginPath(); ctx.moveTo(b.left, yz); ctx.lineTo(b.left + b.width, yz); ctx.stroke();
          label(ctx, '±1 frame (' + D.frameMs.toFixed(1) + ' ms)', b.left + 6 * dpr, y1 + 3 * dpr, COL.ok, 10);
          D.hits.forEach(function (h) {
            if (h.measuredMs == null) return;
            var x = X(u, h.t);
            ctx.strokeStyle = Math.abs(h.measuredMs) <= D.frameMs ? 'rgba(255,169,77,0.7)' : COL.bad; ctx.lineWidth = 2 * dpr;
            ctx.beginPath(); ctx.moveTo(x, yz); ctx.lineTo(x, Y(u, h.measuredMs)); ctx.stroke();
          });
        });
      },
      info: function (t, u) {
        var h = nearest(D.hits, t);
        if (!h || h.dist > pxToSec(u, 10)) return '';
        var m = h.item.measuredMs;
        return '<b class="hitc">' + esc(h.item.kind) + '</b> at ' + tc(h.item.t) + ': ' + (m == null ? 'no onset found in the audio' : (m >= 0 ? '+' : '') + m.toFixed(1) + ' ms = ' + (m / D.frameMs).toFixed(2) + ' frames ' + (Math.abs(m) <= D.frameMs ? '(in sync)' : '(more than a frame off)'));
      }
    });
    if (!measured.length) document.getElementById('sync-none').hidden = false;
  } else notAvailable('p-sync', D.sync ? 'the plan has no hit points' : 'sync-report.json is absent');

  // ---------------------------------------------------------------- tables, resize, ready
  Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (row) {
    row.addEventListener('click', function () { seek(parseFloat(row.getAttribute('data-t'))); if (video && video.paused && video.readyState >= 1) video.scrollIntoView({ block: 'nearest' }); });
  });
  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { var w = chartWidth(); R.charts.forEach(function (c) { c.u.setSize({ width: w, height: c.u.height }); placePlayhead(c.u); }); }, 100);
  });
  setPlayhead(0);
  R.timings.parseMs = Math.round(tParsed - t0);
  var decoded = sheets.map(function (im) { return im.decode ? im.decode().catch(function () {}) : Promise.resolve(); });
  Promise.all(decoded).then(function () {
    R.charts.forEach(function (c) { if (c.kind === 'image') c.u.redraw(false); });
    R.loadMs = performance.now() - t0;
    R.ready = true;
    document.documentElement.setAttribute('data-ready', '1');
  });
})();
`;
