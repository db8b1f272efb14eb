/**
 * The code that runs in the browser. Each render function is embedded whole by page.ts
 * (Function.prototype.toString), so it may use only its parameters and what it defines inside.
 * The browser objects it touches are typed here as far as it uses them.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;
type ECharts = any;

/** What both pages use: append an element to the page, and escape text for HTML. */
export function pageHelpers(document: Doc): UI {
  const app = document.getElementById('app');
  return {
    el: (tag, html = '', cls = '') => {
      const e = document.createElement(tag);
      e.innerHTML = html;
      if (cls) e.className = cls;
      app.appendChild(e);
      return e;
    },
    esc: (x) => String(x).replace(/&/g, '&amp;').replace(/</g, '&lt;'),
  };
}

interface UI {
  el(tag: string, html?: string, cls?: string): any;
  esc(x: unknown): string;
}

export function renderRun(data: any, echarts: ECharts, document: Doc, ui: UI): void {
  const { el, esc } = ui;
  const s = data.summary;
  el('h1', `${esc(s.scenario)} <span class="meta">seed ${s.seed}</span>`);
  el('div', `${esc(s.tool)} &middot; ${s.duration_ms / 1000} virtual s &middot; cluster formed at ${s.formed_ms === null ? '—' : (s.formed_ms / 1000).toFixed(3) + ' s'}${data.hiddenLanes ? ` &middot; ${data.lanes.length} of ${data.lanes.length + data.hiddenLanes} nodes drawn (those a fault or failover touched first)` : ''}`, 'meta');
  const verdict = (e: any): string => (!e.reached ? '<span class="skip">SKIP</span>' : e.passed ? '<span class="pass">PASS</span>' : '<span class="fail">FAIL</span>');
  el('div', s.expectations.map((e: any) => `${verdict(e)} ${esc(e.expectation)} <span class="meta">— ${esc(e.observed)}</span>`).join('<br>'), 'expectations');
  for (const w of s.warnings) el('div', `warning: ${esc(w)}`, 'skip');

  const COLORS: Record<string, string> = { master: '#2f6fdf', replica: '#3fa34d', down: '#9aa0a6', paused: '#f0a020' };
  const MARKS: Record<string, [string, string]> = {
    pfail_set: ['triangle', '#e8a33d'], fail_set: ['diamond', '#cf222e'], election_scheduled: ['emptyCircle', '#8250df'],
    election_started: ['circle', '#8250df'], vote_granted: ['pin', '#6e7781'], election_won: ['rect', '#111'], master_replaced: ['arrow', '#111'],
  };
  const lanes: string[] = data.lanes;
  const height = Math.max(220, 26 * lanes.length + 90);
  const tl = el('div', '', 'chart');
  tl.style.height = `${height}px`;
  tl.id = 'timeline';
  const row = (i: number): string => data.events[i].map(esc).join(', ');
  const spans = (items: any[], color: (x: any) => string, top: number, frac: number, z: number, name: string): any => ({
    type: 'custom', name, z, data: items,
    encode: { x: [1, 2], y: 0 },
    renderItem: (p: any, api: any) => {
      const a = api.coord([api.value(1), api.value(0)]);
      const b = api.coord([api.value(2), api.value(0)]);
      const h = api.size([0, 1])[1];
      return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2 + h * top, width: Math.max(1, b[0] - a[0]), height: h * frac }, style: { fill: color(items[p.dataIndex]) } };
    },
  });
  const faultSeries = {
    type: 'custom', name: 'faults', z: 1, data: data.faultSpans,
    renderItem: (_p: any, api: any) => {
      const a = api.coord([api.value(2), api.value(1)]);
      const b = api.coord([api.value(3), api.value(0)]);
      const h = api.size([0, 1])[1];
      const w = Math.max(3, b[0] - a[0]);
      return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: w, height: b[1] - a[1] + h }, style: { fill: 'rgba(207,34,46,0.13)', stroke: 'rgba(207,34,46,0.6)' } };
    },
  };
  const markSeries = Object.keys(MARKS).map((kind) => ({
    type: 'scatter', name: kind, z: 5, symbol: MARKS[kind][0], symbolSize: 9, itemStyle: { color: MARKS[kind][1] },
    data: data.marks.filter((m: any) => m[2] === kind).map((m: any) => [m[1], m[0], m[3]]),
    large: data.marks.length > 5000,
  }));
  const timeline = echarts.init(tl);
  timeline.setOption({
    animation: false,
    grid: { left: 60, right: 20, top: 30, bottom: 60 },
    legend: { top: 0, data: Object.keys(MARKS) },
    tooltip: {
      trigger: 'item',
      formatter: (p: any) => {
        if (p.seriesName === 'faults') return `fault: ${esc(p.data[4])}<br>${p.data[2]} s – ${p.data[3]} s`;
        if (p.seriesName === 'roles') return `${lanes[p.data[0]]}: ${esc(p.data[3])} (${p.data[1]} – ${p.data[2].toFixed(3)} s)<br>${esc(p.data[4])}`;
        if (p.seriesName === 'cluster_state fail') return `${lanes[p.data[0]]}: cluster_state fail (${p.data[1]} – ${p.data[2].toFixed(3)} s)`;
        return `events.csv: ${row(p.data[2])}`;
      },
    },
    xAxis: { type: 'value', name: 'virtual s', min: 0, max: s.duration_ms / 1000 },
    yAxis: { type: 'category', data: lanes, inverse: true },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'slider', xAxisIndex: 0, bottom: 10 }],
    series: [
      faultSeries,
      spans(data.roles, (r) => (r[3].startsWith('replica') ? COLORS.replica : COLORS[r[3]] ?? '#ccc'), 0.15, 0.5, 2, 'roles'),
      spans(data.stateFail, () => '#cf222e', 0.7, 0.15, 3, 'cluster_state fail'),
      ...markSeries,
    ],
  });
  el('div', 'lanes: <span style="color:#2f6fdf">master</span>, <span style="color:#3fa34d">replica</span>, <span style="color:#9aa0a6">down</span>, <span style="color:#f0a020">paused</span>; red strip: the node reports cluster_state fail; shaded: a fault across the lanes it touches. Scroll or drag the slider to zoom.', 'meta');

  el('h2', 'Messages sent per second, by type (the replication stream and clients\' commands and replies on a click in the legend)');
  const mc = el('div', '', 'chart');
  mc.style.height = '260px';
  mc.id = 'messages';
  const types = Object.keys(s.sent_per_second);
  const msgs = echarts.init(mc);
  msgs.setOption({
    animation: false,
    grid: { left: 60, right: 20, top: 30, bottom: 60 },
    // Replication streams and clients' traffic dwarf the bus: shown on a click in the legend.
    legend: { top: 0, selected: { replication: false, command: false, reply: false } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'virtual s', min: 0, max: s.duration_ms / 1000 },
    yAxis: { type: 'value', name: 'messages/s' },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'slider', xAxisIndex: 0, bottom: 10 }],
    series: types.map((t) => ({ type: 'line', name: t, step: 'end', showSymbol: false, stack: 'all', areaStyle: {}, data: s.sent_per_second[t].map((v: number, i: number) => [i, v]) })),
  });
  const charts = [timeline, msgs];
  if (data.clients) {
    el('h2', "Client writes per second, by master's slots at the start");
    const cc = el('div', '', 'chart');
    cc.style.height = '280px';
    cc.id = 'clients';
    const masters = Object.keys(data.clients);
    // A second's value holds from its start to the next (step 'end'); a second without successes leaves a gap in p99.
    const line = (name: string, rows: any[], col: number, extra: any): any => ({ type: 'line', name, step: 'end', showSymbol: false, data: rows.map((r: any) => [r[0], r[col] ?? '-']), ...extra });
    const clients = echarts.init(cc);
    clients.setOption({
      animation: false,
      grid: { left: 60, right: 60, top: 30, bottom: 60 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: 'virtual s', min: 0, max: s.duration_ms / 1000 },
      yAxis: [{ type: 'value', name: 'writes/s', min: 0 }, { type: 'log', name: 'p99 ms', min: 0.01 }],
      dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'slider', xAxisIndex: 0, bottom: 10 }],
      series: masters.flatMap((m) => [
        line(`${m} ok`, data.clients[m], 1, {}),
        line(`${m} failed or timed out`, data.clients[m], 2, { lineStyle: { type: 'dashed' } }),
        line(`${m} p99`, data.clients[m], 3, { yAxisIndex: 1, lineStyle: { type: 'dotted' } }),
      ]),
    });
    charts.push(clients);
    el('div', 'each second counts the writes invoked in it; the p99 is of the successful ones (right axis, log scale).', 'meta');
  }
  echarts.connect(charts);

  el('h2', 'Events');
  const nodes = [...new Set(data.events.map((e: string[]) => e[1]))].sort();
  const kinds = [...new Set(data.events.map((e: string[]) => e[2]))].sort();
  const opts = (xs: unknown[]): string => ['<option value="">all</option>', ...xs.map((x) => `<option>${esc(x)}</option>`)].join('');
  el('div', `node <select id="fnode">${opts(nodes)}</select> event <select id="fevent">${opts(kinds)}</select>${data.hiddenEvents ? ` <span class="meta">(first ${data.events.length} rows; ${data.hiddenEvents} more in events.csv)</span>` : ''}`);
  const box = el('div', '', 'scroll');
  const draw = (): void => {
    const n = document.getElementById('fnode').value;
    const k = document.getElementById('fevent').value;
    const rows = data.events.filter((e: string[]) => (!n || e[1] === n) && (!k || e[2] === k)).slice(0, 5000);
    box.innerHTML = `<table id="events"><tr><th>time_ms</th><th>node</th><th>event</th><th>subject</th><th>epoch</th><th>detail</th></tr>${rows.map((e: string[]) => `<tr>${e.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</table>`;
  };
  document.getElementById('fnode').onchange = draw;
  document.getElementById('fevent').onchange = draw;
  draw();
}

export function renderDistributions(data: any, echarts: ECharts, _document: Doc, ui: UI): void {
  const { el, esc } = ui;
  el('h1', esc(data.title));
  el('div', esc(data.subtitle), 'meta');
  for (const sc of data.scenarios) {
    el('h2', `${esc(sc.scenario)} <span class="meta">${sc.seeds} seeds, ${sc.passed} passed</span>`);
    if (sc.verdict) el('div', sc.verdict.ok ? '<span class="pass">within tolerance</span>' : `<span class="fail">${esc(sc.verdict.text)}</span>`);
    for (const f of sc.failed) el('div', `<span class="fail">seed ${f.seed}</span> ${esc(f.expectations.join('; '))} — replay: <code>${esc(f.replay)}</code>`);
    if (sc.slowest.length) el('div', `slowest (${esc(sc.slowestBy)}): ${sc.slowest.map((x: any) => `seed ${x.seed} ${x.ms} ms <code>${esc(x.replay)}</code>`).join(' · ')}`, 'meta');
    for (const iv of sc.intervals) {
      const c = el('div', '', 'chart');
      c.style.height = '240px';
      c.className = 'chart histogram';
      const values: number[] = [...iv.values].sort((a: number, b: number) => a - b);
      const lo = values[0];
      const hi = values[values.length - 1];
      const bins = Math.min(30, Math.max(1, values.length));
      const width = (hi - lo) / bins || 1;
      const counts = new Array(bins).fill(0);
      for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
      const marks = (iv.baseline ?? []).map((b: any) => ({ xAxis: b.value, name: b.name, label: { formatter: b.name }, lineStyle: { color: '#cf222e' } }));
      const bands = (iv.baseline ?? []).map((b: any) => [{ xAxis: b.value - b.allowed, itemStyle: { color: 'rgba(207,34,46,0.08)' } }, { xAxis: b.value + b.allowed }]);
      echarts.init(c).setOption({
        animation: false,
        title: { text: `${iv.name} (ms from the fault)`, textStyle: { fontSize: 13 } },
        grid: { left: 60, right: 60, top: 40, bottom: 30 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'value', min: Math.floor(Math.min(lo, ...(iv.baseline ?? []).map((b: any) => b.value - b.allowed))), max: Math.ceil(Math.max(hi + width, ...(iv.baseline ?? []).map((b: any) => b.value + b.allowed))) },
        yAxis: [{ type: 'value', name: 'seeds' }, { type: 'value', name: 'CDF', max: 1 }],
        series: [
          { type: 'bar', name: 'seeds', barWidth: '90%', data: counts.map((n: number, i: number) => [lo + (i + 0.5) * width, n]), markLine: { symbol: 'none', data: marks }, markArea: { data: bands } },
          { type: 'line', name: 'CDF', yAxisIndex: 1, showSymbol: false, step: 'end', data: values.map((v, i) => [v, (i + 1) / values.length]) },
        ],
      });
    }
  }
}
