import { existsSync, mkdirSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { ROOT, sim } from './helpers/cli';

/**
 * The HTML reports opened in a real headless Chromium (Debian's package; CI installs it). The test
 * also makes the README's screenshots, so they show the current reports.
 */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const describeBrowser = CHROMIUM ? describe : describe.skip;
if (!CHROMIUM) console.warn('browser tests SKIPPED: no chromium (apt-get install -y chromium)');

describeBrowser('HTML reports in headless Chromium', () => {
  let browser: Browser;
  const out = mkdtempSync(join(tmpdir(), 'report-'));
  const docs = join(ROOT, 'docs');

  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => browser?.close());

  /** Open `file`, failing on any console error, page error or failed request. */
  async function open(file: string): Promise<Page> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => !r.url().startsWith('file:') && problems.push(`network access: ${r.url()}`));
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    expect(problems).toEqual([]);
    return page;
  }

  test('the fail-C report: 6 lanes, the crash span on C, the promotion mark on C1, a filterable event table', async () => {
    const dir = join(out, 'fail-C');
    expect(sim(['run', join(ROOT, 'scenarios', 'fail-C.yaml'), '--html', '--out', dir, '--quiet']).code).toBe(0);
    const page = await open(join(dir, 'report.html'));
    const drawn = await page.evaluate(() => {
      const w = globalThis as unknown as { echarts: { getInstanceByDom(e: unknown): { getOption(): { yAxis: { data: string[] }[]; series: { name: string; data: unknown[] }[] } } }; document: { getElementById(id: string): unknown } };
      const opt = w.echarts.getInstanceByDom(w.document.getElementById('timeline')).getOption();
      const series = (name: string) => opt.series.find((s) => s.name === name)?.data ?? [];
      return { lanes: opt.yAxis[0].data, faults: series('faults'), won: series('election_won') };
    });
    expect(drawn.lanes).toEqual(['A', 'B', 'C', 'A1', 'B1', 'C1']);
    expect(drawn.faults).toEqual([[2, 2, 10, 10, 'crash C']]);
    expect(drawn.won).toHaveLength(1);
    expect((drawn.won[0] as number[])[1]).toBe(5);
    await page.select('#fevent', 'election_won');
    const rows = await page.$$eval('#events tr', (trs) => trs.length);
    expect(rows).toBe(2);
    await page.select('#fevent', '');
    await page.screenshot({ path: join(docs, 'report-fail-C.png') });
  });

  test('a run with clients adds their writes per second: C\'s drop to nothing during the failover', async () => {
    const dir = join(out, 'fail-C-writes');
    expect(sim(['run', join(ROOT, 'scenarios', 'fail-C-writes.yaml'), '--html', '--out', dir, '--quiet']).code).toBe(0);
    const page = await open(join(dir, 'report.html'));
    const series = await page.evaluate(() => {
      const w = globalThis as unknown as { echarts: { getInstanceByDom(e: unknown): { getOption(): { series: { name: string; data: [number, number][] }[] } } }; document: { getElementById(id: string): unknown } };
      return w.echarts.getInstanceByDom(w.document.getElementById('clients')).getOption().series.map((x) => ({ name: x.name, data: x.data }));
    });
    expect(series.map((x) => x.name)).toEqual(['A ok', 'A failed or timed out', 'A p99', 'B ok', 'B failed or timed out', 'B p99', 'C ok', 'C failed or timed out', 'C p99']);
    const cOk = new Map((series.find((x) => x.name === 'C ok')?.data ?? []).map(([t, v]) => [t, v]));
    expect(cOk.get(12)).toBe(0);
    expect(cOk.get(25)).toBeGreaterThan(100);
    await (await page.$('#clients'))?.screenshot({ path: join(docs, 'report-fail-C-writes.png') });
  });

  test('the sweep report: a histogram per interval, no errors', async () => {
    const dir = join(out, 'sweep');
    sim(['sweep', join(ROOT, 'scenarios', 'fail-C.yaml'), '--seeds', '1-100', '--html', '--out', dir]);
    const page = await open(join(dir, 'report.html'));
    expect(await page.$$eval('.histogram', (e) => e.length)).toBe(6);
    await page.screenshot({ path: join(docs, 'sweep-histogram.png') });
  });
});
