/**
 * Installed in the app's page by the library benchmark (scripts/bench-library.ts, `addInitScript`), before the
 * app's own scripts run. It records long main-thread tasks and the moment the library table first shows its rows
 * after a navigation, and times an action (typing in the filter box, a click) in the page until the DOM shows its
 * result and until the next frame is drawn, so no Playwright round trip is counted.
 * Plain JavaScript on purpose: tsx wraps named functions of TypeScript in calls to a helper, `__name`, which the
 * steps the benchmark sends as source text would otherwise miss in the page; it is defined here (it only names).
 */
(() => {
  globalThis.__name ??= (f) => f;

  /** Every task over 50 ms on the main thread: { start, duration } in ms since the navigation started. */
  const longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });

  /**
   * IndexedDB requests the page makes (opening the database, getAll on a store): { what, start, end } in ms since
   * the navigation started, so the time to open can be split into its steps.
   */
  const idb = [];
  const track = (what, req) => {
    const rec = { what, start: performance.now(), end: null };
    idb.push(rec);
    req.addEventListener('success', () => (rec.end = performance.now()));
    return req;
  };
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...args) {
    return track(`open ${args[0]}`, open.apply(this, args));
  };
  const getAll = IDBObjectStore.prototype.getAll;
  IDBObjectStore.prototype.getAll = function (...args) {
    return track(`getAll ${this.name}`, getAll.apply(this, args));
  };
  const get = IDBObjectStore.prototype.get;
  IDBObjectStore.prototype.get = function (...args) {
    const req = get.apply(this, args);
    return this.name === 'meta' ? track(`get meta ${args[0]}`, req) : req;
  };

  /**
   * The end of the next frame: requestAnimationFrame runs before style, layout and paint; a message posted from it
   * is delivered after them.
   */
  function nextFrame() {
    return new Promise((resolve) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve(performance.now());
        ch.port2.postMessage(null);
      }),
    );
  }

  /**
   * Resolves when `check()` holds, tested after every change to the DOM and once after the current task (for an
   * action that leaves the DOM as it was): `{ dom, frame }`, the time the DOM got there and the end of the frame
   * that draws it. Observing starts now, so start it before the action.
   */
  function until(check, timeout = 120_000) {
    return new Promise((resolve, reject) => {
      let done = false;
      const test = () => {
        if (done || !check()) return;
        done = true;
        obs.disconnect();
        clearTimeout(timer);
        const dom = performance.now();
        nextFrame().then((frame) => resolve({ dom, frame }));
      };
      const obs = new MutationObserver(test);
      obs.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      const timer = setTimeout(() => {
        obs.disconnect();
        if (!done) reject(new Error(`not there after ${timeout} ms`));
      }, timeout);
      setTimeout(test, 0);
    });
  }

  const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

  /** The library table shows rows and a count other than 0 (`共 n 份`, or exactly `共 n 份` when n is given). */
  function libraryShown(n) {
    const count = $('library-count')?.textContent?.trim() ?? '';
    const ok = n === undefined ? /^共 [1-9]\d* 份$/.test(count) : count === `共 ${n} 份`;
    return ok && !!$('library-row');
  }

  let shown = null;
  // The first time the library shows after this navigation: time from the navigation's start.
  until(() => libraryShown()).then((t) => (shown = t), () => {});

  /** Longest task (ms) among those still running at or after `since`. */
  function longestSince(since) {
    let max = 0;
    for (const t of longtasks) if (t.start + t.duration >= since) max = Math.max(max, t.duration);
    return max;
  }

  /**
   * Run `act()` and time it until `check()` holds: `{ dom, frame }` in ms from just before the action, and the
   * longest task in that time (long tasks are reported a little later, hence the wait).
   */
  async function time(act, check) {
    const t0 = performance.now();
    const seen = until(check);
    act();
    const t = await seen;
    await new Promise((r) => setTimeout(r, 100));
    return { dom: t.dom - t0, frame: t.frame - t0, longtask: longestSince(t0) };
  }

  /**
   * How many reports the filters should leave, counted from the session's summaries on their own terms (the
   * office or file or year holds the text, the year is that year, failed checks or errors), and the text the
   * table's footer then reads.
   */
  function expectedFoot(f) {
    const all = globalThis.__nianbaoSession.summaries;
    const q = (f.text ?? '').trim().toLowerCase();
    let n = 0;
    for (const s of all) {
      if (q && !`${s.office ?? ''} ${s.file} ${s.year ?? ''}`.toLowerCase().includes(q)) continue;
      if (f.year != null && s.year !== f.year) continue;
      if (f.problems && !((s.checks?.failed ?? 0) > 0 || s.issues.error > 0)) continue;
      n++;
    }
    return { n, foot: `显示 ${n} 份${n !== all.length ? `（共 ${all.length} 份）` : ''}。` };
  }

  /** The table's footer reads `foot` and its first row (if any) satisfies `row(rowElement)`. */
  function tableShows(foot, row) {
    const f = document.querySelector('.library .foot')?.textContent ?? '';
    if (!f.startsWith(foot)) return false;
    const first = $('library-row');
    return foot.startsWith('显示 0 份') ? !first : !!first && (!row || row(first));
  }

  /** Filter state the benchmark applies, kept here so every step knows the others. */
  const filters = { text: '', year: null, problems: false };

  /** Type `text` into the search box (one input event, as one keystroke or a paste does). */
  function typeText(text) {
    filters.text = text;
    const { foot } = expectedFoot(filters);
    const q = text.trim().toLowerCase();
    const input = document.querySelector('.library input[type="search"]');
    return time(
      () => {
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      },
      () => tableShows(foot, (r) => !q || r.textContent.toLowerCase().includes(q) || (r.querySelector('.file')?.title ?? '').toLowerCase().includes(q)),
    );
  }

  /** Pick a year in the 年度 select (null: 全部年度). */
  function pickYear(year) {
    filters.year = year;
    const { foot } = expectedFoot(filters);
    const select = document.querySelector('.library select[aria-label="年度"]');
    const index = [...select.options].findIndex((o) => (year === null ? o.textContent === '全部年度' : o.textContent === String(year)));
    if (index < 0) throw new Error(`no option for ${year}`);
    return time(
      () => {
        select.selectedIndex = index;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      },
      () => tableShows(foot, (r) => year === null || r.querySelector('[data-testid="row-year"]')?.textContent === String(year)),
    );
  }

  /** Tick or untick 只看有问题的. */
  function setProblems(on) {
    filters.problems = on;
    const { foot } = expectedFoot(filters);
    const box = [...document.querySelectorAll('.library .filters label')].find((l) => l.textContent.includes('只看有问题的')).querySelector('input');
    if (box.checked === on) throw new Error('the checkbox is already so');
    return time(
      () => box.click(),
      () => tableShows(foot, (r) => !on || !!r.querySelector('[data-testid="row-checks"].bad, [data-testid="row-issues"] .bad')),
    );
  }

  /**
   * Click a column header (`label`, e.g. 机关名称) and time until it reads sorted (`aria-sort` changed) and the first
   * row fits: for 机关名称, no office of the library (filters off) comes before it in the Chinese collation (after
   * it, descending); for 年度, it holds the latest year. Other columns: `aria-sort` only.
   */
  function sortBy(label) {
    const head = [...document.querySelectorAll('.library [role="columnheader"]')].find((h) => h.textContent.startsWith(label));
    const before = head.getAttribute('aria-sort');
    const after = before === 'ascending' ? 'descending' : before === 'descending' ? 'ascending' : null;
    const all = globalThis.__nianbaoSession.summaries;
    const zh = new Intl.Collator('zh-CN');
    const offices = [...new Set(all.map((x) => x.office).filter((o) => o !== null))];
    const latest = Math.max(...all.map((x) => x.year ?? -Infinity));
    const fits = (row, order) => {
      if (label === '年度') return order !== 'descending' || row.querySelector('[data-testid="row-year"]').textContent === String(latest);
      if (label !== '机关名称') return true;
      const first = row.querySelector('[data-testid="row-office"]').textContent;
      return offices.every((o) => (order === 'ascending' ? zh.compare(first, o) <= 0 : zh.compare(first, o) >= 0));
    };
    return time(
      () => head.querySelector('button').click(),
      () => {
        const now = head.getAttribute('aria-sort');
        const row = $('library-row');
        return now !== before && (after === null || now === after) && !!row && fits(row, now);
      },
    );
  }

  /** How many reports of the library have the office `name`. */
  const officeCount = (name) => globalThis.__nianbaoSession.summaries.filter((x) => x.office === name).length;

  /** Click a link of the main navigation (报告库, 比较分析) and time until the library shows all `n` reports. */
  function navToLibrary(n) {
    const link = [...document.querySelectorAll('nav a')].find((a) => a.textContent === '报告库');
    return time(
      () => link.click(),
      () => libraryShown(n),
    );
  }

  /** On a connection of our own, delete a record of the `meta` store (`del`), or say whether it is there. */
  function meta(dbName, key, del) {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(dbName);
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction('meta', del ? 'readwrite' : 'readonly');
        const r = del ? tx.objectStore('meta').delete(key) : tx.objectStore('meta').getKey(key);
        tx.oncomplete = () => {
          db.close();
          resolve(del ? true : r.result !== undefined);
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  }
  const deleteMeta = (dbName, key) => meta(dbName, key, true);

  /** Read every stored summary with one getAll on a connection of our own, and decode their values (JSON). */
  function readSummaries(dbName) {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(dbName);
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const t0 = performance.now();
        const get = db.transaction('summaries', 'readonly').objectStore('summaries').getAll();
        get.onerror = () => reject(get.error);
        get.onsuccess = () => {
          const read = performance.now() - t0;
          for (const s of get.result) JSON.parse(s.values);
          const decoded = performance.now() - t0;
          db.close();
          resolve({ n: get.result.length, read, decoded });
        };
      };
    });
  }

  /**
   * Change the library as a user would: give `n` reports (every 97th of the table's order, from `from`) the office
   * name `name` (统一机关名称), or back to the parsed name with null. Resolves when stored.
   */
  function renameOffices(n, from, name) {
    const s = globalThis.__nianbaoSession;
    const ids = [];
    for (let i = from; ids.length < n; i += 97) ids.push(s.summaries[i % s.summaries.length].id);
    return s.mergeOffices(ids, name).then(() => ids.length);
  }

  globalThis.__bench = {
    longtasks,
    idb,
    open: () => shown,
    nextFrame,
    until,
    time,
    longestSince,
    libraryShown,
    expectedFoot,
    filters,
    typeText,
    pickYear,
    setProblems,
    sortBy,
    navToLibrary,
    readSummaries,
    deleteMeta,
    renameOffices,
    officeCount,
  };
})();
