import { readFileSync } from 'fs';
import { pageHelpers } from './client';

/**
 * One self-contained HTML file: the charting library (Apache ECharts, inlined), the data as JSON,
 * and a render function that runs in the browser. ECharts because one library draws all we need:
 * lanes of spans and marks (custom series), histograms and CDFs, zoom linked across charts,
 * tooltips, and canvas rendering that stays fast with tens of thousands of marks.
 */
let echartsSource: string | undefined;

function echarts(): string {
  echartsSource ??= readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  return echartsSource;
}

/** The page for `data`, drawn by `render(data, echarts, document, helpers)` (a function without outside references). */
export function page(title: string, data: unknown, render: (...args: never[]) => void): string {
  // "</" inside inline scripts would end them early.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body><div id="app"></div>
<script>${echarts()}</script>
<script id="data" type="application/json">${json}</script>
<script>(${render.toString()})(JSON.parse(document.getElementById('data').textContent), echarts, document, (${pageHelpers.toString()})(document));</script>
</body></html>
`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 20px 0 6px; }
.meta { color: #666; margin-bottom: 10px; }
.pass { color: #1a7f37; font-weight: 600; } .fail { color: #cf222e; font-weight: 600; } .skip { color: #9a6700; font-weight: 600; }
.chart { width: 100%; border: 1px solid #ddd; margin-bottom: 8px; }
table { border-collapse: collapse; font-size: 12px; } td, th { border-bottom: 1px solid #eee; padding: 2px 8px; text-align: left; }
.scroll { max-height: 420px; overflow: auto; border: 1px solid #ddd; }
code { background: #f4f4f4; padding: 0 4px; }
`;
